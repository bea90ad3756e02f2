// Pieces shared by the analyst pages (indicators, provinces, documents): numbers, dates,
// Vietnamese names of measures, coverage and groups, the period picker and notices.
import { formatVi } from '../../cli/format.ts';
import type { Coverage, Measure, RollupPeriod, SeriesKind } from '../../db/rollup.ts';
import type { DocumentStatus, StoredValueStatus } from '../../db/schema.ts';
import type { PeriodChoice } from '../analyst-queries.ts';
import { html, type Html } from '../html.ts';
import { localTime } from '../local-time.ts';

export function num(value: string | null | undefined): string {
  return value === null || value === undefined ? '—' : formatVi(value);
}

export function when(date: Date | null): string {
  return date ? localTime(date) : '—';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatVi((n / 1024).toFixed(1))} KB`;
  return `${formatVi((n / 1024 / 1024).toFixed(1))} MB`;
}

export const summable = (measure: Measure): boolean => measure === 'flow' || measure === 'stock';

export const MEASURE_TEXT: Record<Measure, { vi: string; en: string }> = {
  flow: { vi: 'Phát sinh trong kỳ: cộng các tỉnh và các kỳ con', en: 'flow: summed over provinces and sub-periods' },
  stock: { vi: 'Số hiện có: cộng các tỉnh, lấy kỳ con gần nhất', en: 'stock: summed over provinces, latest sub-period' },
  ratio: { vi: 'Tỷ lệ: không cộng giữa các tỉnh', en: 'ratio: never summed' },
  score: { vi: 'Điểm, chỉ số: không cộng giữa các tỉnh', en: 'score: never summed' },
};

/** The kinds of period a series is drawn over, as the charts' titles and notes name them. */
export const KIND_TEXT: Record<SeriesKind, string> = { year: 'năm', nine_months: '9 tháng', half: '6 tháng', quarter: 'quý', month: 'tháng' };

export const COVERAGE_TEXT: Record<Coverage, { vi: string; en: string }> = {
  complete: { vi: 'Đủ kỳ', en: 'covers the whole period' },
  partial: { vi: 'Thiếu kỳ', en: 'covers part of the period' },
  missing: { vi: 'Chưa báo cáo', en: 'no value' },
};

export function coverageBadge(coverage: Coverage): Html {
  const t = COVERAGE_TEXT[coverage];
  return html`<span class="badge coverage-${coverage}" title="${t.en}">${t.vi}</span>`;
}

export const GROUP_TEXT: Record<string, string> = {
  nhiem_vu: 'Nhiệm vụ KH&CN',
  tai_chinh: 'Tài chính cho KH&CN',
  to_chuc_nhan_luc: 'Tổ chức và nhân lực KH&CN',
  cong_nghe: 'Công nghệ, doanh nghiệp KH&CN',
  so_huu_tri_tue: 'Sở hữu trí tuệ',
  tieu_chuan_do_luong: 'Tiêu chuẩn, đo lường, chất lượng',
  an_toan_buc_xa: 'An toàn bức xạ',
  thanh_tra: 'Thanh tra, kiểm tra',
  doi_moi_sang_tao: 'Đổi mới sáng tạo',
  hop_tac_cong_bo: 'Hợp tác quốc tế, công bố',
  vien_thong: 'Viễn thông',
  chuyen_doi_so: 'Chuyển đổi số',
  buu_chinh: 'Bưu chính',
};

export const groupText = (group: string): string => GROUP_TEXT[group] ?? group;

export const DOCUMENT_STATUS_TEXT: Record<DocumentStatus, { vi: string; en: string }> = {
  fetched: { vi: 'Đã nhận', en: 'fetched, not processed yet' },
  parsed: { vi: 'Đã đọc', en: 'parsed, not extracted yet' },
  extracted: { vi: 'Đã trích xuất', en: 'extracted' },
  failed: { vi: 'Lỗi', en: 'failed' },
  set_aside: { vi: 'Không trích xuất', en: 'set aside: not a report in scope' },
};

export function documentStatusBadge(status: DocumentStatus): Html {
  const t = DOCUMENT_STATUS_TEXT[status];
  return html`<span class="badge doc-${status}" title="${t.en}">${t.vi}</span>`;
}

export const VALUE_STATUS_TEXT: Record<StoredValueStatus, string> = {
  auto_accepted: 'Tự động chấp nhận',
  flagged: 'Chờ duyệt',
  approved: 'Đã duyệt',
  corrected: 'Đã sửa',
  rejected: 'Đã loại',
};

export function valueStatusBadge(status: StoredValueStatus): Html {
  return html`<span class="status status-${status}" title="${status}">${VALUE_STATUS_TEXT[status]}</span>`;
}

export function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : null}>${label}</option>`;
}

/**
 * The period picker (a GET form, no script): periods grouped by year, latest first. Stable
 * ids for the browser tests: #period-form, #period-picker, #period-apply.
 */
export function periodPicker(action: string, choices: PeriodChoice[], selected: RollupPeriod | null, extra: Html | null = null): Html {
  const years = new Map<string, PeriodChoice[]>();
  for (const c of choices) {
    const year = c.period.key.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), c]);
  }
  // A period asked for by URL that no value carries is still shown as chosen.
  const unlisted = selected && !choices.some((c) => c.period.key === selected.key) ? option(selected.key, `${selected.label} (${selected.key})`, selected.key) : null;
  return html`<form class="period-form" id="period-form" method="get" action="${action}">
  <label for="period-picker">Kỳ <span class="muted">(period)</span></label>
  <select name="period" id="period-picker">${unlisted}${[...years].map(
    ([year, list]) => html`<optgroup label="${year}">${list.map((c) => option(c.period.key, `${c.period.label}${c.present ? '' : ' (cộng các kỳ con)'}`, selected?.key))}</optgroup>`,
  )}</select>
  ${extra}
  <button type="submit" id="period-apply" class="button-quiet">Xem</button>
</form>`;
}

export function periodWindows(period: RollupPeriod): string {
  const same = period.start === period.calendar.start && period.end === period.calendar.end;
  return same ? `${period.start} – ${period.end}` : `kỳ báo cáo ${period.start} – ${period.end}; dương lịch ${period.calendar.start} – ${period.calendar.end}`;
}

export function notice(kind: 'ok' | 'error' | 'info', text: Html | string, id = 'flash-notice'): Html {
  return html`<p class="notice notice-${kind}" id="${id}" role="status">${text}</p>`;
}

export function breadcrumbs(items: { href?: string; label: string }[]): Html {
  return html`<nav class="crumbs" aria-label="Breadcrumb">${items.map((item, i) => html`${i > 0 ? html`<span aria-hidden="true"> › </span>` : null}${item.href ? html`<a href="${item.href}">${item.label}</a>` : html`<span>${item.label}</span>`}`)}</nav>`;
}

/** "?a=1&b=2" from the fields that have a value. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
