// /documents: the stored reports with their state and runs, filters, and a re-run of a
// selection; /documents/:id: one report's metadata, its file, its runs, two runs compared
// side by side, and a re-run of it.
import type { AppUser } from '../../db/users.ts';
import type { StoredValue } from '../../db/values.ts';
import type { DocumentFacts, DocumentListItem, RunSummary } from '../analyst-queries.ts';
import { html, type Html } from '../html.ts';
import { page } from '../layout.ts';
import type { DiffRow, RunDiff } from '../run-diff.ts';
import { DOCUMENT_TYPES, type DocumentType } from '../../extractors/document-types.ts';
import { documentTypeName } from '../../extractors/scope.ts';
import { breadcrumbs, bytes, documentStatusBadge, DOCUMENT_STATUS_TEXT, groupText, notice, num, option, queryString, valueStatusBadge, when } from './analyst.ts';

/** What a re-run came to, carried to the page after the redirect (POST, then GET). */
export interface RerunNotice {
  rerun?: 'done' | 'started';
  selected?: number;
  extracted?: number;
  failed?: number;
  skipped?: number;
  workflow?: string;
}

function rerunNotice(n: RerunNotice): Html | null {
  if (n.rerun === 'started') {
    return notice('info', html`Đã gửi yêu cầu chạy lại lên Temporal (re-run started): workflow <code>${n.workflow ?? '?'}</code>. Kết quả sẽ hiện ở đây khi chạy xong.`, 'rerun-notice');
  }
  if (n.rerun === 'done') {
    const failed = n.failed ?? 0;
    const text = html`Đã chạy lại (re-run done): ${n.selected ?? 0} văn bản được chọn, ${n.extracted ?? 0} trích xuất xong${failed > 0 ? html`, <strong>${failed} lỗi</strong>` : null}${(n.skipped ?? 0) > 0 ? html`, ${n.skipped} đang được xử lý ở nơi khác` : null}.`;
    return notice(failed > 0 ? 'error' : 'ok', text, 'rerun-notice');
  }
  return null;
}

function kindOf(name: string, mediaType: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toUpperCase();
  return ext ?? mediaType.split('/')[1]?.toUpperCase() ?? 'file';
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
export function typeText(type: string | null): string {
  const name = (DOCUMENT_TYPES as readonly string[]).includes(type ?? 'unknown') ? documentTypeName((type ?? 'unknown') as DocumentType) : type!;
  return type === null || type === 'unknown' ? 'chưa rõ loại' : name.charAt(0).toUpperCase() + name.slice(1);
}

const SCOPE_TEXT: Record<string, { vi: string; en: string }> = {
  report: { vi: 'Báo cáo thuộc phạm vi', en: 'a report in scope: extracted' },
  not_a_report: { vi: 'Không phải báo cáo', en: 'not a report: not extracted unless forced' },
  out_of_scope: { vi: 'Báo cáo ngoài phạm vi KH&CN', en: 'a report on another subject: not extracted unless forced' },
};

export interface DocumentsView {
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
  const f = view.filters;
  return html`<form class="filter-bar" id="documents-filter" method="get" action="/documents">
  <label>Tỉnh <select name="province" id="filter-province">${option('', 'Tất cả', f.province)}${view.choices.provinces.map((p) => option(p.code, `${p.code} ${p.name}`, f.province))}</select></label>
  <label>Kỳ <select name="period" id="filter-period">${option('', 'Tất cả', f.period)}${view.choices.periods.map((p) => option(p.key, `${p.label} (${p.key})`, f.period))}</select></label>
  <label>Nhóm chỉ tiêu <select name="group" id="filter-group">${option('', 'Tất cả', f.group)}${view.choices.groups.map((g) => option(g, groupText(g), f.group))}</select></label>
  <label>Trạng thái <select name="status" id="filter-status">${option('', 'Tất cả', f.status)}${Object.entries(DOCUMENT_STATUS_TEXT).map(([k, t]) => option(k, t.vi, f.status))}</select></label>
  <label>Loại văn bản <select name="type" id="filter-type">${option('', 'Tất cả', f.type)}${DOCUMENT_TYPES.map((t) => option(t, typeText(t), f.type))}</select></label>
  <button type="submit" class="button-quiet" id="filter-apply">Lọc</button>
</form>`;
}

function rerunSelectionForm(view: DocumentsView): Html | null {
  if (!view.canRerun) return null;
  const f = view.filters;
  const count = view.rerunCount;
  const what = [f.province ? `tỉnh ${f.province}` : null, f.period ? `kỳ ${f.period}` : null, f.group ? `nhóm ${groupText(f.group)}` : null].filter(Boolean).join(', ');
  return html`<form class="rerun-box" id="rerun-selection-form" method="post" action="/documents/rerun">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <input type="hidden" name="province" value="${f.province ?? ''}">
  <input type="hidden" name="period" value="${f.period ?? ''}">
  <input type="hidden" name="group" value="${f.group ?? ''}">
  <p>${
    count === null
      ? html`Chọn tỉnh, kỳ hoặc nhóm chỉ tiêu ở bộ lọc để chạy lại trích xuất cho một nhóm văn bản <span class="muted">(pick a province, period or group to re-run a selection)</span>.`
      : html`Chạy lại trích xuất cho <strong id="rerun-count">${count}</strong> văn bản đã trích xuất khớp ${what} <span class="muted">(the old runs stay; the current mark moves)</span>.`
  }</p>
  <button type="submit" class="button-primary" id="rerun-selection"${count === null || count === 0 ? html` disabled` : null}>Chạy lại ${count ?? ''} văn bản</button>
</form>`;
}

export function documentsPage(view: DocumentsView): string {
  const f = view.filters;
  const exportQuery = queryString({ province: f.province, period: f.period, indicator: f.group });
  const exports = view.canExport
    ? html`<div class="exports"><span class="muted">Giá trị của lần chạy hiện hành:</span>
    <a class="button" id="export-values-csv" href="/values/export.csv${exportQuery}" download>CSV</a>
    <a class="button" id="export-values-xlsx" href="/values/export.xlsx${exportQuery}" download>XLSX</a></div>`
    : null;
  const rows = view.items.map(
    (d) => html`<tr data-document="${d.id}" class="doc-row">
    <td class="num">${d.id}</td>
    <td class="doc-name"><a href="/documents/${d.id}">${d.name}</a><span class="muted"> ${kindOf(d.name, d.mediaType)}${d.documentType ? html` · <span class="doc-type" data-type="${d.documentType}">${typeText(d.documentType)}</span>` : null}${d.documentNumber ? ` · ${d.documentNumber}` : ''}</span>${d.error ? html`<span class="doc-error" title="${d.error}">${d.error}</span>` : null}</td>
    <td>${d.provinceCode ? html`<a href="/provinces/${d.provinceCode}">${d.provinceCode} ${d.province ?? ''}</a>` : html`<span class="muted">?</span>`}</td>
    <td>${d.periodLabel ?? '—'}${d.periodKey ? html` <span class="muted">${d.periodKey}</span>` : null}</td>
    <td>${documentStatusBadge(d.status)}</td>
    <td class="num">${d.runs}</td>
    <td class="num">${d.values}${d.flagged > 0 ? html` <span class="status status-flagged" title="chờ duyệt">${d.flagged}</span>` : null}</td>
    <td class="when">${when(d.currentRunAt ?? d.receivedAt)}</td>
  </tr>`,
  );
  const body = html`<div class="analyst">
  <header class="page-head">
    <div>
      <h1>Văn bản <span class="muted">· Documents</span></h1>
      <p class="meta"><strong id="documents-total">${view.total}</strong> văn bản${view.items.length < view.total ? html` (${view.items.length} mới nhất hiển thị)` : null}</p>
    </div>
    ${exports}
  </header>
  ${rerunNotice(view.notice)}
  ${filterForm(view)}
  ${rerunSelectionForm(view)}
  ${
    view.items.length === 0
      ? html`<p class="empty">Không có văn bản nào khớp bộ lọc.</p>`
      : html`<table class="data" id="documents-table">
    <thead><tr><th scope="col" class="num">#</th><th scope="col">Văn bản</th><th scope="col">Tỉnh</th><th scope="col">Kỳ</th><th scope="col">Trạng thái</th><th scope="col" class="num" title="số lần trích xuất">Lần chạy</th><th scope="col" class="num" title="giá trị của lần chạy hiện hành; số chờ duyệt">Giá trị</th><th scope="col">Cập nhật</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`
  }
</div>`;
  return page({ title: 'Văn bản', user: view.user, csrf: view.csrf, body, active: '/documents', mainClass: 'analyst-main' });
}

// ---------------------------------------------------------------------------------------
// One document

export interface DocumentView {
  user: AppUser;
  csrf: string;
  document: DocumentFacts;
  runs: RunSummary[];
  /** The runs compared (a earlier, b later) and how, or one run's values when there is only one. */
  comparison: { a: RunSummary; b: RunSummary; diff: RunDiff } | { only: RunSummary; values: StoredValue[] } | null;
  canRerun: boolean;
  canDownload: boolean;
  notice: RerunNotice;
}

const TRIGGER_TEXT: Record<string, string> = { nightly: 'hằng đêm', rerun: 'chạy lại', manual: 'thủ công', ingest: 'nhập thư mục' };
const RUN_STATUS_TEXT: Record<string, string> = { running: 'đang chạy', succeeded: 'xong', failed: 'lỗi' };
const CHANGE_TEXT: Record<DiffRow['change'], string> = { added: 'Thêm', removed: 'Bỏ', changed: 'Đổi', same: 'Giữ nguyên' };

function meta(d: DocumentFacts): Html {
  const row = (label: string, value: Html | string | null, id?: string) => html`<div${id ? html` id="${id}"` : null}><dt>${label}</dt><dd>${value ?? html`<span class="muted">—</span>`}</dd></div>`;
  return html`<dl class="facts" id="document-meta">
    ${row('Tỉnh/thành phố', d.provinceCode ? html`<a href="/provinces/${d.provinceCode}">${d.provinceCode} ${d.province ?? ''}</a>` : null, 'meta-province')}
    ${row('Kỳ', d.periodLabel ? html`${d.periodLabel} <span class="muted"><span class="nowrap">${d.periodKey ?? ''}</span> · <span class="nowrap">${d.periodStart ?? ''} – ${d.periodEnd ?? ''}</span></span>` : null, 'meta-period')}
    ${row('Loại văn bản', d.documentType ? html`<span data-type="${d.documentType}">${typeText(d.documentType)}</span>` : null, 'meta-type')}
    ${row('Cơ quan ban hành', d.issuer, 'meta-issuer')}
    ${row('Số hiệu', d.documentNumber)}
    ${row('Ngày ban hành', d.issuedOn ?? (d.issueYear ? `năm ${d.issueYear} (ngày chưa đọc được)` : null), 'meta-date')}
    ${row('Ký số lúc', d.signedAt ? when(d.signedAt) : null, 'meta-signed')}
    ${row('Phạm vi', d.scope ? html`<span data-scope="${d.scope}" title="${SCOPE_TEXT[d.scope]?.en ?? d.scope}">${SCOPE_TEXT[d.scope]?.vi ?? d.scope}</span>${d.extractionForced ? html` · <strong>trích xuất theo yêu cầu</strong>` : d.scope !== 'report' ? ' · không trích xuất' : null}${d.scopeReason ? html`<br><span class="muted">${d.scopeReason}</span>` : null}` : null, 'meta-scope')}
    ${row('Loại báo cáo', d.reportKind)}
    ${row('Trạng thái', html`${documentStatusBadge(d.status)}`)}
    ${row('Tệp', html`<span title="${d.mediaType}">${kindOf(d.name, d.mediaType)}</span> · ${bytes(d.bytes)}${d.pageCount !== null ? ` · ${d.pageCount} trang` : ''}`)}
    ${row('Nguồn', d.source ?? 'tải lên')}
    ${row('Nhận lúc', when(d.receivedAt))}
    ${row('SHA-256', html`<code class="hash">${d.sha256}</code>`)}
    ${d.supersedesId ? row('Thay cho', html`<a href="/documents/${d.supersedesId}">văn bản #${d.supersedesId}</a>`) : null}
    ${d.supersededBy ? row('Đã có bản mới', html`<a href="/documents/${d.supersededBy}">văn bản #${d.supersededBy}</a>`) : null}
  </dl>`;
}

function runsTable(runs: RunSummary[], compared: number[]): Html {
  if (runs.length === 0) return html`<p class="empty" id="runs-empty">Văn bản chưa được trích xuất lần nào.</p>`;
  return html`<table class="data" id="runs-table">
  <thead><tr><th scope="col" class="num">Lần chạy</th><th scope="col">Lý do</th><th scope="col">Trạng thái</th><th scope="col">Bắt đầu</th><th scope="col" class="num">Thời gian</th><th scope="col">Bộ quy tắc / mô hình</th><th scope="col" class="num">Giá trị</th><th scope="col" class="num">Chờ duyệt</th><th scope="col">Lỗi</th></tr></thead>
  <tbody>${[...runs].reverse().map(
    (r) => html`<tr data-run="${r.id}"${r.isCurrent ? html` class="current-run" aria-current="true"` : compared.includes(r.id) ? html` class="compared-run"` : null}>
    <td class="num">#${r.id}${r.isCurrent ? html` <span class="badge badge-current">hiện hành</span>` : null}</td>
    <td>${TRIGGER_TEXT[r.trigger] ?? r.trigger}</td>
    <td>${RUN_STATUS_TEXT[r.status] ?? r.status}</td>
    <td class="when">${when(r.startedAt)}</td>
    <td class="num">${r.durationMs === null ? '—' : `${num((r.durationMs / 1000).toFixed(1))} s`}</td>
    <td>${r.rulesVersion}${r.model ? html` · ${r.model} <span class="muted">(${r.tokensIn}+${r.tokensOut} tokens, $${r.cost})</span>` : null}</td>
    <td class="num">${r.values}</td>
    <td class="num">${r.flagged}</td>
    <td class="run-error">${r.error ?? ''}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

function cell(v: StoredValue | null): Html {
  if (!v) return html`<td class="num muted">—</td><td></td>`;
  return html`<td class="num" data-value="${v.value}">${num(v.value)} <span class="unit">${v.unit}</span></td><td>${valueStatusBadge(v.status)}</td>`;
}

function comparePicker(runs: RunSummary[], a: number, b: number): Html {
  const choices = (selected: number) => runs.map((r) => option(String(r.id), `#${r.id}${r.isCurrent ? ' (hiện hành)' : ''} · ${when(r.startedAt)}`, String(selected)));
  return html`<form class="compare-form" id="compare-form" method="get">
  <label>Lần chạy cũ <select name="a" id="compare-a">${choices(a)}</select></label>
  <label>Lần chạy mới <select name="b" id="compare-b">${choices(b)}</select></label>
  <button type="submit" class="button-quiet" id="compare-apply">So sánh</button>
</form>`;
}

function comparison(view: DocumentView): Html {
  const c = view.comparison;
  if (!c) return html`<p class="muted">Chưa có lần chạy nào để xem giá trị.</p>`;
  if ('only' in c) {
    return html`<p class="muted" id="single-run">Chỉ có một lần chạy (#${c.only.id}); chạy lại để có lần chạy thứ hai mà so sánh.</p>
    <table class="data" id="run-values">
      <thead><tr><th scope="col">Mã</th><th scope="col">Chỉ tiêu</th><th scope="col" class="num">Lần chạy #${c.only.id}</th><th scope="col">Trạng thái</th></tr></thead>
      <tbody>${c.values.map((v) => html`<tr data-indicator="${v.indicator}"><td>${v.indicator}</td><td>${v.indicatorName}</td>${cell(v)}</tr>`)}</tbody>
    </table>`;
  }
  const { a, b, diff } = c;
  const counts = diff.counts;
  return html`${view.runs.length > 2 ? comparePicker(view.runs, a.id, b.id) : null}
  <p class="diff-summary" id="diff-summary">
    <span class="change change-added" data-count="${counts.added}">Thêm ${counts.added}</span>
    <span class="change change-removed" data-count="${counts.removed}">Bỏ ${counts.removed}</span>
    <span class="change change-changed" data-count="${counts.changed}">Đổi ${counts.changed}</span>
    <span class="change change-same" data-count="${counts.same}">Giữ nguyên ${counts.same}</span>
  </p>
  <table class="data diff" id="run-diff" data-run-a="${a.id}" data-run-b="${b.id}">
    <thead>
      <tr><th scope="col" rowspan="2">Mã</th><th scope="col" rowspan="2">Chỉ tiêu</th><th scope="colgroup" colspan="2" class="run-head">Lần chạy #${a.id}${a.isCurrent ? ' (hiện hành)' : ''} <span class="muted">${when(a.startedAt)}</span></th><th scope="colgroup" colspan="2" class="run-head">Lần chạy #${b.id}${b.isCurrent ? ' (hiện hành)' : ''} <span class="muted">${when(b.startedAt)}</span></th><th scope="col" rowspan="2">Thay đổi</th></tr>
      <tr><th scope="col" class="num">Giá trị</th><th scope="col">Trạng thái</th><th scope="col" class="num">Giá trị</th><th scope="col">Trạng thái</th></tr>
    </thead>
    <tbody>${diff.rows.map(
      (r) => html`<tr class="change-${r.change}" data-indicator="${r.indicator}" data-change="${r.change}">
      <td>${r.indicator}</td><td>${r.indicatorName}</td>${cell(r.before)}${cell(r.after)}
      <td><span class="change change-${r.change}">${CHANGE_TEXT[r.change]}</span>${r.statusChanged ? html` <span class="muted">(trạng thái)</span>` : null}</td>
    </tr>`,
    )}</tbody>
  </table>`;
}

export function documentPage(view: DocumentView): string {
  const d = view.document;
  const current = view.runs.find((r) => r.isCurrent) ?? null;
  const errors = [d.error ? html`<li><strong>Văn bản:</strong> ${d.error}</li>` : null, ...view.runs.filter((r) => r.error).map((r) => html`<li><strong>Lần chạy #${r.id}:</strong> ${r.error}</li>`)].filter(
    (x): x is Html => x !== null,
  );
  // A letter, a notice, a report on another subject: an analyst may still have it extracted.
  const canForce = view.canRerun && d.scope !== null && d.scope !== 'report' && !d.extractionForced;
  const actions = html`<div class="actions" id="document-actions">
    ${view.canDownload ? html`<a class="button" id="document-download" href="/documents/${d.id}/file" download>Tải tệp gốc <span class="muted">(${bytes(d.bytes)})</span></a>` : html`<span class="muted">Tệp gốc không tải được: chưa cấu hình kho lưu trữ.</span>`}
    ${current && current.flagged > 0 ? html`<a class="button" href="/review${queryString({ province: d.provinceCode, period: d.periodKey })}">Duyệt ${current.flagged} giá trị</a>` : null}
    ${
      view.canRerun
        ? html`<form method="post" action="/documents/${d.id}/rerun" id="rerun-document-form" class="inline-form">
      <input type="hidden" name="_csrf" value="${view.csrf}">
      <button type="submit" class="button-primary" id="rerun-document" title="Trích xuất lại với cấu hình hiện tại; lần chạy cũ được giữ">Chạy lại trích xuất</button>
    </form>`
        : null
    }
    ${
      canForce
        ? html`<form method="post" action="/documents/${d.id}/force-extraction" id="force-extraction-form" class="inline-form">
      <input type="hidden" name="_csrf" value="${view.csrf}">
      <button type="submit" class="button" id="force-extraction" title="Văn bản này không phải báo cáo KH&CN; vẫn trích xuất số liệu (force extraction). Các giá trị được kiểm tra như mọi báo cáo.">Vẫn trích xuất</button>
    </form>`
        : null
    }
  </div>`;
  const compared = view.comparison && 'a' in view.comparison ? [view.comparison.a.id, view.comparison.b.id] : [];
  const body = html`<div class="analyst">
  ${breadcrumbs([{ href: '/documents', label: 'Văn bản' }, { label: `#${d.id}` }])}
  <header class="page-head">
    <div>
      <h1 id="document-title">${d.name}</h1>
      <p class="meta">${documentStatusBadge(d.status)} ${d.documentType ? `${typeText(d.documentType)} · ` : ''}${d.provinceCode ? `${d.provinceCode} ${d.province ?? ''}` : 'tỉnh chưa rõ'} · ${d.periodLabel ?? 'kỳ chưa rõ'}${d.documentNumber ? ` · ${d.documentNumber}` : ''}</p>
    </div>
    ${actions}
  </header>
  ${rerunNotice(view.notice)}
  ${errors.length > 0 ? html`<section class="notice notice-error" id="document-errors"><h2>Lỗi</h2><ul>${errors}</ul></section>` : null}
  <div class="split split-doc">
    <section class="panel" aria-labelledby="meta-h"><h2 id="meta-h">Thông tin văn bản</h2>${meta(d)}</section>
    <section class="panel" aria-labelledby="runs-h"><h2 id="runs-h">Các lần trích xuất <span class="muted">(extraction runs)</span></h2>${runsTable(view.runs, compared)}</section>
  </div>
  <section class="panel" id="run-compare" aria-labelledby="compare-h">
    <h2 id="compare-h">So sánh hai lần chạy <span class="muted">(runs side by side)</span></h2>
    ${comparison(view)}
  </section>
</div>`;
  return page({ title: d.name, user: view.user, csrf: view.csrf, body, active: '/documents', mainClass: 'analyst-main' });
}
