// Values from annex tables: find the header, pick the column of results for the period
// ("Thực hiện kỳ báo cáo", never "Kế hoạch", "Lũy kế" or "So với cùng kỳ"), and name
// each row by its label (a "- Cấp tỉnh" sub-row is read with its parent's label).
import { Decimal } from 'decimal.js';
import type { NumberLocale } from '../numbers/locale.ts';
import { toMillionDong, type MoneyUnit } from '../numbers/money.ts';
import { findNumbers, type NumberMatch } from '../numbers/scanner.ts';
import { indicatorById } from '../catalogue.ts';
import type { Block, CandidateValue, Period, Qualifier, TableBlock } from '../types.ts';
import { stripDiacritics } from '../../shared/diacritics.ts';
import { foldForMatching, foldLoose, hasPhrase, loose, word } from './match-text.ts';
import { groupOfTitle } from './sections.ts';
import { valuesFromRankingTable } from './ranking-table.ts';
import { valuesFromYearTable } from './year-table.ts';

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
  // "... Giấy chứng nhận đăng ký" wraps in its cell; a scan may lose the last line ("ký").
  { indicator: 'NV07', label: /đăng ký kết quả|kết quả[^›]*giấy chứng nhận đăng(?: ký)?/u },
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
const THIS_PERIOD_HEADER = /kỳ báo cáo|kỳ này|trong kỳ/u;
const ESTIMATED_HEADER = /(?:^|\s)ước/u;
const SUB_ROW = /^\s*(?:[-+•–]|trong đó)/u;
/** A Roman numeral row number: a row group ("II | TÀI CHÍNH CHO KH&CN"). Tested on folded cells. */
export const ROMAN = /^(?:[ivxlc]+)\.?$/u;

/**
 * A header cell as OCR may have left it: the exact pattern (on folded text), the pattern
 * without diacritics, or one of the phrases with a letter misread or the spaces moved
 * ("Th hién ky bao cao", "Lay kế", "Pon vị tính"). Decoy columns get the larger tolerance,
 * so a damaged "Kế hoạch" or "Lũy kế" is still refused as a results column.
 */
interface HeaderTest {
  exact: RegExp;
  phrases: string[];
  decoy?: boolean;
}

const LABEL: HeaderTest = { exact: LABEL_HEADER, phrases: ['chi tieu', 'noi dung', 'danh muc', 'hang muc'] };
const UNIT: HeaderTest = { exact: UNIT_HEADER, phrases: ['don vi tinh'] };
const RESULT: HeaderTest = { exact: RESULT_HEADER, phrases: ['thuc hien', 'ky bao cao'] };
const NOT_RESULT: HeaderTest = {
  exact: NOT_RESULT_HEADER,
  phrases: ['ke hoach', 'luy ke', 'so voi', 'so sanh', 'cung ky', 'nam truoc', 'ghi chu'],
  decoy: true,
};
const CUMULATIVE: HeaderTest = { exact: CUMULATIVE_HEADER, phrases: ['luy ke'], decoy: true };
const THIS_PERIOD: HeaderTest = { exact: THIS_PERIOD_HEADER, phrases: ['ky bao cao'] };

/** Letter edits a header phrase tolerates: none for short words, where one edit makes another word. */
function phraseEdits(phrase: string, decoy: boolean): number {
  const letters = phrase.replace(/\s+/g, '').length;
  if (decoy) return letters >= 10 ? 2 : letters >= 5 ? 1 : 0;
  return letters >= 7 ? 1 : 0;
}

/** How surely a folded header cell is of a kind: 2 exactly, 1 without diacritics, 0 with a misread letter, -1 not. */
function headerMatch(test: HeaderTest, folded: string): number {
  if (test.exact.test(folded)) return 2;
  const l = foldLoose(folded);
  if (loose(test.exact).test(l)) return 1;
  return test.phrases.some((p) => hasPhrase(l, p, phraseEdits(p, test.decoy ?? false))) ? 0 : -1;
}

const isHeader = (test: HeaderTest, folded: string): boolean => headerMatch(test, folded) >= 0;

/** Header cells are short; a long one naming "chi tiêu" is a data label, not the label column. */
const MAX_LABEL_HEADER = 40;

export interface Columns {
  headerEnd: number;
  label: number;
  unit: number | null;
  value: number;
  cumulative: number | null;
  estimated: boolean;
}

/** The row naming the label column: exactly first; tolerantly only in a row that is not data. */
function labelHeaderRow(rows: string[][]): number {
  const top = rows.slice(0, 4);
  const exact = top.findIndex((row) => row.some((c) => LABEL_HEADER.test(foldForMatching(c))));
  if (exact !== -1) return exact;
  return top.findIndex((row) => !looksLikeData(row) && row.some((c) => c.length <= MAX_LABEL_HEADER && isHeader(LABEL, foldForMatching(c))));
}

/** Header rows are merged per column; the result column is the one naming this period's results. */
export function findColumns(rows: string[][]): Columns | null {
  const labelRow = labelHeaderRow(rows);
  if (labelRow === -1) return null;
  // A header cell may wrap over rows above the one naming the label column ("Thực" / "hiện kỳ báo cáo").
  let headerStart = labelRow;
  while (headerStart > 0 && !looksLikeData(rows[headerStart - 1]!)) headerStart--;
  let headerEnd = labelRow + 1;
  while (headerEnd < rows.length && headerEnd < labelRow + 3 && !looksLikeData(rows[headerEnd]!)) headerEnd++;
  const width = Math.max(...rows.slice(headerStart, headerEnd).map((r) => r.length));
  const headers = Array.from({ length: width }, (_, col) =>
    foldForMatching(
      rows
        .slice(headerStart, headerEnd)
        .map((r) => r[col] ?? '')
        .join(' '),
    ),
  );
  const exactLabel = headers.findIndex((h) => LABEL_HEADER.test(h));
  const label = exactLabel !== -1 ? exactLabel : headers.findIndex((h) => isHeader(LABEL, h));
  const unit = headers.findIndex((h) => isHeader(UNIT, h));
  // A column named both as a result and as a decoy ("Kế hoạch kỳ báo cáo") is a decoy, however
  // damaged: the decoy test is the more tolerant one.
  const candidates = headers
    .map((h, col) => ({ h, col, sure: headerMatch(RESULT, h) }))
    .filter(({ h, col, sure }) => col !== label && col !== unit && sure >= 0 && !isHeader(NOT_RESULT, h));
  // The best-read naming wins, so a damaged header never outranks one read exactly; among
  // equals, this period's column, then the first.
  const surest = Math.max(...candidates.map((c) => c.sure));
  const best = candidates.filter((c) => c.sure === surest);
  const preferred = best.find(({ h }) => isHeader(THIS_PERIOD, h)) ?? best[0];
  if (!preferred) return null;
  const cumulative = headers.findIndex((h) => isHeader(CUMULATIVE, h));
  return {
    headerEnd,
    label,
    unit: unit === -1 ? null : unit,
    value: preferred.col,
    cumulative: cumulative === -1 ? null : cumulative,
    estimated: ESTIMATED_HEADER.test(preferred.h) || loose(ESTIMATED_HEADER).test(foldLoose(preferred.h)),
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

const MONEY_UNITS: [RegExp, MoneyUnit][] = [
  [/nghìn tỷ/u, 'nghìn tỷ đồng'],
  [/tỷ/u, 'tỷ đồng'],
  [/triệu|tr\.?\s*đ/u, 'triệu đồng'],
  [/nghìn đồng|ngàn đồng/u, 'nghìn đồng'],
  [/^đồng$|vnđ|vnd/u, 'đồng'],
];
/** The same units without diacritics, as whole words: a bare "ty" inside another word is no unit. */
const LOOSE_MONEY_UNITS: [RegExp, MoneyUnit][] = MONEY_UNITS.map(([p, unit]) => [word(stripDiacritics(p.source)), unit]);

function moneyUnitOf(text: string, ocr: boolean): MoneyUnit | null {
  const t = foldForMatching(text);
  const exact = MONEY_UNITS.find(([p]) => p.test(t));
  if (exact || !ocr) return exact?.[1] ?? null;
  const l = foldLoose(text);
  return LOOSE_MONEY_UNITS.find(([p]) => p.test(l))?.[1] ?? null;
}

/**
 * The confidence of a value read in doubt (its label matched only without diacritics, or its
 * figure looks misread): below what is accepted alone, so a reviewer confirms it unless
 * another reading agrees, and never above an exact reading of the same indicator.
 */
export const DOUBTFUL_READING_CONFIDENCE = 0.65;
/** A row whose unit is unknown, or whose figure is above its own running total on a scan: below any text reading a reviewer would see beside it. */
const MISREAD_ROW_CONFIDENCE = 0.5;

const fitsGroup = (rule: TableRule, rowGroup: string | null) => !(rule.groups && (rowGroup === null || !rule.groups.includes(rowGroup)));

/**
 * The rule naming a row: exactly first, in rule order; on an OCR page, when none does, the
 * same rules without diacritics ("tai san tri tué", "Tong chi ngan sach"), their exclusions
 * tested loosely too so that they exclude more, never less.
 */
function ruleForLabel(fullLabel: string, rowGroup: string | null, ocr: boolean): { rule: TableRule; exact: boolean } | null {
  const exact = TABLE_RULES.find((t) => t.label.test(fullLabel) && !t.not?.test(fullLabel) && fitsGroup(t, rowGroup));
  if (exact) return { rule: exact, exact: true };
  if (!ocr) return null;
  const l = foldLoose(fullLabel);
  const rule = TABLE_RULES.find((t) => loose(t.label).test(l) && !(t.not && loose(t.not).test(l)) && fitsGroup(t, rowGroup));
  return rule ? { rule, exact: false } : null;
}

/**
 * A row that opens a group: a Roman numeral, or (OCR reads "III" as "Im", "II" as "u") a
 * label in capitals with no value beside it.
 */
function isGroupRow(row: string[], labelCol: number, stt: string): boolean {
  if (labelCol === 0) return false;
  if (ROMAN.test(stt)) return true;
  const label = row[labelCol] ?? '';
  return /\p{Lu}.*\p{Lu}/u.test(label) && label === label.toUpperCase() && row.slice(labelCol + 1).every((c) => /^[\s\-–.]*$/u.test(c));
}

const UNIT_ABOVE = /(?:đơn vị tính|đvt)\s*:\s*([^;.)]+)/iu;

/** "Đơn vị tính: triệu đồng" written above a statistical table (on a scan, perhaps "Don vi tinh: trieu dong"). */
function tableUnitAbove(previous: Block | null, ocr: boolean): string | null {
  if (!previous || previous.kind === 'table') return null;
  const m = UNIT_ABOVE.exec(previous.text) ?? (ocr ? loose(UNIT_ABOVE).exec(foldLoose(previous.text)) : null);
  return m ? m[1]!.trim() : null;
}

export interface TableOptions {
  /** The table was read by OCR: labels may also match without diacritics. Default: it carries OCR words. */
  ocr?: boolean;
  /** The report's unit (current code), when known: a ranking table is read in its row only. */
  province?: string | null;
  /** The period the report covers, when known: a yearbook's series is read in its year's column. */
  period?: Period | null;
}

/** The year whose column a yearbook's series is read in: the year the report's period ends in. */
function reportYear(period: Period | null | undefined): number | null {
  return period ? Number(period.end.slice(0, 4)) : null;
}

export function valuesFromTable(
  block: TableBlock,
  group: string | null,
  previous: Block | null,
  locale: NumberLocale,
  { ocr = block.words !== undefined, province, period }: TableOptions = {},
): CandidateValue[] {
  const columns = findColumns(block.rows);
  // No results column: perhaps a yearbook's series (a column or a row per year) or a ranking of provinces.
  if (!columns) return [...valuesFromYearTable(block, previous, locale, { year: reportYear(period) }), ...valuesFromRankingTable(block, province)];
  const unitAbove = tableUnitAbove(previous, ocr);
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
    if (isGroupRow(row, labelCol, stt)) rowGroup = groupOfTitle(label) ?? rowGroup;
    const isSub = SUB_ROW.test(label) || (labelCol > 0 && /^[-+]?$/u.test(stt) && parent !== '');
    if (!isSub) parent = label;
    const fullLabel = isSub ? `${parent} › ${label.replace(SUB_ROW, '').trim()}` : label;
    const named = ruleForLabel(fullLabel, rowGroup, ocr);
    if (!named) continue;
    const { rule } = named;
    const cell = row[columns.value] ?? '';
    const number = findNumbers(cell, locale).find((m) => m.kind === 'number' || m.kind === 'money' || m.kind === 'percent');
    if (!number) continue;
    const indicator = indicatorById(rule.indicator);
    const unitText = (columns.unit !== null ? row[columns.unit] : undefined) ?? unitAbove ?? '';
    if (indicator.kind === 'count' && (!/^\d+$/.test(number.value) || /%/u.test(unitText))) continue;
    const moneyUnit = indicator.kind === 'money' ? moneyUnitOf(unitText, ocr) : null;
    // Money with no unit written anywhere: kept, but a reviewer must say which scale it is.
    const unitUnknown = indicator.kind === 'money' && number.kind !== 'money' && moneyUnit === null;
    const inCatalogueUnit = (m: NumberMatch): string => (m.kind !== 'money' && moneyUnit !== null ? toMillionDong(m.value, moneyUnit) : m.value);
    const cumulativeCell = columns.cumulative !== null ? (row[columns.cumulative] ?? '') : '';
    const cumulative = findNumbers(cumulativeCell, locale).find((m) => m.kind === 'number' || m.kind === 'money');
    const qualifier: Qualifier | null = number.qualifier ?? (columns.estimated ? 'estimate' : null);
    const value = inCatalogueUnit(number);
    // On a scan, a period figure above its own row's running total is most likely a misread
    // digit ("17" read as "1577"): it must not outrank another reading of the indicator.
    const misread = ocr && cumulative !== undefined && new Decimal(inCatalogueUnit(cumulative)).lt(value);
    out.push({
      indicator: rule.indicator,
      value,
      unit: indicator.unit,
      qualifier,
      rawText: cell.trim(),
      evidence: row.join(' | '),
      page: block.page,
      confidence: unitUnknown || misread ? MISREAD_ROW_CONFIDENCE : named.exact ? 0.9 : DOUBTFUL_READING_CONFIDENCE,
      extractor: 'rules',
      context: { origin: 'table', ...(cumulative ? { cumulative: inCatalogueUnit(cumulative) } : {}) },
    });
  }
  return out;
}
