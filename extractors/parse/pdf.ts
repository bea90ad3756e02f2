// PDF -> ParsedDocument, from the text layer pdf.js (inside unpdf) exposes.
//
// pdf.js gives positioned text items (a string, a transform, a width, a font). They become
// positioned words in device space (y grows downwards; page rotation applied): a word's position
// is its baseline, its size the font size, bold from the font's name. Runs of 3+ spaces inside one
// item (alignment with the space bar) part words as a wide gap would. The layout pass (./layout/,
// with TEXT_LAYER_LAYOUT) turns them into lines, tables, headings and paragraphs.
//
// Limits: the ruling lines of a table are not read (only text positions), so vertically centred
// cells whose wrapped neighbours shift the baselines, merged cells spanning columns, and tables with
// under two aligned multi-cell lines are not reconstructed exactly; a sub-row with an empty first
// column drawn at plain line spacing is merged into the row above. Multi-column narrative layouts
// are not separated. Legacy TCVN3/VNI font encodings come out as they are encoded.
import type { Block, ParsedDocument, ParsedPage } from '../types.ts';
import { budgetsWith, documentCharsWarning, pageCharsWarning, pageContentWarning, type DocumentBudgets } from './budgets.ts';
import { DocumentError } from './errors.ts';
import { dominant, groupLines, layoutBlocks, type LayoutWord, type Line, TEXT_LAYER_LAYOUT, withoutPageNumbers } from './layout/index.ts';
import { encryptedError, isPasswordError, type OpenedPdf, openPdf, reasonOf } from './pdf-document.ts';
import { readOverlayTexts } from './pdf-overlays.ts';
import { hasStampMarks, looksLikeSignatureStamp } from '../stamps.ts';
import { formatSize } from '../../shared/size.ts';
import { warning, type DocumentWarning, type WarningCode } from '../warnings.ts';

/** Warnings that already say why a page holds no text. */
const UNREAD_PAGE = new Set<WarningCode>(['page_unreadable', 'page_content_too_large', 'document_text_cut']);

interface PageLayout {
  number: number;
  height: number;
  lines: Line[];
  /** Characters of text read from the page. */
  chars?: number;
  /** The page's text was cut at the budget readPageLayout was given. */
  truncated?: boolean;
  /** Signature stamps drawn by the page's signature fields, set apart from its lines. */
  stamps: string[];
}

// Minimal structural views of the pdf.js objects used here.
interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL?: boolean;
}
interface PdfPage {
  ref: { num: number; gen: number } | null;
  getViewport(params: { scale: number }): { transform: number[]; width: number; height: number };
  streamTextContent(): ReadableStream<{ items: Array<PdfTextItem | { type: string }> }>;
  getOperatorList(): Promise<unknown>;
  getAnnotations(): Promise<Array<{ id?: string; subtype?: string; fieldType?: string; hasAppearance?: boolean }>>;
  commonObjs: { has(id: string): boolean; get(id: string): unknown };
  cleanup(): unknown;
}

/** Told after each page; may throw to stop (a cancelled Temporal activity). */
export type PageProgress = (page: number, pages: number) => void;

/**
 * PDFs with more pages are refused before any page is read. A provincial report with its annexes
 * runs to tens of pages, rarely a few hundred; reading 5,000 pages costs a worker minutes and
 * would store values from something that is not a report.
 */
export const DEFAULT_MAX_PDF_PAGES = 1000;

/** The budgets parsePdf holds a document to (see budgets.ts). */
export type PdfBudgets = Pick<DocumentBudgets, 'maxPageContentBytes' | 'maxPageChars' | 'maxDocumentChars'>;

/** What reading a text layer takes besides the PDF: progress per page, the page cap, the budgets. */
type TextLayerOptions = [onPage?: PageProgress, maxPages?: number, budgets?: Partial<PdfBudgets>];

/** A PDF's text layer as a ParsedDocument; the PDF is opened and closed here (see readTextLayer). */
export async function parsePdf(bytes: Uint8Array, ...options: TextLayerOptions): Promise<ParsedDocument> {
  const opened = await openPdf(bytes);
  try {
    return await readTextLayer(opened, ...options);
  } finally {
    await opened.close();
  }
}

/** The text layer of an opened PDF as a ParsedDocument; the caller closes the PDF. */
export async function readTextLayer(opened: OpenedPdf, ...[onPage, maxPages = DEFAULT_MAX_PDF_PAGES, budgets = {}]: TextLayerOptions): Promise<ParsedDocument> {
  const limits = budgetsWith(budgets);
  const { pdf } = opened;
  // numPages is the page tree's own /Count, read without walking the tree.
  if (pdf.numPages > maxPages) {
    throw new DocumentError(
      'too_large',
      `PDF has ${pdf.numPages} pages, the limit is ${maxPages}: not read (a report is tens of pages; send the report without bulky attachments, or split it); the limit is the setting limits.maxPages`,
    );
  }
  const warnings: DocumentWarning[] = [];
  const layouts: PageLayout[] = [];
  const overBudget = new Set<number>();
  const objects = opened.objects();
  let failedPages = 0;
  let chars = 0;
  const unreadForChars: number[] = [];
  let partlyRead = false;
  for (let n = 1; n <= pdf.numPages; n++) {
    if (chars >= limits.maxDocumentChars) {
      // Past the document's text budget: the pages are counted, not read.
      unreadForChars.push(n);
      overBudget.add(n);
      layouts.push({ number: n, height: 0, lines: [], stamps: [] });
      onPage?.(n, pdf.numPages);
      continue;
    }
    try {
      const page = (await pdf.getPage(n)) as unknown as PdfPage;
      // A page whose content inflates past the budget is never handed to pdf.js, which would
      // inflate it whole and walk every operator (minutes, gigabytes).
      const content = page.ref ? objects.pageContentBytes(page.ref.num, limits.maxPageContentBytes) : null;
      if (content !== null && content > limits.maxPageContentBytes) {
        warnings.push(pageContentWarning(n, limits.maxPageContentBytes));
        overBudget.add(n);
        layouts.push({ number: n, height: 0, lines: [], stamps: [] });
      } else {
        const room = limits.maxDocumentChars - chars;
        const layout = await readPageLayout(page, n, opened.ops, Math.min(limits.maxPageChars, room));
        if (layout.truncated && limits.maxPageChars <= room) warnings.push(pageCharsWarning(n, limits.maxPageChars));
        else if (layout.truncated) {
          unreadForChars.push(n);
          partlyRead = true;
        }
        chars += layout.chars ?? 0;
        layouts.push(layout);
      }
      page.cleanup();
    } catch (error) {
      if (isPasswordError(error)) throw encryptedError(error);
      failedPages++;
      warnings.push(warning('page_unreadable', `page ${n} could not be read: ${reasonOf(error)}`, n));
      layouts.push({ number: n, height: 0, lines: [], stamps: [] });
    }
    onPage?.(n, pdf.numPages);
  }
  if (unreadForChars.length > 0) warnings.push(documentCharsWarning(unreadForChars, pdf.numPages, limits.maxDocumentChars, partlyRead));
  if (pdf.numPages === 0) throw new DocumentError('corrupt', 'PDF is damaged: it has no pages');
  if (overBudget.size === pdf.numPages) {
    throw new DocumentError(
      'too_large',
      `PDF is not read: ${pdf.numPages === 1 ? 'its page' : `each of its ${pdf.numPages} pages`} draws more than ${formatSize(limits.maxPageContentBytes)} of content, the limit is limits.maxPageContentBytes (a page of a report is tens of KiB)`,
    );
  }
  if (failedPages === pdf.numPages) {
    throw new DocumentError('corrupt', `PDF is damaged: no page could be read (${warnings[0]?.message ?? ''})`);
  }

  const body = bodySize(layouts);
  const pages: ParsedPage[] = layouts.map((layout) => {
    if (overBudget.has(layout.number)) return { number: layout.number, blocks: [], source: 'text', unread: 'over_budget' };
    if (layout.lines.length === 0 && !warnings.some((w) => w.page === layout.number && UNREAD_PAGE.has(w.code))) {
      warnings.push(warning('no_text_layer', `page ${layout.number} has no text layer`, layout.number));
    }
    return { number: layout.number, blocks: pageBlocks(layout, body), source: 'text', ...(layout.stamps.length > 0 ? { stamps: layout.stamps } : {}) };
  });
  if (pages.every((p) => p.blocks.length === 0 && !p.stamps)) {
    throw new DocumentError('no_text', 'no text layer on any page (a scan? OCR is not enabled here: ocr.enabled)');
  }
  return { mediaType: 'application/pdf', pages, warnings };
}

// ---------------------------------------------------------------------------------------------
// Step 1-2: text items -> lines of segments

/**
 * The text items of a page, read as pdf.js streams them and no further than `maxChars`: a page
 * drawing the same line a million times stops costing memory once it is over.
 */
async function readTextItems(page: PdfPage, maxChars: number): Promise<{ items: PdfTextItem[]; chars: number; truncated: boolean }> {
  const reader = page.streamTextContent().getReader();
  const items: PdfTextItem[] = [];
  let chars = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { items, chars, truncated: false };
      for (const it of value.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        if (chars + it.str.length > maxChars) {
          await reader.cancel().catch(() => {});
          return { items, chars, truncated: true };
        }
        items.push(it);
        chars += it.str.length;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

async function readPageLayout(page: PdfPage, number: number, ops: Record<string, number>, maxChars: number = Infinity): Promise<PageLayout> {
  const viewport = page.getViewport({ scale: 1 });
  const read = await readTextItems(page, maxChars);
  const items = read.items;
  const boldFonts = items.length > 0 ? await boldFontNames(page, new Set(items.map((it) => it.fontName))) : new Set<string>();
  const words = items.flatMap((it) => toWords(it, viewport.transform, boldFonts.has(it.fontName)));
  // What signature fields draw: a stamp is set apart; a number or day a signing system filled
  // in joins the line it was written on ("Số: 11 /TB-UBND").
  // Their text counts against the page's budget as the page's own does.
  const stamps: string[] = [];
  let overlayChars = 0;
  let overlayTruncated = false;
  for (const overlay of await readOverlayTexts(page, ops)) {
    if (read.chars + overlayChars + overlay.text.length > maxChars) {
      overlayTruncated = true;
      break;
    }
    overlayChars += overlay.text.length;
    if (overlay.signatureField ? hasStampMarks(overlay.text) : looksLikeSignatureStamp(overlay.text)) stamps.push(overlay.text);
    else words.push(...overlay.items.flatMap((it) => toWords(it, viewport.transform, false)));
  }
  const lines = withoutPageNumbers(groupLines(words, TEXT_LAYER_LAYOUT, 0), viewport.height, TEXT_LAYER_LAYOUT);
  return { number, height: viewport.height, lines, stamps, chars: read.chars + overlayChars, truncated: read.truncated || overlayTruncated };
}

/**
 * Names of bold fonts. Text content only carries pdf.js's internal font ids; the fonts themselves
 * (with their PostScript names, e.g. "BCDEEE+TimesNewRomanPS-BoldMT") reach page.commonObjs once
 * the operator list has been built. Without them every line counts as regular weight.
 */
async function boldFontNames(page: PdfPage, ids: Set<string>): Promise<Set<string>> {
  const bold = new Set<string>();
  // The operator list is the costly part of reading a page; fonts are shared by the whole
  // document, so once earlier pages have resolved every font this page uses it is skipped.
  const unresolved = [...ids].some((id) => !page.commonObjs.has(id));
  if (unresolved) {
    try {
      await page.getOperatorList();
    } catch {
      return bold;
    }
  }
  for (const id of ids) {
    try {
      if (!page.commonObjs.has(id)) continue;
      const font = page.commonObjs.get(id) as { name?: unknown; bold?: unknown; black?: unknown } | null;
      const name = typeof font?.name === 'string' ? font.name : '';
      if (font?.bold === true || font?.black === true || /bold|black|heavy|semibold|demi|[,-]B$/i.test(name)) {
        bold.add(id);
      }
    } catch {
      // font not resolved: treat as regular
    }
  }
  return bold;
}

function multiply(m: number[], n: number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  const [a2 = 0, b2 = 0, c2 = 0, d2 = 0, e2 = 0, f2 = 0] = n;
  return [a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f];
}

/** An item's words in device space; split where it holds 3+ spaces (columns aligned with the space bar). */
function toWords(item: PdfTextItem, viewportTransform: number[], bold: boolean): LayoutWord[] {
  const m = multiply(viewportTransform, item.transform);
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = m;
  const fs = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
  // Horizontal text has its advance along +x in device space; anything else (rotated stamps,
  // vertical header cells) is kept as a zero-width run at its origin.
  const horizontal = Math.abs(b) <= Math.abs(a) * 0.1 && a > 0;
  const width = horizontal ? item.width * (Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0) || 1) : 0;
  const str = item.str;
  const charW = str.length > 0 ? width / str.length : 0;
  const words: LayoutWord[] = [];
  const re = /\S+(?: {1,2}\S+)*/g;
  for (let mt = re.exec(str); mt; mt = re.exec(str)) {
    const x0 = x + mt.index * charW;
    words.push({ text: mt[0], x0, x1: x0 + mt[0].length * charW, y, top: y - fs, size: fs, bold, solid: true });
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// Blocks

/** The body text size: the size covering most characters of the document. */
function bodySize(layouts: PageLayout[]): number {
  const weighted: Array<[number, number]> = [];
  for (const layout of layouts) for (const line of layout.lines) weighted.push([line.size, line.text.length]);
  return dominant(weighted) || 12;
}

function pageBlocks(layout: PageLayout, body: number): Block[] {
  return layoutBlocks(layout.number, layout.lines, TEXT_LAYER_LAYOUT, body).map((b) => b.block);
}
