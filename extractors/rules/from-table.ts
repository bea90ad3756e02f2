// Values from annex tables: find the header, pick the column of results for the period
// ("Thực hiện kỳ báo cáo", never "Kế hoạch", "Lũy kế" or "So với cùng kỳ"), and name
// each row by its label (a "- Cấp tỉnh" sub-row is read with its parent's label).
import { findNumbers, toMillionDong, type MoneyUnit, type NumberLocale, type NumberMatch } from '../numbers.ts';
import { indicatorById } from '../catalogue.ts';
import type { Block, CandidateValue, Qualifier, TableBlock } from '../types.ts';
import { foldForMatching } from './match-text.ts';
import { groupOfTitle } from './sections.ts';

interface TableRule {
  indicator: string;
  /** Tested on the folded label, "parent › sub-row" for sub-rows. */
  label: RegExp;
  not?: RegExp;
  groups?: string[];
}

const UNDER_MANAGEMENT = '(?:nhiệm vụ[^›]*(?:quản lý|triển khai|thực hiện|theo dõi)|tổng số nhiệm vụ)';

const TABLE_RULES: TableRule[] = [
  { indicator: 'NV11', label: new RegExp(`${UNDER_MANAGEMENT}[^›]*› .*cấp (?:quốc gia|bộ|nhà nước)`, 'u'), not: /mới/u },
  { indicator: 'NV12', label: new RegExp(`${UNDER_MANAGEMENT}[^›]*› .*cấp (?:tỉnh|thành phố)`, 'u'), not: /mới/u },
  { indicator: 'NV10', label: new RegExp(`${UNDER_MANAGEMENT}[^›]*› .*cấp cơ sở`, 'u'), not: /mới/u },
  { indicator: 'NV11', label: /^[^›]*nhiệm vụ (?:khcn )?cấp (?:quốc gia|bộ)/u, not: /mới|nghiệm thu/u },
  { indicator: 'NV12', label: /^[^›]*nhiệm vụ (?:khcn )?cấp (?:tỉnh|thành phố)/u, not: /mới|nghiệm thu/u },
  { indicator: 'NV10', label: /^[^›]*nhiệm vụ (?:khcn )?cấp cơ sở/u, not: /mới|nghiệm thu/u },
  { indicator: 'NV09', label: /kinh phí[^›]*nhiệm vụ|kinh phí thực hiện/u },
  { indicator: 'NV02', label: /nhiệm vụ[^›]*(?:mở mới|phê duyệt mới|triển khai mới|mới)/u, not: /›/u },
  { indicator: 'NV03', label: /chuyển tiếp/u, not: /›/u },
  { indicator: 'NV04', label: /nghiệm thu/u, not: /›/u },
  { indicator: 'NV05', label: /(?:chuyển giao|ứng dụng)/u, not: /›/u },
  { indicator: 'NV06', label: /dừng|thanh lý/u, not: /›/u },
  { indicator: 'NV07', label: /đăng ký kết quả|kết quả[^›]*giấy chứng nhận đăng ký/u },
  { indicator: 'NV08', label: /đề xuất/u, not: /›/u },
  { indicator: 'NV01', label: new RegExp(`^(?:tổng )?(?:số )?${UNDER_MANAGEMENT}[^›]*$`, 'u') },
  { indicator: 'TC02', label: /đầu tư phát triển/u },
  { indicator: 'TC03', label: /sự nghiệp/u },
  { indicator: 'TC04', label: /tỷ lệ chi/u },
  { indicator: 'TC05', label: /nghiên cứu (?:khoa học )?và phát triển/u },
  { indicator: 'TC01', label: /tổng chi|chi ngân sách|tổng kinh phí[^›]*khcn|ngân sách[^›]*khcn/u, not: /›/u },
  { indicator: 'SH02', label: /văn bằng/u },
  { indicator: 'SH01', label: /đơn(?: đăng ký)?(?: xác lập)?[^›]*(?:sở hữu công nghiệp|nhãn hiệu|sáng chế|kiểu dáng)|số đơn/u },
  { indicator: 'SH03', label: /sản phẩm[^›]*bảo hộ/u },
  { indicator: 'SH04', label: /tài sản trí tuệ/u },
  { indicator: 'SH05', label: /tư vấn|hướng dẫn/u, groups: ['so_huu_tri_tue'] },
  { indicator: 'SH06', label: /sáng kiến/u },
  { indicator: 'TD01', label: /phương tiện đo/u },
  { indicator: 'TD02', label: /mẫu[^›]*thử nghiệm|thử nghiệm[^›]*mẫu/u },
  { indicator: 'TD03', label: /công bố hợp (?:chuẩn|quy)/u },
  { indicator: 'TD04', label: /hệ thống quản lý chất lượng/u },
  { indicator: 'TT04', label: /tiền[^›]*phạt|số tiền/u },
  { indicator: 'TT01', label: /cuộc (?:thanh tra|kiểm tra)|số cuộc/u },
  { indicator: 'TT03', label: /(?:trường hợp|vụ)[^›]*xử phạt|xử phạt[^›]*(?:trường hợp|vụ)|bị xử phạt/u },
  { indicator: 'TD06', label: /vi phạm/u, groups: ['tieu_chuan_do_luong'] },
  { indicator: 'TD05', label: /(?:cơ sở|lượt|tổ chức)[^›]*kiểm tra[^›]*(?:đo lường|chất lượng|nhãn)/u },
  { indicator: 'TD05', label: /(?:cơ sở|lượt)[^›]*(?:được )?kiểm tra/u, groups: ['tieu_chuan_do_luong'] },
  { indicator: 'TT02', label: /(?:tổ chức|cá nhân|cơ sở)[^›]*(?:được )?(?:thanh tra|kiểm tra)/u, groups: ['thanh_tra'] },
  { indicator: 'TT02', label: /(?:tổ chức|cá nhân|cơ sở)[^›]*được thanh tra/u },
  { indicator: 'TD07', label: /năng suất/u },
  { indicator: 'BX02', label: /giấy phép[^›]*bức xạ/u },
  { indicator: 'BX03', label: /chứng chỉ[^›]*bức xạ/u },
  { indicator: 'BX04', label: /x-?quang/u },
  { indicator: 'BX05', label: /liều kế/u },
  { indicator: 'BX01', label: /cơ sở[^›]*bức xạ/u },
  { indicator: 'CS01', label: /dịch vụ công trực tuyến toàn trình/u },
  { indicator: 'VT03', label: /trạm (?:bts|thu phát sóng)/u },
];

const LABEL_HEADER = /chỉ tiêu|nội dung|danh mục|tên chỉ tiêu|hạng mục/u;
const UNIT_HEADER = /đơn vị tính|^đvt|đơn vị$/u;
const RESULT_HEADER = /thực hiện|kết quả|số lượng|tổng số|ước đạt|kỳ báo cáo/u;
const NOT_RESULT_HEADER = /kế hoạch|lũy kế|so với|so sánh|cùng kỳ|năm trước|tỷ lệ|ghi chú|%/u;
const CUMULATIVE_HEADER = /lũy kế/u;
const SUB_ROW = /^\s*(?:[-+•–]|trong đó)/u;
/** A Roman numeral row number: a row group ("II | TÀI CHÍNH CHO KH&CN"). Tested on folded cells. */
export const ROMAN = /^(?:[ivxlc]+)\.?$/u;

export interface Columns {
  headerEnd: number;
  label: number;
  unit: number | null;
  value: number;
  cumulative: number | null;
  estimated: boolean;
}

/** Header rows are merged per column; the result column is the one naming this period's results. */
export function findColumns(rows: string[][]): Columns | null {
  const labelRow = rows.slice(0, 4).findIndex((row) => row.some((c) => LABEL_HEADER.test(foldForMatching(c))));
  if (labelRow === -1) return null;
  // A header cell may wrap over rows above the one naming the label column ("Thực" / "hiện kỳ báo cáo").
  let headerStart = labelRow;
  while (headerStart > 0 && !looksLikeData(rows[headerStart - 1]!)) headerStart--;
  let headerEnd = labelRow + 1;
  while (headerEnd < rows.length && headerEnd < labelRow + 3 && !looksLikeData(rows[headerEnd]!)) headerEnd++;
  const width = Math.max(...rows.slice(headerStart, headerEnd).map((r) => r.length));
  const headers = Array.from({ length: width }, (_, col) =>
    foldForMatching(rows.slice(headerStart, headerEnd).map((r) => r[col] ?? '').join(' ')),
  );
  const label = headers.findIndex((h) => LABEL_HEADER.test(h));
  const unit = headers.findIndex((h) => UNIT_HEADER.test(h));
  const candidates = headers
    .map((h, col) => ({ h, col }))
    .filter(({ h, col }) => col !== label && RESULT_HEADER.test(h) && !NOT_RESULT_HEADER.test(h));
  const preferred = candidates.find(({ h }) => /kỳ báo cáo|kỳ này|trong kỳ/u.test(h)) ?? candidates[0];
  if (!preferred) return null;
  const cumulative = headers.findIndex((h) => CUMULATIVE_HEADER.test(h));
  return {
    headerEnd,
    label,
    unit: unit === -1 ? null : unit,
    value: preferred.col,
    cumulative: cumulative === -1 ? null : cumulative,
    estimated: /(?:^|\s)ước/u.test(preferred.h),
  };
}

/** A data row: a numbered first cell, a sub-row dash or bullet, or the column-code row ("A | B | 1 | 2"). */
export function looksLikeData(row: string[]): boolean {
  const first = foldForMatching(row[0] ?? '');
  return /^(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.?|[-+•–]|a)$/u.test(first);
}

/** The row of column codes under a header ("A | B | 1 | 2 | 3"). */
export function isCodeRow(row: string[]): boolean {
  return row.length > 2 && row.every((c) => /^\s*(?:[A-Za-z]|\d{1,2}|\(\d{1,2}\))?\s*$/.test(c));
}

function moneyUnitOf(text: string): MoneyUnit | null {
  const t = foldForMatching(text);
  if (/nghìn tỷ/u.test(t)) return 'nghìn tỷ đồng';
  if (/tỷ/u.test(t)) return 'tỷ đồng';
  if (/triệu|tr\.?\s*đ/u.test(t)) return 'triệu đồng';
  if (/nghìn đồng|ngàn đồng/u.test(t)) return 'nghìn đồng';
  if (/^đồng$|vnđ|vnd/u.test(t)) return 'đồng';
  return null;
}

/** "Đơn vị tính: triệu đồng" written above a statistical table. */
function tableUnitAbove(previous: Block | null): string | null {
  if (!previous || previous.kind === 'table') return null;
  const m = /(?:đơn vị tính|đvt)\s*:\s*([^;.)]+)/iu.exec(previous.text);
  return m ? m[1]!.trim() : null;
}

export function valuesFromTable(block: TableBlock, group: string | null, previous: Block | null, locale: NumberLocale): CandidateValue[] {
  const columns = findColumns(block.rows);
  if (!columns) return [];
  const unitAbove = tableUnitAbove(previous);
  const out: CandidateValue[] = [];
  let parent = '';
  let rowGroup = group;
  for (let r = columns.headerEnd; r < block.rows.length; r++) {
    const row = block.rows[r]!;
    if (isCodeRow(row)) continue;
    const labelCol = columns.label >= 0 ? columns.label : 1;
    const rawLabel = row[labelCol] ?? '';
    const label = foldForMatching(rawLabel);
    if (!label) continue;
    const stt = foldForMatching(row[0] ?? '');
    if (ROMAN.test(stt) && labelCol > 0) rowGroup = groupOfTitle(label) ?? rowGroup;
    const isSub = SUB_ROW.test(label) || (labelCol > 0 && /^[-+]?$/u.test(stt) && parent !== '');
    if (!isSub) parent = label;
    const fullLabel = isSub ? `${parent} › ${label.replace(SUB_ROW, '').trim()}` : label;
    const rule = TABLE_RULES.find(
      (t) => t.label.test(fullLabel) && !(t.not && t.not.test(fullLabel)) && !(t.groups && (rowGroup === null || !t.groups.includes(rowGroup))),
    );
    if (!rule) continue;
    const cell = row[columns.value] ?? '';
    const number = findNumbers(cell, locale).find((m) => m.kind === 'number' || m.kind === 'money' || m.kind === 'percent');
    if (!number) continue;
    const indicator = indicatorById(rule.indicator);
    const unitText = (columns.unit !== null ? row[columns.unit] : undefined) ?? unitAbove ?? '';
    if (indicator.kind === 'count' && (!/^\d+$/.test(number.value) || /%/u.test(unitText))) continue;
    const moneyUnit = indicator.kind === 'money' ? moneyUnitOf(unitText) : null;
    // Money with no unit written anywhere: kept, but a reviewer must say which scale it is.
    const unitUnknown = indicator.kind === 'money' && number.kind !== 'money' && moneyUnit === null;
    const inCatalogueUnit = (m: NumberMatch): string =>
      m.kind !== 'money' && moneyUnit !== null ? toMillionDong(m.value, moneyUnit) : m.value;
    const cumulativeCell = columns.cumulative !== null ? row[columns.cumulative] ?? '' : '';
    const cumulative = findNumbers(cumulativeCell, locale).find((m) => m.kind === 'number' || m.kind === 'money');
    const qualifier: Qualifier | null = number.qualifier ?? (columns.estimated ? 'estimate' : null);
    out.push({
      indicator: rule.indicator,
      value: inCatalogueUnit(number),
      unit: indicator.unit,
      qualifier,
      rawText: cell.trim(),
      evidence: row.join(' | '),
      page: block.page,
      confidence: unitUnknown ? 0.5 : 0.9,
      extractor: 'rules',
      context: { origin: 'table', ...(cumulative ? { cumulative: inCatalogueUnit(cumulative) } : {}) },
    });
  }
  return out;
}
