// What one document may cost to read, as a whole: the limits on each object (a picture's
// megapixels, a Word part's size, a PDF's page count) do not stop a file made of many objects
// each just under them (twenty 144-megapixel TIFF pages, four 30 MiB XML parts, a page drawing
// 100 MiB of operators). Each budget is a `limits` setting; its default keeps one document well
// inside the memory of the process that reads it (limits.documentMemoryBytes, 1 GiB).
//
// Past a budget a document either fails `too_large` with a sentence naming the setting (where
// nothing partial is worth having: the XML of a Word file is parsed whole), or the rest is left
// out with a warning naming it (a page's text past maxPageChars, the pages after
// maxDocumentChars or maxDecodedPixels, a page over maxPageContentBytes), and what was read counts.
import type { Block, ParsedDocument } from '../types.ts';
import { tableText } from './text.ts';
import { formatSize } from '../../shared/size.ts';
import { warning, type DocumentWarning } from '../warnings.ts';

export interface DocumentBudgets {
  /** Word: the XML the reader parses, every part it opens together (parsing costs ~45 bytes of memory a byte). */
  maxXmlBytes: number;
  /** Characters of text one page holds; past it the rest of the page is cut off, with a warning. */
  maxPageChars: number;
  /** Characters of text of the whole document; past it the following pages are not read, with a warning. */
  maxDocumentChars: number;
  /** PDF: bytes one page's content streams inflate to; a page over it is not read, with a warning. */
  maxPageContentBytes: number;
  /** Pixels decoded for OCR over the whole document (page renders, pictures); past it the following pages are not read by OCR, with a warning. */
  maxDecodedPixels: number;
}

const MiB = 1024 * 1024;

/** Larger images are refused without decoding (a decompression bomb, or a poster at 1200 dpi). */
export const MAX_DECODE_PIXELS = 150_000_000;

export const DEFAULT_BUDGETS: DocumentBudgets = {
  // About 550 MB of memory to parse; a 500-page Word report is 5 MiB of XML.
  maxXmlBytes: 12 * MiB,
  // A dense A4 page is 5,000 characters; a Word file without page breaks is one long "page".
  maxPageChars: 1_000_000,
  // About 1,000 dense pages.
  maxDocumentChars: 4_000_000,
  // A text page is tens of KiB; a detailed map or chart a few MiB.
  maxPageContentBytes: 8 * MiB,
  // About 230 A4 pages scanned at 300 dpi: more than ocr.maxPages reads at its default.
  maxDecodedPixels: 2_000_000_000,
};

export function budgetsWith(partial: Partial<DocumentBudgets> | undefined): DocumentBudgets {
  const out = { ...DEFAULT_BUDGETS };
  for (const [key, value] of Object.entries(partial ?? {})) if (value !== undefined) out[key as keyof DocumentBudgets] = value;
  return out;
}

const count = (n: number) => n.toLocaleString('en-US');

/** "pages 4-12", "page 4", "pages 4, 7": the pages a warning is about. */
export function pageList(pages: number[]): string {
  if (pages.length === 1) return `page ${pages[0]}`;
  const contiguous = pages.every((n, i) => i === 0 || n === pages[i - 1]! + 1);
  if (contiguous) return `pages ${pages[0]}-${pages[pages.length - 1]}`;
  return pages.length <= 5 ? `pages ${pages.join(', ')}` : `pages ${pages.slice(0, 5).join(', ')} and ${pages.length - 5} more`;
}

export function pageCharsWarning(page: number, limit: number): DocumentWarning {
  return warning(
    'page_text_cut',
    `page ${page}: only its first ${count(limit)} characters were read, the rest of the page was left out (limits.maxPageChars)`,
    page,
  );
}

/** `partial`: the first of `pages` was read in part. */
export function documentCharsWarning(pages: number[], total: number, limit: number, partial = false): DocumentWarning {
  const part = partial ? ` (page ${pages[0]} only in part)` : '';
  return warning(
    'document_text_cut',
    `${pageList(pages)} of ${total} ${pages.length === 1 ? 'was' : 'were'} not read${part}: the document's text passed ${count(limit)} characters (limits.maxDocumentChars)`,
    pages[0],
  );
}

export function pageContentWarning(page: number, limit: number): DocumentWarning {
  return warning(
    'page_content_too_large',
    `page ${page} was not read: its content stream inflates to more than ${formatSize(limit)} (limits.maxPageContentBytes)`,
    page,
  );
}

export function decodedPixelsWarning(pages: number[], total: number | null, limit: number): DocumentWarning {
  const of = total !== null ? ` of ${total}` : '';
  return warning(
    'ocr_pixels_limit',
    `${pageList(pages)}${of} ${pages.length === 1 ? 'was' : 'were'} not read by OCR: the document's page images passed ${count(limit / 1_000_000)} megapixels (limits.maxDecodedPixels)`,
    pages[0],
  );
}

/** A block cut to `keep` characters of text (a table keeps its first rows), or null when nothing of it fits. */
function cutBlock(block: Block, keep: number): Block | null {
  if (keep <= 0) return null;
  if (block.kind !== 'table') return { ...block, text: block.text.slice(0, keep) };
  const rows: string[][] = [];
  let used = 0;
  for (const row of block.rows) {
    const line = row.join(' | ').length + 1;
    if (used + line > keep) break;
    rows.push(row);
    used += line;
  }
  return rows.length > 0 ? { ...block, rows, text: tableText(rows) } : null;
}

/**
 * The document held to maxPageChars and maxDocumentChars: a page's blocks past its budget are cut
 * (the block that crosses it is kept up to the limit), pages past the document's budget keep no
 * block; each cut is said in the warnings. Pages are kept (empty), so the page count stays the file's.
 */
export function holdToTextBudgets(doc: ParsedDocument, budgets: Pick<DocumentBudgets, 'maxPageChars' | 'maxDocumentChars'>): ParsedDocument {
  let total = 0;
  const warnings: DocumentWarning[] = [];
  const unread: number[] = [];
  let partial = false;
  const pages = doc.pages.map((page) => {
    if (total >= budgets.maxDocumentChars) {
      if (page.blocks.length > 0) unread.push(page.number);
      return page.blocks.length > 0 ? { ...page, blocks: [] } : page;
    }
    let onPage = 0;
    const blocks: Block[] = [];
    let cut = false;
    for (const block of page.blocks) {
      const room = Math.min(budgets.maxPageChars - onPage, budgets.maxDocumentChars - total);
      if (block.text.length <= room) {
        blocks.push(block);
        onPage += block.text.length;
        total += block.text.length;
        continue;
      }
      const part = cutBlock(block, room);
      if (part) {
        blocks.push(part);
        onPage += part.text.length;
        total += part.text.length;
      }
      cut = true;
      break;
    }
    if (cut && onPage >= budgets.maxPageChars) warnings.push(pageCharsWarning(page.number, budgets.maxPageChars));
    else if (cut) {
      unread.push(page.number);
      partial = onPage > 0;
    }
    return cut ? { ...page, blocks } : page;
  });
  if (warnings.length === 0 && unread.length === 0) return doc;
  if (unread.length > 0) warnings.push(documentCharsWarning(unread, doc.pages.length, budgets.maxDocumentChars, partial));
  return { ...doc, pages, warnings: [...doc.warnings, ...warnings] };
}
