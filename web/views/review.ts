// The review page: the queue of flagged values on the left, the selected value on the right
// (evidence highlighted in its paragraph, page image, reasons, readings, decision buttons).
// The pane is also served alone (GET /review/values/:id/pane) so review.js swaps it in when
// the reviewer moves through the queue: one renderer for both.
import type { ConflictError } from '../../db/decisions.ts';
import type { ReportCopy } from '../../db/one-report.ts';
import type { Remark } from '../../db/uploads.ts';
import type { QueueItem, ValueDetail } from '../../db/review-queue.ts';
import type { AppUser } from '../../db/users.ts';
import type { FlagReason, Qualifier } from '../../extractors/types.ts';
import type { EvidenceContext } from '../evidence-context.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import { localTime } from '../../shared/local-time.ts';
import { can } from '../permissions.ts';
import { provinces } from '../../extractors/catalogue.ts';
import { fileKind, groupText, num, option, periodName } from './analyst.ts';

export interface QueueFilterValues {
  province?: string;
  period?: string;
  group?: string;
  reason?: string;
}

export interface FilterChoices {
  provinces: { code: string; name: string }[];
  groups: string[];
}

/** Why a page image cannot be shown, worded by the catalogue. */
export type NoImage = { note: 'noStore' } | { note: 'docx' };

export interface PaneView {
  detail: ValueDetail;
  context: EvidenceContext;
  canDecide: boolean;
  /** URL of the page image, or why there is none. */
  pageImage: { url: string } | NoImage;
  /** Every copy of the value's report (its DOCX and its PDF, say), its own document included. */
  copies: ReportCopy[];
  /** The province's submitter marked the value misread: the number they read and why. */
  remarks: Remark[];
}

export function reasonText(t: Messages, code: string): string {
  return (t.reasons as Record<string, string>)[code] ?? code;
}

function reasonCodes(t: Messages): FlagReason[] {
  return Object.keys(t.reasons) as FlagReason[];
}

function query(filters: QueueFilterValues, value?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (value !== undefined) params.set('value', String(value));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function filterForm(t: Messages, filters: QueueFilterValues, choices: FilterChoices): Html {
  const f = t.review.filters;
  return html`<form class="filters" method="get" action="/review">
  <select name="province" aria-label="${f.province}">${option('', f.allProvinces, filters.province)}${choices.provinces.map((p) => option(p.code, `${p.code} ${p.name}`, filters.province))}</select>
  <input name="period" placeholder="${t.periods.placeholder}" aria-label="${f.period}" value="${filters.period ?? ''}" size="12">
  <select name="group" aria-label="${f.group}">${option('', f.allGroups, filters.group)}${choices.groups.map((g) => option(g, groupText(t, g), filters.group))}</select>
  <select name="reason" aria-label="${f.reason}">${option('', f.allReasons, filters.reason)}${reasonCodes(t).map((r) => option(r, reasonText(t, r), filters.reason))}</select>
  <button type="submit" class="button-quiet">${t.common.filter}</button>
</form>`;
}

export function queueList(t: Messages, items: QueueItem[], selected: number | null, filters: QueueFilterValues): Html {
  if (items.length === 0) return html`<p class="empty" id="queue-empty">${t.review.queueEmpty}</p>`;
  return html`<ol class="queue-list" id="queue">${items.map(
    (item) => html`<li data-id="${item.id}"${item.id === selected ? html` aria-current="true"` : null}>
  <a href="/review${query(filters, item.id)}">
    <span class="q-line"><span class="q-ind">${item.indicator}</span><span class="q-val">${num(item.value)} ${item.unit}</span></span>
    <span class="q-line q-where"><span>${item.provinceCode ?? '?'} ${item.province ?? ''} · ${item.periodKey ?? '?'}</span><span title="${item.document}" translate="no">${fileKind(item.document)} ${t.review.pageShort(item.page)}</span></span>
    <span class="q-line q-reasons">${[...(item.remarked ? [t.submit.remarksTitle] : []), ...item.reasons.map((r) => reasonText(t, r))].join(' · ')}</span>
  </a>
</li>`,
  )}</ol>`;
}

/** "80 Tây Ninh": a province code with its name from the catalogue. */
function provinceName(code: string): string {
  const p = provinces().find((x) => x.code === code);
  return p ? `${code} ${p.shortName}` : code;
}

function readings(t: Messages, detail: ValueDetail): Html {
  if (detail.alternatives.length === 0) return html`<p class="muted">${t.review.oneReading(t.extractor[detail.extractor])}</p>`;
  const rows = [
    { value: detail.value, extractor: detail.extractor, page: detail.page, evidence: detail.evidence, lead: true },
    ...detail.alternatives.map((a) => ({ ...a, lead: false })),
  ];
  const h = t.review.readingsHead;
  return html`<table class="readings">
  <thead><tr><th>${h.value}</th><th>${h.by}</th><th>${h.page}</th><th>${h.evidence}</th></tr></thead>
  <tbody>${rows.map(
    (r) =>
      html`<tr${r.lead ? html` class="lead"` : null}><td class="num">${num(r.value)}</td><td>${t.extractor[r.extractor]}${r.lead ? ` ${t.review.proposed}` : ''}</td><td>${r.page}</td><td>${r.evidence}</td></tr>`,
  )}</tbody>
</table>${detail.otherReadings > 0 ? html`<p class="muted" id="other-readings">and ${detail.otherReadings.toLocaleString('vi-VN')} other readings of this value in the document, not listed.</p>` : null}`;
}

export function highlighted(context: EvidenceContext): Html {
  const { text, start, end } = context;
  return html`<blockquote class="context">${text.slice(0, start)}<mark>${text.slice(start, end)}</mark>${text.slice(end)}</blockquote>`;
}

function published(t: Messages, detail: ValueDetail): Html | null {
  const p = detail.published;
  const r = t.review;
  if (!p)
    return html`<p class="muted">${r.nothingPublished(`${detail.document.provinceCode ?? '?'} · ${detail.document.periodKey ?? '?'} · ${detail.indicator.id}`)}</p>`;
  if (p.fromThisValue)
    return html`<p>${r.publishedFromThis} <strong>${num(p.value)} ${p.unit}</strong>${p.decidedBy ? html` ${r.decidedBy(p.decidedBy)}` : null}.</p>`;
  return html`<p class="notice">${r.publishedElsewhere(p.documentId)} <strong>${num(p.value)} ${p.unit}</strong>, ${p.decidedBy ? r.elsewhereDecided(p.decidedBy) : r.elsewhereAuto}. ${r.replaces}</p>`;
}

/** The province's earlier value a history check compared this one with. */
function earlierValue(t: Messages, detail: ValueDetail): Html | null {
  const e = detail.earlier;
  if (!e) return null;
  const period = periodName(t, { key: e.periodKey, label: null });
  const from = e.documentId !== null ? html` (<a href="/documents/${e.documentId}" translate="no">${t.review.documentTitle(e.documentId)}</a>)` : null;
  return html`<p class="notice" id="earlier-value">${t.review.earlierValue(period)} <strong>${num(e.value)} ${e.unit}</strong>${from}.</p>`;
}

function history(t: Messages, detail: ValueDetail, copies: ReportCopy[]): Html | null {
  if (detail.decisions.length === 0) return null;
  const onCopy = (d: ValueDetail['decisions'][number]) => {
    if (d.copyOfDecisionId === null) return null;
    const others = copies.filter((c) => c.id !== detail.document.id).map((c) => fileKind(c.name, c.mediaType));
    return html` <span class="muted">(${t.review.decidedOnCopy(others.join(', ') || `#${d.copyOfDecisionId}`)})</span>`;
  };
  return html`<section><h3>${t.review.decisions}</h3><ol class="history" id="decision-history">${detail.decisions.map(
    (d) =>
      html`<li><strong translate="no">${d.reviewer}</strong> ${t.decisionDone[d.action]}${d.action === 'correct' ? html` ${num(d.oldValue)} → ${num(d.newValue)}` : null} · ${localTime(d.decidedAt)}${onCopy(d)}${d.comment ? html`<br><span class="muted">“${d.comment}”</span>` : null}</li>`,
  )}</ol></section>`;
}

/** What the province's submitter said of the value: beside it, for the reviewer to weigh; it changed nothing. */
function provinceRemarks(t: Messages, remarks: Remark[]): Html | null {
  if (remarks.length === 0) return null;
  const s = t.submit;
  return html`<section id="province-remarks"><h3>${s.remarksTitle}</h3><ul class="remarks">${remarks.map(
    (r) =>
      html`<li class="remark">${s.remarkForReviewer(r.author, localTime(r.createdAt))} <strong class="remark-value" title="${s.remarkValue}">${num(r.proposedValue)}</strong> · “${r.comment}”</li>`,
  )}</ul></section>`;
}

/** The other copies of the report: "also received as PDF (#12)". */
function copiesNote(t: Messages, view: PaneView): Html | null {
  const others = view.copies.filter((c) => c.id !== view.detail.document.id);
  if (others.length === 0) return null;
  const links = others.map((c, i) => html`${i > 0 ? ', ' : ''}<a href="/documents/${c.id}" title="${c.name}">${fileKind(c.name, c.mediaType)} (#${c.id})</a>`);
  return html`<p class="copies muted" id="report-copies">${t.review.alsoReceived} ${links}</p>`;
}

/**
 * Why a decision was refused (409), worded as the history beside it words decisions and with
 * the same local time, so the reviewer finds the decision that came first in the list.
 */
export function conflictMessage(t: Messages, error: ConflictError): string {
  const d = t.errors.decision;
  if (error.reason === 'superseded') return d.superseded;
  const last = error.current.lastDecision;
  if (!last) return d.changed(t.valueStatus[error.current.status]);
  const what = last.action === 'correct' ? d.correctedTo(num(last.newValue)) : t.decisionDone[last.action];
  return d.decidedFirst(last.reviewer, what, localTime(last.decidedAt));
}

function decisionForm(t: Messages, detail: ValueDetail): Html {
  const r = t.review;
  const again = detail.status !== 'flagged' && detail.status !== 'auto_accepted';
  return html`<form class="decide" id="decide" data-value-id="${detail.id}" data-indicator="${detail.indicator.id}" data-document="${detail.document.name}" data-status="${detail.version.status}" data-last-decision="${detail.version.lastDecisionId ?? ''}">
  ${again ? html`<p class="muted">${r.again(t.valueStatus[detail.status])}</p>` : null}
  <div class="decide-fields">
    <label class="decide-value">${r.correctedValue(detail.indicator.unit)}
      <input name="value" id="correct-value" inputmode="decimal" autocomplete="off" placeholder="${r.placeholder(detail.indicator.kind === 'money')}">
    </label>
    <label class="decide-comment">${r.comment} <input name="comment" id="decision-comment" autocomplete="off" maxlength="2000"></label>
  </div>
  <div class="buttons">
    <button type="button" data-action="approve" class="button-approve">${r.approve} <kbd>a</kbd></button>
    <button type="button" data-action="correct" class="button-correct">${r.correct} <kbd>c</kbd></button>
    <button type="button" data-action="reject" class="button-reject">${r.reject} <kbd>r</kbd></button>
  </div>
  <p class="message" id="decision-message" role="status" aria-live="polite"></p>
</form>`;
}

export function valuePane(t: Messages, view: PaneView): Html {
  const { detail, context } = view;
  const r = t.review;
  const doc = detail.document;
  const image =
    'url' in view.pageImage
      ? html`<figure class="page-image"><a href="${view.pageImage.url}" target="_blank" rel="noopener"><img src="${view.pageImage.url}" alt="${r.pageImageAlt(detail.page, doc.name)}" loading="lazy"></a><figcaption>${r.pageImageAlt(detail.page, doc.name)}</figcaption></figure>`
      : html`<div class="page-image page-image-none"><p class="muted">${t.errors.pageImage[view.pageImage.note]}</p></div>`;
  const action = !detail.isCurrent
    ? html`<p class="notice">${r.superseded}</p>`
    : view.canDecide
      ? decisionForm(t, detail)
      : html`<p class="muted">${r.readOnly}</p>`;
  const name = t.meta.locale === 'en' ? detail.indicator.nameEn : detail.indicator.name;
  const qualifier = detail.qualifier ? ((t.qualifier as Record<string, string>)[detail.qualifier as Qualifier] ?? detail.qualifier) : null;
  return html`<article class="pane" data-value-id="${detail.id}" data-document-id="${doc.id}">
  <header class="pane-head">
    <h2><span class="ind-id">${detail.indicator.id}</span> ${name}</h2>
    <p class="meta">${doc.provinceCode ?? '?'} ${doc.province ?? ''} · ${periodName(t, doc.periodKey ? { key: doc.periodKey, label: doc.periodLabel } : null)} · <a href="/documents/${doc.id}" title="${r.documentTitle(doc.id)}" translate="no">${doc.name}</a>, ${t.common.page(detail.page)}</p>
    ${copiesNote(t, view)}
    ${
      doc.provinceConflict
        ? html`<p class="notice notice-warn" id="province-conflict">${
            doc.provinceConflict.kind === 'source'
              ? r.provinceConflictSource(
                  `${doc.provinceCode ?? '?'} ${doc.province ?? ''}`.trim(),
                  doc.provinceConflict.others.map(provinceName).join(', '),
                  doc.provinceConflict.evidence,
                )
              : r.provinceConflictHeader(
                  `${doc.provinceCode ?? '?'} ${doc.province ?? ''}`.trim(),
                  doc.provinceConflict.others.map(provinceName).join(', '),
                  doc.provinceConflict.evidence,
                )
          } ${r.provinceConflictHold(doc.provinceCode ?? '?')}</p>`
        : null
    }
  </header>
  <div class="pane-grid">
    <div class="pane-main">
      <p class="proposed">
        <strong class="value">${num(detail.value)}</strong> <span class="unit">${detail.unit}</span>
        ${qualifier ? html`<span class="qualifier">${qualifier}</span>` : null}
        <span class="status status-${detail.status}" id="value-status" data-status="${detail.status}">${t.valueStatus[detail.status]}</span>
        <span class="muted">${r.confidence(t.extractor[detail.extractor], detail.confidence.toFixed(2).replace('.', ','))}</span>
      </p>
      <ul class="reasons">${detail.reasons.map((code) => html`<li class="chip" data-reason="${code}">${reasonText(t, code)}</li>`)}</ul>
      ${provinceRemarks(t, view.remarks)}
      ${earlierValue(t, detail)}
      ${action}
      <section>
        <h3>${r.evidence}${context.page !== null ? html` <span class="muted">${t.common.page(context.page)}</span>` : null}</h3>
        ${highlighted(context)}
        ${context.source === 'evidence' ? html`<p class="muted">${r.contextMissing}</p>` : null}
      </section>
      <section><h3>${r.readings}</h3>${readings(t, detail)}</section>
      <section id="publication"><h3>${r.publication}</h3>${published(t, detail)}</section>
      ${history(t, detail, view.copies)}
    </div>
    ${image}
  </div>
</article>`;
}

export interface ReviewPageView {
  t: Messages;
  user: AppUser;
  csrf: string;
  items: QueueItem[];
  total: number;
  filters: QueueFilterValues;
  choices: FilterChoices;
  pane: PaneView | null;
}

/** The detail pane when the queue is empty: why, rather than an invitation to pick from nothing. */
function nothingToReview(view: ReviewPageView): Html {
  const r = view.t.review;
  const say = (title: string, text: Html | string) => html`<div class="empty-state" id="detail-empty"><h2>${title}</h2><p>${text}</p></div>`;
  if (Object.values(view.filters).some(Boolean)) return say(r.nothingMatches, html`${r.nothingMatchesText} <a href="/review">${r.wholeQueue}</a>.`);
  if (view.user.role !== 'reviewer') return say(r.emptyTitle, r.emptyAll);
  if (view.choices.provinces.length === 0) return say(r.noProvincesTitle, r.noProvincesText);
  return say(r.emptyTitle, r.emptyMine(view.choices.provinces.map((p) => `${p.code} ${p.name}`).join(', ')));
}

export function reviewPage(view: ReviewPageView): string {
  const { t } = view;
  const r = t.review;
  const selected = view.pane?.detail.id ?? null;
  // Only reviewers decide: the others move through the queue and read.
  const keys = can(view.user, 'review.decide')
    ? html`<kbd>j</kbd>/<kbd>k</kbd> ${r.keys} · <kbd>a</kbd> ${r.keyApprove} · <kbd>c</kbd> ${r.keyCorrect} · <kbd>r</kbd> ${r.keyReject}`
    : html`<kbd>j</kbd>/<kbd>k</kbd> ${r.keys}`;
  const body = html`<div class="review">
  <aside class="queue" aria-label="${r.queue}">
    ${filterForm(t, view.filters, view.choices)}
    <p class="queue-count"><span id="queue-count">${view.total}</span> ${r.waiting}${view.items.length < view.total ? html` ${r.oldestShown(view.items.length)}` : null}</p>
    <p class="flash" id="flash" role="status" aria-live="polite"></p>
    ${queueList(t, view.items, selected, view.filters)}
    <p class="keys muted">${keys}</p>
  </aside>
  <section class="detail" id="detail" aria-live="polite">
    ${view.pane ? valuePane(t, view.pane) : view.items.length === 0 ? nothingToReview(view) : html`<p class="empty">${r.select}</p>`}
  </section>
</div>`;
  return page({
    t,
    title: r.title,
    user: view.user,
    body,
    csrf: view.csrf,
    active: '/review',
    scripts: ['review.js'],
    scriptData: { messages: t.client },
    mainClass: 'full',
  });
}
