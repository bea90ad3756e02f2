// /documents: the stored reports with their state and runs, filters, and a re-run of a
// selection; /documents/:id: one report's metadata, its file, the other copies of the same
// report or the version it replaces (with the differences), its runs, two runs compared side
// by side, and a re-run of it.
import type { ReportCopy } from '../../db/one-report.ts';
import type { AppUser } from '../../db/users.ts';
import type { StoredValue } from '../../db/values.ts';
import { DOCUMENT_TYPES, type DocumentType } from '../../extractors/document-types.ts';
import type { ReportKind } from '../../extractors/types.ts';
import type { DocumentFacts, DocumentListItem, RunSummary } from '../../db/analyst-queries.ts';
import { html, type Html } from '../../shared/html.ts';
import type { Messages } from '../i18n/index.ts';
import { page } from '../layout.ts';
import type { RunDiff } from '../run-diff.ts';
import {
  breadcrumbs,
  bytes,
  day,
  documentStatusBadge,
  fileKind,
  groupText,
  nameOf,
  notice,
  num,
  option,
  periodName,
  queryString,
  valueStatusBadge,
  when,
} from './analyst.ts';

/** What a re-run came to, carried to the page after the redirect (POST, then GET). */
export interface RerunNotice {
  rerun?: 'done' | 'started';
  selected?: number;
  extracted?: number;
  failed?: number;
  skipped?: number;
  workflow?: string;
}

function rerunNotice(t: Messages, n: RerunNotice): Html | null {
  const x = t.documents;
  if (n.rerun === 'started') return notice('info', x.rerunStarted(n.workflow ?? '?'), 'rerun-notice');
  if (n.rerun === 'done') {
    const failed = n.failed ?? 0;
    const text = html`${x.rerunDone(n.selected ?? 0, n.extracted ?? 0)}${failed > 0 ? html`, <strong>${x.rerunFailed(failed)}</strong>` : null}${(n.skipped ?? 0) > 0 ? html`, ${x.rerunSkipped(n.skipped!)}` : null}.`;
    return notice(failed > 0 ? 'error' : 'ok', text, 'rerun-notice');
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// The list

export interface DocumentFilterValues {
  province?: string;
  period?: string;
  group?: string;
  status?: string;
  type?: string;
}

/** "Công văn" for cong_van; the id itself for a type this version does not know. */
export function typeText(t: Messages, type: string | null): string {
  if (type === null) return t.documentTypes.unknown;
  return (DOCUMENT_TYPES as readonly string[]).includes(type) ? t.documentTypes[type as DocumentType] : type;
}

export interface DocumentsView {
  t: Messages;
  user: AppUser;
  csrf: string;
  items: DocumentListItem[];
  total: number;
  filters: DocumentFilterValues;
  choices: { provinces: { code: string; name: string }[]; periods: { key: string; label: string }[]; groups: string[] };
  /** How many documents a re-run of the filter would take (null: no filter that a re-run can use). */
  rerunCount: number | null;
  canRerun: boolean;
  canExport: boolean;
  notice: RerunNotice;
}

function filterForm(view: DocumentsView): Html {
  const { t } = view;
  const x = t.documents;
  const f = view.filters;
  const all = t.common.all;
  return html`<form class="filter-bar" id="documents-filter" method="get" action="/documents">
  <label>${x.filterProvince} <select name="province" id="filter-province">${option('', all, f.province)}${view.choices.provinces.map((p) => option(p.code, `${p.code} ${p.name}`, f.province))}</select></label>
  <label>${x.filterPeriod} <select name="period" id="filter-period">${option('', all, f.period)}${view.choices.periods.map((p) => option(p.key, `${periodName(t, p)} (${p.key})`, f.period))}</select></label>
  <label>${x.filterGroup} <select name="group" id="filter-group">${option('', all, f.group)}${view.choices.groups.map((g) => option(g, groupText(t, g), f.group))}</select></label>
  <label>${x.filterStatus} <select name="status" id="filter-status">${option('', all, f.status)}${Object.entries(t.documentStatus).map(([k, s]) => option(k, s.label, f.status))}</select></label>
  <label>${x.filterType} <select name="type" id="filter-type">${option('', all, f.type)}${DOCUMENT_TYPES.map((k) => option(k, typeText(t, k), f.type))}</select></label>
  <button type="submit" class="button-quiet" id="filter-apply">${t.common.filter}</button>
</form>`;
}

function rerunSelectionForm(view: DocumentsView): Html | null {
  if (!view.canRerun) return null;
  const { t } = view;
  const x = t.documents;
  const f = view.filters;
  const count = view.rerunCount;
  const what = [
    f.province ? x.selectionProvince(f.province) : null,
    f.period ? x.selectionPeriod(f.period) : null,
    f.group ? x.selectionGroup(groupText(t, f.group)) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return html`<form class="rerun-box" id="rerun-selection-form" method="post" action="/documents/rerun">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <input type="hidden" name="province" value="${f.province ?? ''}">
  <input type="hidden" name="period" value="${f.period ?? ''}">
  <input type="hidden" name="group" value="${f.group ?? ''}">
  <p>${count === null ? x.pickSelection : html`${x.rerunSelection(what)} <strong id="rerun-count" data-count="${count}">${x.rerunCount(count)}</strong>`}</p>
  <button type="submit" class="button-primary" id="rerun-selection"${count === null || count === 0 ? html` disabled` : null}>${x.rerunButton(count)}</button>
</form>`;
}

/** "copy of #11" / "new version of #9" / "newer version #12", after a document's name. */
function relation(t: Messages, d: { copyOfId: number | null; supersedesId: number | null; supersededBy: number | null }): Html | null {
  const parts: Html[] = [];
  if (d.copyOfId !== null) parts.push(html` <a class="badge badge-copy" href="/documents/${d.copyOfId}">${t.documents.copyOf(d.copyOfId)}</a>`);
  if (d.supersedesId !== null)
    parts.push(html` <a class="badge badge-version" href="/documents/${d.supersedesId}">${t.documents.newVersionOf(d.supersedesId)}</a>`);
  if (d.supersededBy !== null)
    parts.push(html` <a class="badge badge-old" href="/documents/${d.supersededBy}">${t.documents.supersededBy(d.supersededBy)}</a>`);
  return parts.length > 0 ? html`${parts}` : null;
}

/** A version's differences: what changed, without the indicators that stayed the same. */
function changedOnly(diff: RunDiff): RunDiff {
  return { rows: diff.rows.filter((r) => r.change !== 'same'), counts: diff.counts };
}

export function documentsPage(view: DocumentsView): string {
  const { t } = view;
  const x = t.documents;
  const f = view.filters;
  const exportQuery = queryString({ province: f.province, period: f.period, indicator: f.group });
  const exports = view.canExport
    ? html`<div class="exports"><span class="muted">${x.currentValues}</span>
    <a class="button" id="export-values-csv" href="/values/export.csv${exportQuery}" download>CSV</a>
    <a class="button" id="export-values-xlsx" href="/values/export.xlsx${exportQuery}" download>XLSX</a></div>`
    : null;
  const rows = view.items.map(
    (d) => html`<tr data-document="${d.id}" class="doc-row">
    <td class="num">${d.id}</td>
    <td class="doc-name"><a href="/documents/${d.id}" translate="no">${d.name}</a><span class="muted"> ${fileKind(d.name, d.mediaType)}${d.documentType ? html` · <span class="doc-type" data-type="${d.documentType}">${typeText(t, d.documentType)}</span>` : null}${d.documentNumber ? ` · ${d.documentNumber}` : ''}</span>${relation(t, d)}${d.error ? html`<span class="doc-error" title="${d.error}"${d.errorCode ? html` data-code="${d.errorCode}"` : null}>${errorCode(d.errorCode)}${d.error}</span>` : null}</td>
    <td>${d.provinceCode ? html`<a href="/provinces/${d.provinceCode}">${d.provinceCode} ${d.province ?? ''}</a>` : html`<span class="muted">?</span>`}</td>
    <td>${d.periodKey ? html`${periodName(t, { key: d.periodKey, label: d.periodLabel })} <span class="muted">${d.periodKey}</span>` : '—'}</td>
    <td>${documentStatusBadge(t, d.status)}</td>
    <td class="num">${d.runs}</td>
    <td class="num">${d.values}${d.flagged > 0 ? html` <span class="status status-flagged" title="${x.waitingTitle}">${d.flagged}</span>` : null}</td>
    <td class="when">${when(d.currentRunAt ?? d.receivedAt)}</td>
  </tr>`,
  );
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>${x.title}</h1>
      <p class="meta"><strong id="documents-total">${view.total}</strong> ${x.total}${view.items.length < view.total ? html` ${x.newestShown(view.items.length)}` : null}</p>
    </div>
    ${exports}
  </header>
  ${rerunNotice(t, view.notice)}
  ${filterForm(view)}
  ${rerunSelectionForm(view)}
  ${
    view.items.length === 0
      ? html`<p class="empty">${x.noneMatch}</p>`
      : html`<table class="data" id="documents-table">
    <thead><tr><th scope="col" class="num">#</th><th scope="col">${x.document}</th><th scope="col">${x.filterProvince}</th><th scope="col">${x.filterPeriod}</th><th scope="col">${x.filterStatus}</th><th scope="col" class="num" title="${x.runsTitle}">${x.runs}</th><th scope="col" class="num" title="${x.valuesTitle}">${x.values}</th><th scope="col">${x.updated}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`
  }
</div>`;
  return page({ t, title: x.title, user: view.user, csrf: view.csrf, body, active: '/documents', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// One document

export interface DocumentView {
  t: Messages;
  user: AppUser;
  csrf: string;
  document: DocumentFacts;
  runs: RunSummary[];
  /** The runs compared (a earlier, b later) and how, or one run's values when there is only one. */
  comparison: { a: RunSummary; b: RunSummary; diff: RunDiff } | { only: RunSummary; values: StoredValue[] } | null;
  /** Every copy of this report (this document included), when there is more than one. */
  copies: ReportCopy[];
  /** A new version of a report: its values beside those of the version it replaces. */
  versionDiff: { previous: number; diff: RunDiff } | null;
  canRerun: boolean;
  canDownload: boolean;
  notice: RerunNotice;
}

function meta(t: Messages, d: DocumentFacts, copies: ReportCopy[]): Html {
  const m = t.documents.meta;
  const row = (label: string, value: Html | string | null, id?: string) =>
    html`<div${id ? html` id="${id}"` : null}><dt>${label}</dt><dd>${value ?? html`<span class="muted">—</span>`}</dd></div>`;
  const others = copies.filter((c) => c.id !== d.id);
  return html`<dl class="facts" id="document-meta">
    ${row(m.province, d.provinceCode ? html`<a href="/provinces/${d.provinceCode}">${d.provinceCode} ${d.province ?? ''}</a>` : null, 'meta-province')}
    ${row(m.period, d.periodKey ? html`${periodName(t, { key: d.periodKey, label: d.periodLabel })} <span class="muted"><span class="nowrap">${d.periodKey}</span> · <span class="nowrap">${day(d.periodStart)} – ${day(d.periodEnd)}</span></span>` : null, 'meta-period')}
    ${row(m.type, d.documentType ? html`<span data-type="${d.documentType}">${typeText(t, d.documentType)}</span>` : null, 'meta-type')}
    ${row(m.issuer, d.issuer, 'meta-issuer')}
    ${row(m.number, d.documentNumber)}
    ${row(m.issued, d.issuedOn ? day(d.issuedOn) : d.issueYear ? m.yearOnly(d.issueYear) : null, 'meta-date')}
    ${row(m.signed, d.signedAt ? when(d.signedAt) : null, 'meta-signed')}
    ${row(m.scope, d.scope ? scopeText(t, d) : null, 'meta-scope')}
    ${row(m.kind, d.reportKind ? ((t.reportKind as Record<string, string>)[d.reportKind as ReportKind] ?? d.reportKind) : null, 'meta-kind')}
    ${row(m.status, html`${documentStatusBadge(t, d.status)}`)}
    ${row(m.file, html`<span title="${d.mediaType}" translate="no">${fileKind(d.name, d.mediaType)}</span> · ${bytes(d.bytes)}${d.pageCount !== null ? ` · ${m.pages(d.pageCount)}` : ''}`)}
    ${row(m.source, d.source ? html`<span translate="no">${d.source}</span>` : m.uploaded)}
    ${row(m.received, when(d.receivedAt))}
    ${row(m.sha, html`<code class="hash">${d.sha256}</code>`)}
    ${others.length > 0 ? row(m.sameReport, html`<span id="meta-copies">${others.map((c, i) => html`${i > 0 ? ', ' : ''}<a href="/documents/${c.id}" title="${c.name}">${fileKind(c.name, c.mediaType)} #${c.id}</a>${c.role === 'head' ? html` <span class="muted">(${m.head})</span>` : null}`)}</span>`) : null}
    ${d.supersedesId ? row(m.supersedes, html`<a href="/documents/${d.supersedesId}">${t.common.documentNo(d.supersedesId)}</a>`) : null}
    ${d.supersededBy ? row(m.supersededBy, html`<a href="/documents/${d.supersededBy}">${t.common.documentNo(d.supersededBy)}</a>`) : null}
  </dl>`;
}

/** Whether the document is a report in scope, and why (the reason as the classifier recorded it). */
function scopeText(t: Messages, d: DocumentFacts): Html {
  const s = (t.scope as Record<string, { label: string; title: string }>)[d.scope!];
  const extracted = d.extractionForced
    ? html` · <strong>${t.documents.meta.forced}</strong>`
    : d.scope !== 'report'
      ? ` · ${t.documents.meta.notExtracted}`
      : null;
  return html`<span data-scope="${d.scope}" title="${s?.title ?? d.scope}">${s?.label ?? d.scope}</span>${extracted}${d.scopeReason ? html`<br><span class="muted" translate="no">${d.scopeReason}</span>` : null}`;
}

function runsTable(t: Messages, runs: RunSummary[], compared: number[]): Html {
  const x = t.documents;
  if (runs.length === 0) return html`<p class="empty" id="runs-empty">${x.noRuns}</p>`;
  const h = x.runsHead;
  return html`<table class="data" id="runs-table">
  <thead><tr><th scope="col" class="num">${h.run}</th><th scope="col">${h.trigger}</th><th scope="col">${h.status}</th><th scope="col">${h.started}</th><th scope="col" class="num">${h.duration}</th><th scope="col">${h.extractor}</th><th scope="col" class="num">${h.values}</th><th scope="col" class="num">${h.waiting}</th><th scope="col">${h.error}</th></tr></thead>
  <tbody>${[...runs].reverse().map(
    (
      r,
    ) => html`<tr data-run="${r.id}"${r.isCurrent ? html` class="current-run" aria-current="true"` : compared.includes(r.id) ? html` class="compared-run"` : null}>
    <td class="num">#${r.id}${r.isCurrent ? html` <span class="badge badge-current">${x.current}</span>` : null}</td>
    <td>${t.trigger[r.trigger] ?? r.trigger}</td>
    <td>${t.runStatus[r.status] ?? r.status}</td>
    <td class="when">${when(r.startedAt)}</td>
    <td class="num">${r.durationMs === null ? '—' : x.seconds(num((r.durationMs / 1000).toFixed(1)))}</td>
    <td><span translate="no">${r.rulesVersion}</span>${r.model ? html` · <span translate="no">${r.model}</span> <span class="muted">${x.tokens(r.tokensIn, r.tokensOut, num(r.cost))}</span>` : null}</td>
    <td class="num">${r.values}</td>
    <td class="num">${r.flagged}</td>
    <td class="run-error">${r.error ?? ''}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

function cell(t: Messages, v: StoredValue | null): Html {
  if (!v) return html`<td class="num muted">—</td><td></td>`;
  return html`<td class="num" data-value="${v.value}">${num(v.value)} <span class="unit">${v.unit}</span></td><td>${valueStatusBadge(t, v.status)}</td>`;
}

function comparePicker(t: Messages, runs: RunSummary[], a: number, b: number): Html {
  const x = t.documents;
  const choices = (selected: number) =>
    runs.map((r) => option(String(r.id), `#${r.id}${r.isCurrent ? ` (${x.current})` : ''} · ${when(r.startedAt)}`, String(selected)));
  return html`<form class="compare-form" id="compare-form" method="get">
  <label>${x.compareOld} <select name="a" id="compare-a">${choices(a)}</select></label>
  <label>${x.compareNew} <select name="b" id="compare-b">${choices(b)}</select></label>
  <button type="submit" class="button-quiet" id="compare-apply">${x.compare}</button>
</form>`;
}

/** Counts and rows of a comparison: of two runs, or of two versions of a report. */
function diffTable(t: Messages, diff: RunDiff, id: string, heads: [Html, Html], data: Record<string, number>): Html {
  const a = t.analyst;
  const x = t.documents;
  const counts = diff.counts;
  const attributes = Object.entries(data).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<p class="diff-summary" id="${id}-summary">
    <span class="change change-added" data-count="${counts.added}">${t.change.added} ${counts.added}</span>
    <span class="change change-removed" data-count="${counts.removed}">${t.change.removed} ${counts.removed}</span>
    <span class="change change-changed" data-count="${counts.changed}">${t.change.changed} ${counts.changed}</span>
    <span class="change change-same" data-count="${counts.same}">${t.change.same} ${counts.same}</span>
  </p>
  <table class="data diff" id="${id}"${attributes}>
    <thead>
      <tr><th scope="col" rowspan="2">${a.code}</th><th scope="col" rowspan="2">${a.indicator}</th><th scope="colgroup" colspan="2" class="run-head">${heads[0]}</th><th scope="colgroup" colspan="2" class="run-head">${heads[1]}</th><th scope="col" rowspan="2">${x.change}</th></tr>
      <tr><th scope="col" class="num">${a.value}</th><th scope="col">${a.status}</th><th scope="col" class="num">${a.value}</th><th scope="col">${a.status}</th></tr>
    </thead>
    <tbody>${diff.rows.map(
      (r) => html`<tr class="change-${r.change}" data-indicator="${r.indicator}" data-change="${r.change}">
      <td>${r.indicator}</td><td>${nameOf(t, r.indicator, r.indicatorName)}</td>${cell(t, r.before)}${cell(t, r.after)}
      <td><span class="change change-${r.change}">${t.change[r.change]}</span>${r.statusChanged ? html` <span class="muted">${x.statusChanged}</span>` : null}</td>
    </tr>`,
    )}</tbody>
  </table>`;
}

function comparison(view: DocumentView): Html {
  const { t } = view;
  const x = t.documents;
  const a = t.analyst;
  const c = view.comparison;
  if (!c) return html`<p class="muted">${x.noRunValues}</p>`;
  if ('only' in c) {
    return html`<p class="muted" id="single-run">${x.singleRun(c.only.id)}</p>
    <table class="data" id="run-values">
      <thead><tr><th scope="col">${a.code}</th><th scope="col">${a.indicator}</th><th scope="col" class="num">${x.runNo(c.only.id)}</th><th scope="col">${a.status}</th></tr></thead>
      <tbody>${c.values.map((v) => html`<tr data-indicator="${v.indicator}"><td>${v.indicator}</td><td>${nameOf(t, v.indicator, v.indicatorName)}</td>${cell(t, v)}</tr>`)}</tbody>
    </table>`;
  }
  const head = (r: RunSummary) => html`${x.runNo(r.id)}${r.isCurrent ? ` (${x.current})` : ''} <span class="muted">${when(r.startedAt)}</span>`;
  return html`${view.runs.length > 2 ? comparePicker(t, view.runs, c.a.id, c.b.id) : null}
  ${diffTable(t, c.diff, 'run-diff', [head(c.a), head(c.b)], { 'run-a': c.a.id, 'run-b': c.b.id })}`;
}

/** A failure's code beside its sentence, for whoever reports or searches it. */
const errorCode = (code: string | null): Html | null => (code ? html`<code class="error-code" translate="no">${code}</code> ` : null);

export function documentPage(view: DocumentView): string {
  const { t } = view;
  const x = t.documents;
  const d = view.document;
  const current = view.runs.find((r) => r.isCurrent) ?? null;
  const errors = [
    d.error ? html`<li><strong>${x.errorDocument}</strong> ${errorCode(d.errorCode)}${d.error}</li>` : null,
    ...view.runs.filter((r) => r.error).map((r) => html`<li><strong>${x.errorRun(r.id)}</strong> ${r.error}</li>`),
  ].filter((e): e is Html => e !== null);
  // A letter, a notice, a report on another subject: an analyst may still have it extracted.
  const canForce = view.canRerun && d.scope !== null && d.scope !== 'report' && !d.extractionForced;
  const actions = html`<div class="actions" id="document-actions">
    ${view.canDownload ? html`<a class="button" id="document-download" href="/documents/${d.id}/file" download>${x.download} <span class="muted">(${bytes(d.bytes)})</span></a>` : html`<span class="muted">${x.noDownload}</span>`}
    ${current && current.flagged > 0 ? html`<a class="button" href="/review${queryString({ province: d.provinceCode, period: d.periodKey })}">${x.reviewN(current.flagged)}</a>` : null}
    ${
      view.canRerun
        ? html`<form method="post" action="/documents/${d.id}/rerun" id="rerun-document-form" class="inline-form">
      <input type="hidden" name="_csrf" value="${view.csrf}">
      <button type="submit" class="button-primary" id="rerun-document" title="${x.rerunOneTitle}">${x.rerunOne}</button>
    </form>`
        : null
    }
    ${
      canForce
        ? html`<form method="post" action="/documents/${d.id}/force-extraction" id="force-extraction-form" class="inline-form">
      <input type="hidden" name="_csrf" value="${view.csrf}">
      <button type="submit" class="button" id="force-extraction" title="${x.forceTitle}">${x.force}</button>
    </form>`
        : null
    }
  </div>`;
  const compared = view.comparison && 'a' in view.comparison ? [view.comparison.a.id, view.comparison.b.id] : [];
  const version = view.versionDiff
    ? html`<section class="panel" id="version-diff" aria-labelledby="version-h">
    <h2 id="version-h">${x.versionDiff(view.versionDiff.previous)}</h2>
    <p class="muted">${x.versionDiffNote}</p>
    ${diffTable(t, changedOnly(view.versionDiff.diff), 'version-table', [html`${x.versionOld(view.versionDiff.previous)}`, html`${x.versionNew(d.id)}`], { previous: view.versionDiff.previous })}
    ${view.versionDiff.diff.counts.same > 0 ? html`<p class="muted">${x.versionSame(view.versionDiff.diff.counts.same)}</p>` : null}
  </section>`
    : null;
  const place = d.provinceCode ? `${d.provinceCode} ${d.province ?? ''}` : t.common.provinceUnknown;
  const body = html`<div class="analyst">
  ${breadcrumbs(t, [{ href: '/documents', label: x.title }, { label: `#${d.id}` }])}
  <header class="page-head">
    <div>
      <h1 id="document-title" translate="no">${d.name}</h1>
      <p class="meta">${documentStatusBadge(t, d.status)} ${d.documentType ? `${typeText(t, d.documentType)} · ` : ''}${place} · ${periodName(t, d.periodKey ? { key: d.periodKey, label: d.periodLabel } : null)}${d.documentNumber ? ` · ${d.documentNumber}` : ''}</p>
    </div>
    ${actions}
  </header>
  ${rerunNotice(t, view.notice)}
  ${errors.length > 0 ? html`<section class="notice notice-error" id="document-errors"><h2>${x.errors}</h2><ul>${errors}</ul></section>` : null}
  ${version}
  <div class="split split-doc">
    <section class="panel" aria-labelledby="meta-h"><h2 id="meta-h">${x.info}</h2>${meta(t, d, view.copies)}</section>
    <section class="panel" aria-labelledby="runs-h"><h2 id="runs-h">${x.extractionRuns}</h2>${runsTable(t, view.runs, compared)}</section>
  </div>
  <section class="panel" id="run-compare" aria-labelledby="compare-h">
    <h2 id="compare-h">${x.compareRuns}</h2>
    ${comparison(view)}
  </section>
</div>`;
  return page({ t, title: d.name, user: view.user, csrf: view.csrf, body, active: '/documents', mainClass: 'analyst-main' });
}
