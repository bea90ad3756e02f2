// The review page: the queue of flagged values on the left, the selected value on the right
// (evidence highlighted in its paragraph, page image, reasons, readings, decision buttons).
// The pane is also served alone (GET /review/values/:id/pane) so review.js swaps it in when
// the reviewer moves through the queue: one renderer for both.
import { formatVi } from '../../cli/format.ts';
import type { ConflictError } from '../../db/decisions.ts';
import type { QueueItem, ValueDetail } from '../../db/review-queue.ts';
import type { AppUser } from '../../db/users.ts';
import type { EvidenceContext } from '../evidence-context.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import { localTime } from '../local-time.ts';
import { can } from '../permissions.ts';
import { REASONS, reasonText } from './reasons.ts';
import { provinces } from '../../extractors/catalogue.ts';

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

export interface PaneView {
  detail: ValueDetail;
  context: EvidenceContext;
  canDecide: boolean;
  /** URL of the page image, or null with a note saying why there is none. */
  pageImage: { url: string } | { note: string };
}

const QUALIFIER_TEXT: Record<string, string> = {
  approx_below: 'nearly (gần)',
  over: 'over (hơn, trên)',
  about: 'about (khoảng)',
  estimate: 'estimate (ước)',
  cumulative: 'cumulative (lũy kế)',
  stock: 'stock (hiện có)',
};

const ACTION_TEXT = { approve: 'approved', correct: 'corrected', reject: 'rejected' } as const;

function num(value: string | null): string {
  return value === null ? '—' : formatVi(value);
}

function query(filters: QueueFilterValues, value?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (value !== undefined) params.set('value', String(value));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : null}>${label}</option>`;
}

function filterForm(filters: QueueFilterValues, choices: FilterChoices): Html {
  return html`<form class="filters" method="get" action="/review">
  <select name="province" aria-label="Province">${option('', 'All provinces', filters.province)}${choices.provinces.map((p) => option(p.code, `${p.code} ${p.name}`, filters.province))}</select>
  <input name="period" placeholder="Period, e.g. 2025-H1" aria-label="Period" value="${filters.period ?? ''}" size="10">
  <select name="group" aria-label="Indicator group">${option('', 'All groups', filters.group)}${choices.groups.map((g) => option(g, g, filters.group))}</select>
  <select name="reason" aria-label="Reason">${option('', 'All reasons', filters.reason)}${REASONS.map((r) => option(r, reasonText(r), filters.reason))}</select>
  <button type="submit" class="button-quiet">Filter</button>
</form>`;
}

/** "PDF", "DOCX": the two readings of one report are told apart at a glance. */
function fileKind(name: string): string {
  return /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase() ?? 'file';
}

export function queueList(items: QueueItem[], selected: number | null, filters: QueueFilterValues): Html {
  if (items.length === 0) return html`<p class="empty" id="queue-empty">Nothing waits for review here.</p>`;
  return html`<ol class="queue-list" id="queue">${items.map(
    (item) => html`<li data-id="${item.id}"${item.id === selected ? html` aria-current="true"` : null}>
  <a href="/review${query(filters, item.id)}">
    <span class="q-line"><span class="q-ind">${item.indicator}</span><span class="q-val">${num(item.value)} ${item.unit}</span></span>
    <span class="q-line q-where"><span>${item.provinceCode ?? '?'} ${item.province ?? ''} · ${item.periodKey ?? '?'}</span><span title="${item.document}">${fileKind(item.document)} p. ${item.page}</span></span>
    <span class="q-line q-reasons">${item.reasons.map(reasonText).join(' · ')}</span>
  </a>
</li>`,
  )}</ol>`;
}

/** "80 Tây Ninh": a province code with its name from the catalogue. */
function provinceName(code: string): string {
  const p = provinces().find((x) => x.code === code);
  return p ? `${code} ${p.shortName}` : code;
}

function readings(detail: ValueDetail): Html {
  if (detail.alternatives.length === 0) return html`<p class="muted">One reading only (${detail.extractor}); no other candidate was found.</p>`;
  const rows = [
    { value: detail.value, extractor: detail.extractor, page: detail.page, evidence: detail.evidence, lead: true },
    ...detail.alternatives.map((a) => ({ ...a, lead: false })),
  ];
  return html`<table class="readings">
  <thead><tr><th>Value</th><th>By</th><th>Page</th><th>Evidence</th></tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr${r.lead ? html` class="lead"` : null}><td class="num">${num(r.value)}</td><td>${r.extractor}${r.lead ? ' (proposed)' : ''}</td><td>${r.page}</td><td>${r.evidence}</td></tr>`,
  )}</tbody>
</table>${detail.otherReadings > 0 ? html`<p class="muted" id="other-readings">and ${detail.otherReadings.toLocaleString('vi-VN')} other readings of this value in the document, not listed.</p>` : null}`;
}

function highlighted(context: EvidenceContext): Html {
  const { text, start, end } = context;
  return html`<blockquote class="context">${text.slice(0, start)}<mark>${text.slice(start, end)}</mark>${text.slice(end)}</blockquote>`;
}

function published(detail: ValueDetail): Html | null {
  const p = detail.published;
  if (!p) return html`<p class="muted">Nothing is published for ${detail.document.provinceCode ?? '?'} · ${detail.document.periodKey ?? '?'} · ${detail.indicator.id} yet.</p>`;
  if (p.fromThisValue) return html`<p>Published from this value: <strong>${num(p.value)} ${p.unit}</strong>${p.decidedBy ? html` (decided by ${p.decidedBy})` : null}.</p>`;
  return html`<p class="notice">Published now from another document (#${p.documentId}): <strong>${num(p.value)} ${p.unit}</strong>${p.decidedBy ? html`, decided by ${p.decidedBy}` : html`, accepted automatically`}. Approving or correcting this value replaces it.</p>`;
}

function history(detail: ValueDetail): Html | null {
  if (detail.decisions.length === 0) return null;
  return html`<section><h3>Decisions</h3><ol class="history" id="decision-history">${detail.decisions.map(
    (d) => html`<li><strong>${d.reviewer}</strong> ${ACTION_TEXT[d.action]}${d.action === 'correct' ? html` ${num(d.oldValue)} → ${num(d.newValue)}` : null} · ${localTime(d.decidedAt)}${d.comment ? html`<br><span class="muted">“${d.comment}”</span>` : null}</li>`,
  )}</ol></section>`;
}

/**
 * Why a decision was refused (409), worded as the history beside it words decisions and with
 * the same local time, so the reviewer finds the decision that came first in the list.
 */
export function conflictMessage(error: ConflictError): string {
  if (error.reason === 'superseded') return 'a re-run has replaced the extraction this value belongs to; reload the queue';
  const last = error.current.lastDecision;
  if (!last) return `this value changed after you opened it: it is now ${error.current.status}`;
  const what = last.action === 'correct' ? `corrected it to ${num(last.newValue)}` : `${ACTION_TEXT[last.action]} it`;
  return `${last.reviewer} ${what} first, at ${localTime(last.decidedAt)}`;
}

function decisionForm(detail: ValueDetail): Html {
  const again = detail.status !== 'flagged' && detail.status !== 'auto_accepted';
  return html`<form class="decide" id="decide" data-value-id="${detail.id}" data-indicator="${detail.indicator.id}" data-document="${detail.document.name}" data-status="${detail.version.status}" data-last-decision="${detail.version.lastDecisionId ?? ''}">
  ${again ? html`<p class="muted">Already ${detail.status}; a new decision replaces it.</p>` : null}
  <div class="decide-fields">
    <label class="decide-value">Corrected value (${detail.indicator.unit})
      <input name="value" id="correct-value" inputmode="decimal" autocomplete="off" placeholder="1.204 or 42,5${detail.indicator.kind === 'money' ? ' or 14,2 tỷ' : ''}">
    </label>
    <label class="decide-comment">Comment <input name="comment" id="decision-comment" autocomplete="off" maxlength="2000"></label>
  </div>
  <div class="buttons">
    <button type="button" data-action="approve" class="button-approve">Approve <kbd>a</kbd></button>
    <button type="button" data-action="correct" class="button-correct">Correct <kbd>c</kbd></button>
    <button type="button" data-action="reject" class="button-reject">Reject <kbd>r</kbd></button>
  </div>
  <p class="message" id="decision-message" role="status" aria-live="polite"></p>
</form>`;
}

export function valuePane(view: PaneView): Html {
  const { detail, context } = view;
  const doc = detail.document;
  const image =
    'url' in view.pageImage
      ? html`<figure class="page-image"><a href="${view.pageImage.url}" target="_blank" rel="noopener"><img src="${view.pageImage.url}" alt="Page ${detail.page} of ${doc.name}" loading="lazy"></a><figcaption>Page ${detail.page} of ${doc.name}</figcaption></figure>`
      : html`<div class="page-image page-image-none"><p class="muted">${view.pageImage.note}</p></div>`;
  const action = !detail.isCurrent
    ? html`<p class="notice">This value belongs to an extraction that a re-run has replaced; it can no longer be decided.</p>`
    : view.canDecide
      ? decisionForm(detail)
      : html`<p class="muted">You can read this value; deciding it is for the province's reviewers.</p>`;
  return html`<article class="pane" data-value-id="${detail.id}" data-document-id="${doc.id}">
  <header class="pane-head">
    <h2><span class="ind-id">${detail.indicator.id}</span> ${detail.indicator.name}</h2>
    <p class="meta">${doc.provinceCode ?? '?'} ${doc.province ?? ''} · ${doc.periodLabel ?? doc.periodKey ?? 'period unknown'} · <span title="document #${doc.id}">${doc.name}</span>, page ${detail.page}</p>
    ${
      doc.provinceConflict
        ? html`<p class="notice notice-warn" id="province-conflict">${
            doc.provinceConflict.kind === 'source'
              ? html`Its content says province <strong>${doc.provinceCode ?? '?'} ${doc.province ?? ''}</strong>; it came from a source of province <strong>${doc.provinceConflict.others.map(provinceName).join(', ')}</strong> (${doc.provinceConflict.evidence}).`
              : html`Its header names provinces <strong>${doc.provinceCode ?? '?'} ${doc.province ?? ''}</strong> and <strong>${doc.provinceConflict.others.map(provinceName).join(', ')}</strong> (${doc.provinceConflict.evidence}).`
          } Nothing of it is published until it is decided here; approving publishes it for ${doc.provinceCode ?? '?'}.</p>`
        : null
    }
  </header>
  <div class="pane-grid">
    <div class="pane-main">
      <p class="proposed">
        <strong class="value">${num(detail.value)}</strong> <span class="unit">${detail.unit}</span>
        ${detail.qualifier ? html`<span class="qualifier">${QUALIFIER_TEXT[detail.qualifier] ?? detail.qualifier}</span>` : null}
        <span class="status status-${detail.status}" id="value-status" data-status="${detail.status}">${detail.status}</span>
        <span class="muted">${detail.extractor}, confidence ${detail.confidence.toFixed(2)}</span>
      </p>
      <ul class="reasons">${detail.reasons.map((r) => html`<li class="chip" title="${r}">${reasonText(r)}</li>`)}</ul>
      ${action}
      <section>
        <h3>Evidence${context.page !== null ? html` <span class="muted">page ${context.page}</span>` : null}</h3>
        ${highlighted(context)}
        ${context.source === 'evidence' ? html`<p class="muted">The surrounding text is not available; this is the quote as stored.</p>` : null}
      </section>
      <section><h3>Readings</h3>${readings(detail)}</section>
      <section id="publication"><h3>Publication</h3>${published(detail)}</section>
      ${history(detail)}
    </div>
    ${image}
  </div>
</article>`;
}

export interface ReviewPageView {
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
  const say = (title: string, text: Html | string) => html`<div class="empty-state" id="detail-empty"><h2>${title}</h2><p>${text}</p></div>`;
  if (Object.values(view.filters).some(Boolean)) return say('Nothing matches', html`No flagged value matches these filters. <a href="/review">See the whole queue</a>.`);
  if (view.user.role !== 'reviewer') return say('The queue is empty', 'Nothing awaits review: every value of the current runs is accepted or decided.');
  if (view.choices.provinces.length === 0) return say('No provinces yet', 'No province is assigned to you, so nothing awaits your review; an administrator assigns them.');
  return say('The queue is empty', `Nothing awaits review for your provinces (${view.choices.provinces.map((p) => `${p.code} ${p.name}`).join(', ')}).`);
}

export function reviewPage(view: ReviewPageView): string {
  const selected = view.pane?.detail.id ?? null;
  // Only reviewers decide: the others move through the queue and read.
  const keys = can(view.user, 'review.decide')
    ? html`<kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> approve · <kbd>c</kbd> correct · <kbd>r</kbd> reject`
    : html`<kbd>j</kbd>/<kbd>k</kbd> move`;
  const body = html`<div class="review">
  <aside class="queue" aria-label="Review queue">
    ${filterForm(view.filters, view.choices)}
    <p class="queue-count"><span id="queue-count">${view.total}</span> waiting${view.items.length < view.total ? html` (oldest ${view.items.length} shown)` : null}</p>
    <p class="flash" id="flash" role="status" aria-live="polite"></p>
    ${queueList(view.items, selected, view.filters)}
    <p class="keys muted">${keys}</p>
  </aside>
  <section class="detail" id="detail" aria-live="polite">
    ${view.pane ? valuePane(view.pane) : view.items.length === 0 ? nothingToReview(view) : html`<p class="empty">Select a value in the queue.</p>`}
  </section>
</div>`;
  return page({ title: 'Review', user: view.user, body, csrf: view.csrf, active: '/review', scripts: ['review.js'], mainClass: 'full' });
}
