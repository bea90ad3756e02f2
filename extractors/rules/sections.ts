// Where each block sits in a report: results (numbers are what happened), plan (numbers
// are targets), the signature block, or the annex (tables of results). Also which
// indicator group the nearest section heading talks about, to tell apart rules that
// read alike ("kiểm tra 74 cơ sở" under inspection vs under metrology).
import type { Block, ParsedDocument } from '../types.ts';
import { foldForMatching, foldLoose, loose } from './match-text.ts';

export type ReportPart = 'results' | 'plan' | 'signature' | 'annex';

export interface BlockInContext {
  block: Block;
  part: ReportPart;
  /** The indicator group of the nearest section heading, when one is recognisable. */
  group: string | null;
  /** The block just before this one (for a "Đơn vị tính: ..." line above a table). */
  previous: Block | null;
  /** The folded title of the nearest section heading above the block (without its number), if any. */
  heading: string | null;
}

const NUMBERING = /^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):]\s*/u;

const PLAN_HEADING =
  /^(?:phương hướng|định hướng|kế hoạch|nhiệm vụ(?:,| và)? giải pháp|nhiệm vụ trọng tâm|nhiệm vụ,? (?:chủ yếu|công tác)|mục tiêu|đề xuất|kiến nghị)/u;
const ANNEX_HEADING = /^(?:phụ lục|biểu(?: số)?\s|biểu mẫu)/u;
const SIGNATURE_START = /^(?:nơi nhận|kt\.? giám đốc|giám đốc$|phó giám đốc$)/u;

/** Section words that name a group, checked on headings only. Order matters: first match wins. */
const GROUP_HEADINGS: [RegExp, string][] = [
  [/thanh tra|khiếu nại|tố cáo/u, 'thanh_tra'],
  [/bức xạ|hạt nhân/u, 'an_toan_buc_xa'],
  [/tiêu chuẩn|đo lường|chất lượng/u, 'tieu_chuan_do_luong'],
  [/sở hữu trí tuệ|sở hữu công nghiệp/u, 'so_huu_tri_tue'],
  [/tài chính|ngân sách|kinh phí|đầu tư cho khcn/u, 'tai_chinh'],
  [/nhiệm vụ khcn|quản lý khoa học|nhiệm vụ khoa học|đề tài/u, 'nhiem_vu'],
  // Not "khoa học và công nghệ": that names the whole field, not the technology work.
  [/(?:quản lý|phát triển|thị trường|đổi mới|chuyển giao|thẩm định|ứng dụng) công nghệ|thị trường khcn|doanh nghiệp khcn|công nghệ cao/u, 'cong_nghe'],
  [/đổi mới sáng tạo|khởi nghiệp/u, 'doi_moi_sang_tao'],
  [/chuyển đổi số/u, 'chuyen_doi_so'],
  [/viễn thông/u, 'vien_thong'],
  [/bưu chính/u, 'buu_chinh'],
];

interface SectionTitle {
  text: string;
  /** A top-level section (Roman numeral, heading style or all caps), where the plan part can start. */
  top: boolean;
  numbered: boolean;
  /** Numbered with Roman numerals ("II."): the report's top level when its parts are so numbered. */
  roman: boolean;
}

/**
 * The indicator group a (folded) section title or table group row names, if any. Exact
 * spelling first, so the order of GROUP_HEADINGS decides as written; then without
 * diacritics, for a scanned "SỞ HỮU TRÍ TUE".
 */
export function groupOfTitle(foldedTitle: string): string | null {
  const exact = GROUP_HEADINGS.find(([pattern]) => pattern.test(foldedTitle));
  if (exact) return exact[1];
  const title = foldLoose(foldedTitle);
  return GROUP_HEADINGS.find(([pattern]) => loose(pattern).test(title))?.[1] ?? null;
}

/** Exactly, or without diacritics: a heading is recognised however OCR left its accents. */
function headingIs(pattern: RegExp, folded: string): boolean {
  return pattern.test(folded) || loose(pattern).test(foldLoose(folded));
}

const RESULTS_HEADING = /^(?:kết quả|tình hình|đánh giá)/u;

/** A short block that starts with a section number, or a heading block: a section title. */
function sectionTitle(block: Block): SectionTitle | null {
  if (block.kind === 'table') return null;
  const folded = foldForMatching(block.text);
  const numbered = NUMBERING.exec(folded);
  if (block.kind !== 'heading' && (folded.length > 120 || !numbered)) return null;
  const roman = numbered !== null && /^[ivxlc]+\s*[.)]/u.test(numbered[0]);
  const allCaps = block.text === block.text.toUpperCase();
  return { text: folded.replace(NUMBERING, ''), top: block.kind === 'heading' || roman || allCaps, numbered: numbered !== null, roman };
}

export function blocksInContext(doc: ParsedDocument): BlockInContext[] {
  const out: BlockInContext[] = [];
  let part: ReportPart = 'results';
  let group: string | null = null;
  let heading: string | null = null;
  let previous: Block | null = null;
  // The title ("... và phương hướng, nhiệm vụ 6 tháng cuối năm") may be split into heading
  // lines; a plan section only starts once numbered sections have begun.
  let bodyStarted = false;
  // Under "I. KẾT QUẢ ĐẠT ĐƯỢC" a section "1. Kế hoạch thực hiện nhiệm vụ năm 2018" reports how the
  // year's plan was carried out: only a heading of the results' own (Roman) level opens the plan.
  let romanResults = false;
  for (const page of doc.pages) {
    for (const block of page.blocks) {
      const title = sectionTitle(block);
      const folded = block.kind === 'table' ? '' : foldForMatching(block.text);
      if (block.kind !== 'table' && folded.length <= 160 && headingIs(ANNEX_HEADING, folded)) {
        part = 'annex';
        group = null;
        heading = null;
      } else if (block.kind !== 'table' && headingIs(SIGNATURE_START, folded) && part !== 'annex') {
        part = 'signature';
      } else if (title !== null && part !== 'annex') {
        if (title.numbered) bodyStarted = true;
        const belowResults = part === 'results' && romanResults && title.numbered && !title.roman;
        if (title.top && bodyStarted && !belowResults && headingIs(PLAN_HEADING, title.text)) part = 'plan';
        else if (title.top && headingIs(RESULTS_HEADING, title.text)) {
          part = 'results';
          // "1. Kết quả thực hiện …" under "I. KẾT QUẢ ĐẠT ĐƯỢC" is one of its sections: the level stays Roman.
          if (title.roman) romanResults = true;
          else if (!title.numbered) romanResults = false;
        }
        group = groupOfTitle(title.text) ?? group;
        heading = title.text;
      }
      out.push({ block, part, group, previous, heading });
      previous = block;
    }
  }
  return out;
}
