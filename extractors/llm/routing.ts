// Which parts of a report go into the request for one indicator group: the sentences that
// name the group's subject (keywords, or the numbered section they sit under) and, from the
// annex tables, the header rows plus the rows of the group (the Roman numeral row group they
// sit in, or their label when the group is not recognisable). Only the blocks a model may
// read are routed (modelReadableBlocks: never the plan section, the signature block or a
// block that reads as an instruction to a model), nor sentences whose only numbers are
// dates, years or document numbers: they cannot hold a value. A group whose routed text is
// over the input limit keeps the blocks that name its subject most.
import { detectLocale, type NumberLocale } from '../numbers/locale.ts';
import { findNumbers } from '../numbers/scanner.ts';
import { groupOfTitle, type BlockInContext } from '../rules/sections.ts';
import { foldForMatching } from '../rules/match-text.ts';
import { splitSentences } from '../rules/from-text.ts';
import { isCodeRow, looksLikeData, ROMAN } from '../rules/from-table.ts';
import { readableBlocks, type DocumentReading } from '../reading.ts';
import type { ParsedDocument, TableBlock } from '../types.ts';
import { modelReadableBlocks } from '../verify/grounding.ts';
import { estimateTokens } from './tokens.ts';

/** Bumped whenever routing changes what is sent: it is part of the prompt version. */
export const ROUTING_REVISION = 3;

/** Words (folded: lower case, "khcn", "tỷ") that make a sentence or table row relevant to a group. */
export const GROUP_KEYWORDS: Record<string, RegExp> = {
  nhiem_vu: /nhiệm vụ|đề tài|nghiệm thu|đặt hàng|chuyển tiếp|chuyển giao|đăng ký kết quả|thanh lý/u,
  tai_chinh:
    /ngân sách|kinh phí|tổng chi|chi đầu tư|đầu tư phát triển|sự nghiệp|nghiên cứu (?:khoa học )?và phát triển|r&d|dự toán|giải ngân|tỷ đồng|triệu đồng/u,
  to_chuc_nhan_luc: /tổ chức khcn|tổ chức khoa học|đăng ký hoạt động|nhân lực|cán bộ nghiên cứu|nghiên cứu viên|người làm|nhân viên nghiên cứu/u,
  cong_nghe:
    /doanh nghiệp khcn|doanh nghiệp khoa học|công nghệ cao|chuyển giao công nghệ|thẩm định công nghệ|ý kiến về công nghệ|đổi mới công nghệ|thủ tục hành chính|hợp đồng chuyển giao/u,
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
  return (
    HAS_DIGIT.test(text) && findNumbers(text, locale).some((m) => m.kind === 'number' || m.kind === 'money' || m.kind === 'percent' || m.kind === 'fraction')
  );
}

function matchesGroup(foldedText: string, group: string): boolean {
  return GROUP_KEYWORDS[group]?.test(foldedText) ?? false;
}

interface TableState {
  /** The Roman numeral row group in force (annex tables continue over pages). */
  rowGroup: string | null;
}

/** The rows of a table that concern the group, with the table's header rows in front; `named`: rows that name the group. */
function tableRows(block: TableBlock, group: string, state: TableState, settledRows?: ReadonlySet<string>): { rows: string[]; named: number } | null {
  const rows = block.rows;
  // Header rows: everything before the first data row (a header cell may wrap over rows).
  let headerEnd = 0;
  while (headerEnd < rows.length && headerEnd < 4 && !looksLikeData(rows[headerEnd]!)) headerEnd++;
  if (headerEnd === rows.length) headerEnd = 0;
  const picked: string[] = [];
  let named = 0;
  let parentMatches = false;
  for (let r = headerEnd; r < rows.length; r++) {
    const row = rows[r]!;
    if (isCodeRow(row)) continue;
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
    if (!relevant) continue;
    // A row the rules read surely needs no second reading.
    if (settledRows?.has(row.join(' | '))) continue;
    picked.push(row.join(' | '));
    if (own || state.rowGroup === group) named++;
  }
  if (picked.length === 0) return null;
  return { rows: [...rows.slice(0, headerEnd).map((row) => row.join(' | ')), ...picked], named };
}

/** A block routed to a group, the section heading in force above it, and how many of its sentences or rows name the group. */
interface Routed {
  heading: RoutedBlock | null;
  block: RoutedBlock;
  score: number;
}

/**
 * The blocks a group's request carries, in reading order. Sentences of a paragraph under the
 * group's own section heading are all sent; elsewhere only the sentences that name the
 * group's subject.
 */
function routeGroup(blocks: IndexedBlock[], group: string, locale: NumberLocale, focus?: RoutingFocus): Routed[] {
  const out: Routed[] = [];
  const state: TableState = { rowGroup: null };
  let heading: RoutedBlock | null = null;
  // The group of the numbered section heading in force ("3. Sở hữu trí tuệ"); a title
  // ("Kết quả hoạt động khoa học và công nghệ ...") names no section.
  let sectionGroup: string | null = null;
  for (const { block, part, index } of blocks) {
    if (block.kind !== 'table') {
      const folded = foldForMatching(block.text);
      const numbered = SECTION_NUMBER.exec(folded);
      const isTitle = block.kind === 'heading' || (numbered !== null && folded.length <= 120 && !hasValue(block.text.slice(numbered[0].length), locale));
      if (isTitle) {
        if (numbered) sectionGroup = groupOfTitle(folded.slice(numbered[0].length));
        heading = { page: block.page, kind: 'heading', text: block.text };
        continue;
      }
    }
    if (block.kind === 'table') {
      if (part !== 'annex' && !HAS_DIGIT.test(block.text)) continue;
      const table = tableRows(block, group, state, focus?.settledRows);
      if (table) out.push({ heading, block: { page: block.page, kind: 'table', text: table.rows.join('\n') }, score: table.named });
    } else if (HAS_DIGIT.test(block.text)) {
      const sentences = splitSentences(block.text)
        .filter((_s, i) => !focus || focus.sentences.has(`${index}:${i}`))
        .filter((s) => hasValue(s.text, locale))
        .map((s) => ({ text: s.text, named: matchesGroup(foldForMatching(s.text), group) }))
        .filter((s) => sectionGroup === group || s.named);
      if (sentences.length > 0) {
        out.push({
          heading,
          block: { page: block.page, kind: 'text', text: sentences.map((s) => s.text).join(' ') },
          score: sentences.filter((s) => s.named).length,
        });
      }
    }
  }
  return out;
}

/** The blocks sent, in reading order, each section heading once above the first block under it. */
function flatten(routed: Routed[]): RoutedBlock[] {
  const out: RoutedBlock[] = [];
  let lastHeading: RoutedBlock | null = null;
  for (const r of routed) {
    // The section heading above gives the model its context; it costs a few tokens.
    if (r.heading && r.heading !== lastHeading) out.push(r.heading);
    lastHeading = r.heading;
    out.push(r.block);
  }
  return out;
}

/** Within `maxTokens`: the blocks that name the group most are kept (earlier first among equals), the rest left out. */
function withinLimit(routed: Routed[], maxTokens: number): { kept: Routed[]; dropped: number } {
  const cost = (r: Routed) => estimateTokens(r.block.text) + (r.heading ? estimateTokens(r.heading.text) : 0);
  if (routed.reduce((n, r) => n + cost(r), 0) <= maxTokens) return { kept: routed, dropped: 0 };
  const keep = new Set<Routed>();
  let used = 0;
  for (const r of [...routed].sort((a, b) => b.score - a.score)) {
    if (used + cost(r) > maxTokens) continue;
    keep.add(r);
    used += cost(r);
  }
  return { kept: routed.filter((r) => keep.has(r)), dropped: routed.length - keep.size };
}

export interface GroupRouting {
  group: string;
  blocks: RoutedBlock[];
  /** Blocks left out to keep the group within maxInputTokens. */
  dropped: number;
}

/** What the rules could not settle (mentions/index.ts unsettledFocus): only that is sent. */
export interface RoutingFocus {
  /** "blockIndex:sentenceIndex" of the sentences to send (block indices of readDocument). */
  sentences: ReadonlySet<string>;
  /** Table rows (cells joined by " | ") the rules read surely. */
  settledRows: ReadonlySet<string>;
}

interface IndexedBlock extends BlockInContext {
  index: number;
}

export interface RoutingOptions {
  /** Only the unsettled sentences and rows (with the reading the focus was made on). */
  focus?: { reading: DocumentReading; unsettled: RoutingFocus };
  /** Estimated tokens (tokens.ts) of the routed text per group; over it, the blocks that name the group least are left out. */
  maxInputTokens?: number;
  /** The report's number locale, when the caller knows it already. */
  locale?: NumberLocale;
}

/** The number locale of a report, from its first 20,000 characters (as the rules decide it). */
export function reportLocale(doc: ParsedDocument): NumberLocale {
  return detectLocale(
    doc.pages
      .flatMap((p) => p.blocks.map((b) => b.text))
      .join('\n')
      .slice(0, 20_000),
  );
}

/** What each of `groups` is sent; the report's blocks and locale are worked out once. */
export function routeReport(doc: ParsedDocument, groups: string[], options: RoutingOptions = {}): GroupRouting[] {
  const blocks: IndexedBlock[] = options.focus ? readableBlocks(options.focus.reading) : modelReadableBlocks(doc).map((b, index) => ({ ...b, index }));
  const locale = options.locale ?? reportLocale(doc);
  return groups.map((group) => {
    const { kept, dropped } = withinLimit(routeGroup(blocks, group, locale, options.focus?.unsettled), options.maxInputTokens ?? Infinity);
    return { group, blocks: flatten(kept), dropped };
  });
}

/** The blocks one group's request carries (routeReport for a single group, no input limit). */
export function routeBlocks(doc: ParsedDocument, group: string): RoutedBlock[] {
  return routeReport(doc, [group])[0]!.blocks;
}

/** Every block of the report as it would be sent whole: the baseline routing is measured against. */
export function wholeDocumentBlocks(doc: ParsedDocument): RoutedBlock[] {
  return doc.pages.flatMap((p) =>
    p.blocks.map((b): RoutedBlock => ({ page: p.number, kind: b.kind === 'table' ? 'table' : b.kind === 'heading' ? 'heading' : 'text', text: b.text })),
  );
}
