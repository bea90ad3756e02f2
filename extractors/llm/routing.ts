// Which parts of a report go into the request for one indicator group: the sentences that
// name the group's subject (keywords, or the numbered section heading they sit under) and,
// from the annex tables, the header rows plus the rows of the group (the Roman numeral row
// group they sit in, or their label when the group is not recognisable). Plan targets and
// the signature block are never sent, nor sentences whose only numbers are dates, years or
// document numbers: they cannot hold a value.
import { detectLocale, findNumbers, type NumberLocale } from '../numbers.ts';
import { blocksInContext, groupOfTitle } from '../rules/sections.ts';
import { foldForMatching } from '../rules/match-text.ts';
import { splitSentences } from '../rules/from-text.ts';
import type { ParsedDocument, TableBlock } from '../types.ts';

/** Bumped whenever routing changes what is sent: it is part of the prompt version. */
export const ROUTING_REVISION = 1;

/** Words (folded: lower case, "khcn", "tỷ") that make a sentence or table row relevant to a group. */
export const GROUP_KEYWORDS: Record<string, RegExp> = {
  nhiem_vu: /nhiệm vụ|đề tài|nghiệm thu|đặt hàng|chuyển tiếp|chuyển giao|đăng ký kết quả|thanh lý/u,
  tai_chinh: /ngân sách|kinh phí|tổng chi|chi đầu tư|đầu tư phát triển|sự nghiệp|nghiên cứu (?:khoa học )?và phát triển|r&d|dự toán|giải ngân|tỷ đồng|triệu đồng/u,
  to_chuc_nhan_luc: /tổ chức khcn|tổ chức khoa học|đăng ký hoạt động|nhân lực|cán bộ nghiên cứu|nghiên cứu viên|người làm|nhân viên nghiên cứu/u,
  cong_nghe: /doanh nghiệp khcn|doanh nghiệp khoa học|công nghệ cao|chuyển giao công nghệ|thẩm định công nghệ|ý kiến về công nghệ|đổi mới công nghệ|thủ tục hành chính|hợp đồng chuyển giao/u,
  so_huu_tri_tue: /sở hữu|nhãn hiệu|văn bằng|sáng chế|kiểu dáng|đơn đăng ký|sáng kiến|bảo hộ|tài sản trí tuệ|chỉ dẫn địa lý/u,
  tieu_chuan_do_luong: /đo lường|phương tiện đo|kiểm định|hiệu chuẩn|thử nghiệm|hợp chuẩn|hợp quy|chất lượng|năng suất|nhãn hàng hóa|tiêu chuẩn/u,
  an_toan_buc_xa: /bức xạ|x-?quang|liều kế|hạt nhân/u,
  thanh_tra: /thanh tra|kiểm tra|xử phạt|vi phạm|phạt/u,
  doi_moi_sang_tao: /đổi mới sáng tạo|khởi nghiệp|\bpii\b|cuộc thi|chỉ số đổi mới/u,
  hop_tac_cong_bo: /hợp tác quốc tế|bài báo|công bố quốc tế|tạp chí|scopus|isi/u,
  vien_thong: /thuê bao|\bbts\b|trạm (?:thu )?phát sóng|băng rộng|\b5g\b|viễn thông|phủ sóng/u,
  chuyen_doi_so: /chuyển đổi số|dịch vụ công trực tuyến|kinh tế số|\bdti\b|kỹ năng số/u,
  buu_chinh: /bưu chính|bưu cục|điểm phục vụ/u,
};

/** A piece of the report sent to the model, with the page it is on. */
export interface RoutedBlock {
  page: number;
  kind: 'heading' | 'text' | 'table';
  text: string;
}

const HAS_DIGIT = /\d/;
const SECTION_NUMBER = /^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):]\s*/u;

/** Whether a text holds a number that could be a value (not only dates, years and codes). */
function hasValue(text: string, locale: NumberLocale): boolean {
  return HAS_DIGIT.test(text) && findNumbers(text, locale).some((m) => m.kind === 'number' || m.kind === 'money' || m.kind === 'percent' || m.kind === 'fraction');
}
const DATA_ROW = /^(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.?|[-+•–]|a)$/u;
const ROMAN = /^[ivxlc]+\.?$/u;
const CODE_ROW_CELL = /^\s*(?:[A-Za-z]|\d{1,2}|\(\d{1,2}\))?\s*$/;

function matchesGroup(foldedText: string, group: string): boolean {
  return GROUP_KEYWORDS[group]?.test(foldedText) ?? false;
}

interface TableState {
  /** The Roman numeral row group in force (annex tables continue over pages). */
  rowGroup: string | null;
}

/** The rows of a table that concern the group, with the table's header rows in front. */
function tableRows(block: TableBlock, group: string, state: TableState): string[] | null {
  const rows = block.rows;
  // Header rows: everything before the first data row (a header cell may wrap over rows).
  let headerEnd = 0;
  while (headerEnd < rows.length && headerEnd < 4 && !DATA_ROW.test(foldForMatching(rows[headerEnd]![0] ?? ''))) headerEnd++;
  if (headerEnd === rows.length) headerEnd = 0;
  const picked: string[] = [];
  let parentMatches = false;
  for (let r = headerEnd; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length > 2 && row.every((c) => CODE_ROW_CELL.test(c))) continue;
    const first = foldForMatching(row[0] ?? '');
    const label = foldForMatching(row.slice(1).join(' '));
    const isGroupRow = ROMAN.test(first) && row.length > 1;
    if (isGroupRow) state.rowGroup = groupOfTitle(label);
    const isSub = /^[-+•–]?$/u.test(first) && !isGroupRow;
    const own = matchesGroup(label, group);
    if (!isSub) parentMatches = own;
    if (isGroupRow) continue;
    if (!HAS_DIGIT.test(row.slice(1).join(' '))) continue;
    // Under a recognised row group ("II | TÀI CHÍNH CHO KH&CN") the row group decides;
    // elsewhere ("VII | HOẠT ĐỘNG KHÁC", tables without groups) the row's words do.
    const relevant = state.rowGroup !== null ? state.rowGroup === group : own || (isSub && parentMatches);
    if (relevant) picked.push(row.join(' | '));
  }
  if (picked.length === 0) return null;
  return [...rows.slice(0, headerEnd).map((row) => row.join(' | ')), ...picked];
}

/**
 * The blocks of a report a group's request carries, in reading order. Sentences of a
 * paragraph under the group's own section heading are all sent; elsewhere only the
 * sentences that name the group's subject.
 */
export function routeBlocks(doc: ParsedDocument, group: string): RoutedBlock[] {
  const out: RoutedBlock[] = [];
  const state: TableState = { rowGroup: null };
  const locale = detectLocale(doc.pages.flatMap((p) => p.blocks.map((b) => b.text)).join('\n').slice(0, 20_000));
  let pendingHeading: RoutedBlock | null = null;
  // The group of the numbered section heading in force ("3. Sở hữu trí tuệ"); a title
  // ("Kết quả hoạt động khoa học và công nghệ ...") names no section.
  let sectionGroup: string | null = null;
  for (const { block, part } of blocksInContext(doc)) {
    if (part === 'plan' || part === 'signature') continue;
    if (block.kind !== 'table') {
      const folded = foldForMatching(block.text);
      const numbered = SECTION_NUMBER.exec(folded);
      const isTitle = block.kind === 'heading' || (numbered !== null && folded.length <= 120 && !hasValue(block.text.slice(numbered[0].length), locale));
      if (isTitle) {
        if (numbered) sectionGroup = groupOfTitle(folded.slice(numbered[0].length));
        pendingHeading = { page: block.page, kind: 'heading', text: block.text };
        continue;
      }
    }
    let text: string | null = null;
    let kind: RoutedBlock['kind'] = 'text';
    if (block.kind === 'table') {
      if (part !== 'annex' && !HAS_DIGIT.test(block.text)) continue;
      const rows = tableRows(block, group, state);
      if (rows) text = rows.join('\n');
      kind = 'table';
    } else if (HAS_DIGIT.test(block.text)) {
      const sentences = splitSentences(block.text).filter(
        (s) => hasValue(s.text, locale) && (sectionGroup === group || matchesGroup(foldForMatching(s.text), group)),
      );
      if (sentences.length > 0) text = sentences.map((s) => s.text).join(' ');
    }
    if (text === null) continue;
    // The section heading above gives the model its context; it costs a few tokens.
    if (pendingHeading) out.push(pendingHeading);
    pendingHeading = null;
    out.push({ page: block.page, kind, text });
  }
  return out;
}

/** Every block of the report as it would be sent whole: the baseline routing is measured against. */
export function wholeDocumentBlocks(doc: ParsedDocument): RoutedBlock[] {
  return doc.pages.flatMap((p) =>
    p.blocks.map((b): RoutedBlock => ({ page: p.number, kind: b.kind === 'table' ? 'table' : b.kind === 'heading' ? 'heading' : 'text', text: b.text })),
  );
}
