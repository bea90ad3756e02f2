// PDF -> ParsedDocument, from the text layer pdf.js (inside unpdf) exposes.
//
// pdf.js gives positioned text items (a string, a transform, a width, a font). The layout is rebuilt
// in four steps, all in device space (y grows downwards; page rotation applied):
//
// 1. Items -> lines: items whose baselines are within 0.4 em of each other, sorted by x.
// 2. Lines -> segments: inside a line, items closer than 0.15 em are glued, up to 0.75 em apart get
//    one space, and a wider gap starts a new segment (a table cell or a layout column). pdf.js's own
//    whitespace items and leading/trailing spaces are accounted for; runs of 3+ spaces inside one
//    item (alignment with the space bar) are treated as a wide gap.
// 3. Tables: a run of consecutive lines where lines have several segments whose x ranges line up.
//    Columns come from the lines with the most segments (3+ for a data table; exactly 2 for the
//    two-column header/signature layouts of Vietnamese reports). Each line's segments are assigned
//    to columns; a line with an empty first column that follows at line spacing and does not start
//    like a list item ("-", "a)", "1.") is a wrapped continuation and is merged into the previous
//    row's cells; any other line starts a row.
// 4. Other lines become headings or paragraphs. A line is a heading when it is short and all
//    capitals, a Roman-numeral section ("II. PHƯƠNG HƯỚNG ..."), or bold / larger than the body
//    text without ending like a sentence; adjacent heading lines of the same style are one heading.
//    Body lines form a paragraph until a vertical gap wider than 1.25x the line spacing, a first-line
//    indent, a list-item start, a change of font size, or a short previous line ending in . : ; ! ?
//
// Limits: the ruling lines of a table are not read (only text positions), so vertically centred
// cells whose wrapped neighbours shift the baselines, merged cells spanning columns, and tables with
// under two aligned multi-cell lines are not reconstructed exactly; a sub-row with an empty first
// column drawn at plain line spacing is merged into the row above. Multi-column narrative layouts
// are not separated. Legacy TCVN3/VNI font encodings come out as they are encoded.
import './polyfills.ts';
import { getResolvedPDFJS } from 'unpdf';
import type { Block, ParsedDocument, ParsedPage } from '../types.ts';
import { MAX_DECODE_PIXELS } from '../ocr/image.ts';
import { budgetsWith, documentCharsWarning, pageCharsWarning, pageContentWarning, type DocumentBudgets } from './budgets.ts';
import { DocumentError } from './errors.ts';
import { groupIntoBlocks, isPageNumberLine, type TableRegion } from './line-groups.ts';
import { indexPdfObjects } from './pdf-objects.ts';
import { readOverlayTexts } from './pdf-overlays.ts';
import { hasStampMarks, looksLikeSignatureStamp } from '../stamps.ts';
import { ITEM_START, ROMAN_SECTION, cleanText, isAllCaps, looksLikeHeading, makeTableBlock } from './text.ts';
import { formatSize } from '../../shared/size.ts';
import { warning, type DocumentWarning, type WarningCode } from '../warnings.ts';

/** Warnings that already say why a page holds no text. */
const UNREAD_PAGE = new Set<WarningCode>(['page_unreadable', 'page_content_too_large', 'document_text_cut']);

/** Inside a line: a gap (in em) under which two items are glued without a space. */
const GLUE_GAP = 0.15;
/** Inside a line: a gap (in em) from which the next item starts a new segment (cell/column). */
const CELL_GAP = 0.75;
/** A 2-column layout table needs at least this gap (em) between its two segments. */
const LAYOUT_GAP = 1.5;
/** A wrapped cell line follows the previous line within this many em (baseline to baseline). */
const WRAP_GAP = 1.45;
/** Lines of one table are at most this many em apart. */
const TABLE_LINE_GAP = 3;

interface Run {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, device space. */
  y: number;
  /** Font size (em) in device units. */
  fs: number;
  bold: boolean;
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
  fs: number;
  boldChars: number;
  chars: number;
}

interface Line {
  y: number;
  x0: number;
  x1: number;
  fs: number;
  bold: boolean;
  segments: Segment[];
  text: string;
}

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

export async function parsePdf(
  bytes: Uint8Array,
  onPage?: PageProgress,
  maxPages: number = DEFAULT_MAX_PDF_PAGES,
  budgets: Partial<PdfBudgets> = {},
): Promise<ParsedDocument> {
  const limits = budgetsWith(budgets);
  // unpdf's getDocumentProxy() is getDocument(...).promise with defaults; calling getDocument on
  // unpdf's bundled pdf.js directly keeps the loading task, so a file that fails to open can still
  // be destroyed, and sets the Node options (disableFontFace) that getDocumentProxy only applies
  // when pdfjs-dist is installed, which it is not here.
  const pdfjs = await getResolvedPDFJS();
  // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
  const loadingTask = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    // A picture over this is never decoded (pdf.js decodes the images of a page for its operator list).
    maxImageSize: MAX_DECODE_PIXELS,
    verbosity: 0, // errors only: no console noise for recoverable oddities
  });
  let pdf: Awaited<typeof loadingTask.promise>;
  try {
    pdf = await loadingTask.promise;
  } catch (error) {
    await loadingTask.destroy().catch(() => {});
    throw pdfOpenError(error, bytes);
  }

  try {
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
    const objects = indexPdfObjects(bytes);
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
          const layout = await readPageLayout(page, n, pdfjs.OPS as unknown as Record<string, number>, Math.min(limits.maxPageChars, room));
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

    const body = bodyStyle(layouts);
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
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function errorName(error: unknown): string {
  return error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim() || errorName(error) || 'unknown error';
}

function isPasswordError(error: unknown): boolean {
  return errorName(error) === 'PasswordException';
}

function encryptedError(error: unknown): DocumentError {
  return new DocumentError('encrypted', 'PDF is password-protected: remove the password and upload it again', {
    cause: error,
  });
}

function pdfOpenError(error: unknown, bytes: Uint8Array): DocumentError {
  if (error instanceof DocumentError) return error;
  if (isPasswordError(error)) return encryptedError(error);
  const reason = reasonOf(error).replace(/\.$/, '');
  const hint = !hasPdfObjects(bytes)
    ? ' (nothing after the %PDF header is PDF content: not a PDF, or overwritten)'
    : looksTruncated(bytes)
      ? ' (the file seems cut short: an incomplete upload or download?)'
      : '';
  return new DocumentError('corrupt', `PDF is damaged: ${reason}${hint}`, { cause: error });
}

/** Any "N 0 obj" at all: a cut-short PDF has some, noise behind a PDF header has none. */
function hasPdfObjects(bytes: Uint8Array): boolean {
  return /\d+\s+\d+\s+obj\b/.test(new TextDecoder('latin1').decode(bytes.subarray(0, 1024 * 1024)));
}

/** A complete PDF ends with "%%EOF" (give or take trailing whitespace or junk). */
function looksTruncated(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return !tail.includes('%%EOF');
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
  const runs = items.flatMap((it) => toRuns(it, viewport.transform, boldFonts.has(it.fontName)));
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
    else runs.push(...overlay.items.flatMap((it) => toRuns(it, viewport.transform, false)));
  }
  const lines = groupLines(runs).filter((line) => !(line.segments.length === 1 && isPageNumberLine(line.text, line.y, viewport.height)));
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

/** An item in device space; split where it holds 3+ spaces (columns aligned with the space bar). */
function toRuns(item: PdfTextItem, viewportTransform: number[], bold: boolean): Run[] {
  const m = multiply(viewportTransform, item.transform);
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = m;
  const fs = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
  // Horizontal text has its advance along +x in device space; anything else (rotated stamps,
  // vertical header cells) is kept as a zero-width run at its origin.
  const horizontal = Math.abs(b) <= Math.abs(a) * 0.1 && a > 0;
  const width = horizontal ? item.width * (Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0) || 1) : 0;
  const str = item.str;
  const charW = str.length > 0 ? width / str.length : 0;
  const runs: Run[] = [];
  const re = /\S+(?: {1,2}\S+)*/g;
  for (let mt = re.exec(str); mt; mt = re.exec(str)) {
    const x0 = x + mt.index * charW;
    runs.push({ text: mt[0], x0, x1: x0 + mt[0].length * charW, y, fs, bold });
  }
  return runs;
}

function groupLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((p, q) => p.y - q.y || p.x0 - q.x0);
  const groups: Run[][] = [];
  let current: Run[] = [];
  let currentY = Number.NaN;
  for (const run of sorted) {
    const tolerance = 0.4 * Math.min(run.fs, current[0]?.fs ?? run.fs);
    if (current.length > 0 && Math.abs(run.y - currentY) <= tolerance) {
      current.push(run);
    } else {
      if (current.length > 0) groups.push(current);
      current = [run];
      currentY = run.y;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map(makeLine);
}

function makeLine(runs: Run[]): Line {
  const sorted = [...runs].sort((p, q) => p.x0 - q.x0);
  const segments: Segment[] = [];
  let seg: Segment | null = null;
  let prev: Run | null = null;
  for (const run of sorted) {
    // The same string printed twice a hair apart is fake bold: keep one copy.
    if (prev && prev.text === run.text && Math.abs(prev.x0 - run.x0) < 0.2 * run.fs) continue;
    const em = Math.max(run.fs, prev?.fs ?? 0);
    const gap = prev ? run.x0 - prev.x1 : 0;
    if (!seg || !prev || gap >= CELL_GAP * em) {
      seg = { text: run.text, x0: run.x0, x1: run.x1, fs: run.fs, boldChars: 0, chars: 0 };
      segments.push(seg);
    } else {
      seg.text += gap > GLUE_GAP * em ? ` ${run.text}` : run.text;
      seg.x1 = Math.max(seg.x1, run.x1);
      seg.fs = Math.max(seg.fs, run.fs);
    }
    seg.chars += run.text.length;
    if (run.bold) seg.boldChars += run.text.length;
    prev = run;
  }
  for (const s of segments) s.text = cleanText(s.text);
  const chars = segments.reduce((n, s) => n + s.chars, 0);
  const boldChars = segments.reduce((n, s) => n + s.boldChars, 0);
  // The size that covers most characters.
  const fs = dominant(sorted.map((r) => [round(r.fs), r.text.length]));
  return {
    y: sorted.reduce((sum, r) => sum + r.y, 0) / sorted.length,
    x0: Math.min(...segments.map((s) => s.x0)),
    x1: Math.max(...segments.map((s) => s.x1)),
    fs,
    bold: chars > 0 && boldChars / chars >= 0.9,
    segments,
    text: cleanText(segments.map((s) => s.text).join(' ')),
  };
}

function round(fs: number): number {
  return Math.round(fs * 2) / 2;
}

function dominant(weighted: Array<[number, number]>): number {
  const totals = new Map<number, number>();
  for (const [value, weight] of weighted) totals.set(value, (totals.get(value) ?? 0) + weight);
  let best = 0;
  let bestWeight = -1;
  for (const [value, weight] of totals) {
    if (weight > bestWeight) [best, bestWeight] = [value, weight];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Step 3: tables

interface Column {
  x0: number;
  x1: number;
}

function findTable(lines: Line[], start: number): TableRegion | null {
  const first = lines[start];
  if (!first || first.segments.length < 2) return null;

  // Pass 1: the candidate run of lines close to each other that could belong to a table.
  let end = start + 1;
  while (end < lines.length) {
    const line = lines[end]!;
    const prev = lines[end - 1]!;
    if (line.y - prev.y > TABLE_LINE_GAP * Math.max(line.fs, prev.fs)) break;
    if (line.segments.length < 2) {
      // A single-segment line may still belong: a wrapped cell in a later column, a lone cell at line
      // spacing (pass 2 checks it fits one column), or a spanning group row followed by more rows.
      const next = lines[end + 1];
      const startsRight = line.x0 > first.x0 + line.fs;
      const close = line.y - prev.y <= WRAP_GAP * Math.max(line.fs, prev.fs);
      const beforeMultiCell = next !== undefined && next.segments.length >= 3 && next.y - line.y <= TABLE_LINE_GAP * next.fs;
      if (!startsRight && !close && !beforeMultiCell) break;
    }
    end++;
  }

  // Columns from the lines with the most segments.
  const run = lines.slice(start, end);
  const k = Math.max(...run.map((l) => l.segments.length));
  const kLines = run.filter((l) => l.segments.length === k);
  if (kLines.length < 2 && k < 3) return null;
  if (k === 2 && !kLines.every(isLayoutLine)) return null;
  const columns = mergeOverlapping(
    Array.from({ length: k }, (_, i) => ({
      x0: Math.min(...kLines.map((l) => l.segments[i]!.x0)),
      x1: Math.max(...kLines.map((l) => l.segments[i]!.x1)),
    })),
  );
  if (columns.length < 2) return null;
  const tableFs = median(run.map((l) => l.fs));

  // Pass 2: walk the run, assigning segments to columns; stop at the first line that does not fit.
  const rows: string[][] = [];
  let multiCellLines = 0;
  let i = start;
  for (; i < end; i++) {
    const line = lines[i]!;
    let cells = assign(line, columns);
    if (!cells) {
      // A line spanning columns (a group title in a merged cell) is kept as one cell when the table
      // clearly continues after it.
      const next = lines[i + 1];
      const nextCells = next && i + 1 < end ? assign(next, columns) : null;
      if (!nextCells || nextCells.filter((c) => c !== '').length < Math.min(3, columns.length)) break;
      cells = [line.text];
    }
    const filled = cells.filter((c) => c !== '').length;
    if (filled < 2 && Math.abs(line.fs - tableFs) > 0.2 * tableFs) break;
    const prev = lines[i - 1];
    const lastRow = rows[rows.length - 1];
    const firstText = cells.find((c) => c !== '') ?? '';
    const continuation =
      lastRow !== undefined && prev !== undefined && cells[0] === '' && line.y - prev.y <= WRAP_GAP * Math.max(line.fs, prev.fs) && !ITEM_START.test(firstText);
    if (continuation) {
      cells.forEach((text, c) => {
        if (text === '') return;
        lastRow[c] = lastRow[c] ? `${lastRow[c]} ${text}` : text;
      });
    } else {
      rows.push(cells);
    }
    if (filled >= Math.min(3, columns.length)) multiCellLines++;
  }
  if (multiCellLines < 2) return null;
  return { start, end: i, rows };
}

/** Two segments far apart: a line of the header or signature layout. */
function isLayoutLine(line: Line): boolean {
  const [left, right] = line.segments;
  return left !== undefined && right !== undefined && right.x0 - left.x1 >= LAYOUT_GAP * line.fs;
}

function mergeOverlapping(columns: Column[]): Column[] {
  const sorted = [...columns].sort((a, b) => a.x0 - b.x0);
  const out: Column[] = [];
  for (const col of sorted) {
    const last = out[out.length - 1];
    if (last && col.x0 < last.x1) last.x1 = Math.max(last.x1, col.x1);
    else out.push({ ...col });
  }
  return out;
}

/** The line's text per column, or null when a segment straddles a column boundary. */
function assign(line: Line, columns: Column[]): string[] | null {
  const bounds = columns.slice(1).map((col, i) => (columns[i]!.x1 + col.x0) / 2);
  const tolerance = 0.6 * line.fs;
  const cells = columns.map(() => '');
  for (const seg of line.segments) {
    const center = (seg.x0 + seg.x1) / 2;
    let c = bounds.findIndex((b) => center < b);
    if (c < 0) c = columns.length - 1;
    const left = c === 0 ? -Infinity : bounds[c - 1]!;
    const right = c === columns.length - 1 ? Infinity : bounds[c]!;
    if (seg.x0 < left - tolerance || seg.x1 > right + tolerance) return null;
    cells[c] = cells[c] ? `${cells[c]} ${seg.text}` : seg.text;
  }
  return cells;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// Step 4: headings and paragraphs

interface BodyStyle {
  fs: number;
}

/** The body text size: the size covering most characters of the document. */
function bodyStyle(layouts: PageLayout[]): BodyStyle {
  const weighted: Array<[number, number]> = [];
  for (const layout of layouts) for (const line of layout.lines) weighted.push([line.fs, line.text.length]);
  return { fs: dominant(weighted) || 12 };
}

function pageBlocks(layout: PageLayout, body: BodyStyle): Block[] {
  const groups = groupIntoBlocks(layout.lines, {
    findTable,
    textRules: (textLines) => {
      const spacing = lineSpacing(textLines);
      const rightEdge = Math.max(0, ...textLines.map((l) => l.x1));
      return {
        continuesParagraph: (prev, line) => continuesParagraph(prev, line, spacing, rightEdge),
        isHeading: (line) => looksLikeHeading(line.text, { bold: line.bold, larger: line.fs >= body.fs * 1.15 }),
        continuesHeading,
      };
    },
  });
  return groups.map((g) =>
    g.kind === 'table'
      ? makeTableBlock(layout.number, g.region.rows)
      : { kind: g.kind, page: layout.number, text: cleanText(g.lines.map((l) => l.text).join(' ')) },
  );
}

/** Baseline-to-baseline distance of body lines: the median over lines closer than 2.5 em. */
function lineSpacing(lines: Line[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = b.y - a.y;
    if (gap > 0 && gap < 2.5 * a.fs && Math.abs(a.fs - b.fs) < 0.5) gaps.push(gap);
  }
  return gaps.length > 0 ? median(gaps) : 1.2 * median(lines.map((l) => l.fs));
}

function continuesParagraph(prev: Line, line: Line, spacing: number, rightEdge: number): boolean {
  const gap = line.y - prev.y;
  if (gap <= 0 || gap > spacing * 1.25 + 0.5) return false;
  if (Math.abs(line.fs - prev.fs) > 0.15 * prev.fs) return false;
  if (ITEM_START.test(line.text)) return false;
  if (line.x0 > prev.x0 + 0.8 * line.fs) return false; // first-line indent of a new paragraph
  if (prev.x1 < rightEdge - 4 * prev.fs && /[.:;!?]$/.test(prev.text)) return false; // short last line
  return true;
}

function continuesHeading(prev: Line, line: Line): boolean {
  return (
    prev.bold === line.bold &&
    Math.abs(prev.fs - line.fs) < 0.5 &&
    isAllCaps(prev.text) === isAllCaps(line.text) &&
    line.y - prev.y <= 1.6 * line.fs &&
    !ITEM_START.test(line.text) &&
    !ROMAN_SECTION.test(line.text)
  );
}
