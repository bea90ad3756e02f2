// OCR of scanned reports: whole image files (PNG, JPEG, multi-page TIFF) as a ParsedDocument, and
// the pages of a PDF that have no usable text layer, as ParsedPages to splice into the document
// the text-layer parser produced.
//
// Pages go through the engine's workers at most `engine.workers` at a time; each page image is
// rendered or decoded just before its turn and dropped once its words are laid out, so memory
// does not grow with the page count. A page that fails (a bad image, a timeout, a render error) is
// recorded in the warnings and the other pages still count. Pages beyond `maxPages` are not read,
// and the warnings say so.
//
// Wiring into parseDocument (sketch):
//   image/png|jpeg|tiff -> ocrImageDocument(bytes, mediaType, { engine, maxPages })
//   application/pdf     -> parsePdf(bytes); pages with no text layer (or "no_text" for the whole
//                          file) -> ocrPdfPages(bytes, numbers, { engine, maxPages }) and replace
//                          those pages by number; append the warnings.
import type { ParsedDocument, ParsedPage } from '../../types.ts';
import { OcrError, reasonOf } from './errors.ts';
import type { OcrEngine } from './engine.ts';
import { decodedPixelsWarning, pageList } from '../budgets.ts';
import { encodedImageSize } from './image.ts';
import { layoutPage } from './layout.ts';
import { DEFAULT_DPI, imagePageSource, openPdfRenderer, type ImageMediaType, type PdfRenderer, type RenderLimits } from './render.ts';
import { warning, type DocumentWarning } from '../../warnings.ts';

export { createOcrEngine, DEFAULT_LANGUAGES, DEFAULT_PAGE_TIMEOUT_MS, type OcrEngine, type OcrEngineOptions, type OcrRecognizeOptions } from './engine.ts';
export { OcrError, isOcrError, type OcrErrorCode } from './errors.ts';
export { layoutPage, type OcrBlockExtras, type OcrPage, type OcrRule, type OcrRules, type OcrWord } from './layout.ts';
export { imagePages, renderPdfPage, type ImageMediaType } from './render.ts';
export { cer } from './cer.ts';

export interface OcrOptions {
  engine: OcrEngine;
  /** Pages beyond this many are not read (and recorded in the warnings). */
  maxPages: number;
  /**
   * Progress after each page (read or failed): `page` is how many pages are done so far, `pages`
   * how many will be read. May throw to stop (a cancelled activity): pages in flight finish, no new
   * page starts, and the error is rethrown.
   */
  onPage?: (page: number, pages: number) => void;
  /** Resolution PDF pages are rendered at. Default 300. */
  dpi?: number;
  /**
   * The document's budget of decoded pixels (limits.maxDecodedPixels), spent as pages are
   * rendered or decoded; once it is spent no further page is started, and the warnings say which
   * were not read. Shared by every call for one document.
   */
  pixels?: PixelBudget;
  /** PDF pages: what a page may cost to draw (see RenderLimits). */
  render?: RenderLimits;
}

/** Pixels a document may decode for OCR, and how many it has. */
export interface PixelBudget {
  limit: number;
  used: number;
}

interface PageOutcome {
  number: number;
  page: ParsedPage | null;
  /** Degrees the page had to be turned to read (scanned upside down or sideways). */
  turned?: number | undefined;
  error: unknown;
}

function turnedWarning(o: PageOutcome): DocumentWarning[] {
  return o.turned
    ? [warning('ocr_page_turned', `page ${o.number} was scanned ${o.turned === 180 ? 'upside down' : 'sideways'}: read turned ${o.turned}°`, o.number)]
    : [];
}

/** The pixels of a PNG or JPEG page image, from its header. */
function pixelsOf(bytes: Uint8Array): number {
  const size = encodedImageSize(bytes);
  return size ? size.width * size.height : 0;
}

/**
 * Runs `numbers` through the engine, `engine.workers` pages at a time. `pixels` says what a
 * page's image cost to decode (default: its size once decoded); pages not started because the
 * pixel budget was spent are listed in `unread`.
 */
async function runPages(
  numbers: number[],
  image: (n: number) => Promise<Uint8Array>,
  options: OcrOptions,
  pixels: (n: number, bytes: Uint8Array) => number = (_n, bytes) => pixelsOf(bytes),
): Promise<{ outcomes: PageOutcome[]; unread: number[] }> {
  const outcomes: PageOutcome[] = [];
  const unread: number[] = [];
  let next = 0;
  let done = 0;
  let stop: { error: unknown } | null = null;
  const budget = options.pixels;
  const worker = async () => {
    while (!stop && next < numbers.length) {
      const n = numbers[next++]!;
      if (budget && budget.used >= budget.limit) {
        unread.push(n);
        continue;
      }
      try {
        const bytes = await image(n);
        if (budget) budget.used += pixels(n, bytes);
        const ocr = await options.engine.recognize(bytes, n);
        outcomes.push({ number: n, page: layoutPage(ocr), turned: ocr.turned, error: null });
      } catch (error) {
        outcomes.push({ number: n, page: null, error });
      }
      done++;
      try {
        options.onPage?.(done, numbers.length);
      } catch (error) {
        stop ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(options.engine.workers, numbers.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  if (stop) throw (stop as { error: unknown }).error;
  return { outcomes: outcomes.sort((a, b) => a.number - b.number), unread: unread.sort((a, b) => a - b) };
}

function failureWarning(number: number, error: unknown): DocumentWarning {
  return warning('ocr_page_failed', `page ${number} could not be read by OCR: ${reasonOf(error)}`, number);
}

function capWarning(pages: number[], maxPages: number, total?: number): DocumentWarning {
  const of = total !== undefined ? ` of ${total}` : '';
  return warning(
    'ocr_page_limit',
    `${pageList(pages)}${of} ${pages.length === 1 ? 'was' : 'were'} not read: OCR is limited to ${maxPages} pages per document`,
    pages[0],
  );
}

/** A whole image file as a ParsedDocument (source 'ocr' pages; a failed or timed-out page is recorded in warnings and the rest still counts). */
export async function ocrImageDocument(bytes: Uint8Array, mediaType: ImageMediaType, options: OcrOptions): Promise<ParsedDocument> {
  const source = imagePageSource(bytes, mediaType);
  const maxPages = Math.max(0, Math.floor(options.maxPages));
  const count = Math.min(source.count, maxPages);
  const warnings: DocumentWarning[] = [];
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  // A TIFF page costs its size as stored to decode, whatever size it is handed on at.
  const { outcomes, unread } = await runPages(
    numbers,
    (n) => source.page(n - 1),
    options,
    (n) => source.pixels(n - 1),
  );
  // A file none of whose pages is an image at all is bad input, not a partial read.
  if (outcomes.length > 0 && outcomes.every((o) => o.error instanceof OcrError && o.error.code === 'bad_image')) {
    throw outcomes[0]!.error;
  }
  const pages: ParsedPage[] = outcomes.map((o) => {
    if (o.page) {
      if (o.page.blocks.length === 0) warnings.push(warning('ocr_no_text', `page ${o.number}: OCR found no text`, o.number));
      warnings.push(...turnedWarning(o));
      return o.page;
    }
    warnings.push(failureWarning(o.number, o.error));
    return { number: o.number, blocks: [], source: 'ocr' };
  });
  for (const n of unread) pages.push({ number: n, blocks: [], source: 'ocr', unread: 'over_budget' });
  pages.sort((a, b) => a.number - b.number);
  if (unread.length > 0) warnings.push(decodedPixelsWarning(unread, source.count, options.pixels!.limit));
  if (source.count > count) {
    warnings.push(
      capWarning(
        Array.from({ length: source.count - count }, (_, i) => count + i + 1),
        maxPages,
        source.count,
      ),
    );
  }
  return { mediaType, pages, warnings };
}

/** OCR of the given pages of a PDF (the ones with no usable text layer), returned as ParsedPages to splice into the parsed document. */
export async function ocrPdfPages(
  pdf: Uint8Array | PdfRenderer,
  pageNumbers: number[],
  options: OcrOptions,
): Promise<{ pages: ParsedPage[]; warnings: DocumentWarning[] }> {
  // A renderer over a PDF the caller opened (parseDocument: one pdf.js document per file), or the bytes to open.
  const renderer = pdf instanceof Uint8Array ? await openPdfRenderer(pdf, options.render) : pdf;
  try {
    const warnings: DocumentWarning[] = [];
    const wanted = [...new Set(pageNumbers)].sort((a, b) => a - b);
    const valid = wanted.filter((n) => Number.isInteger(n) && n >= 1 && n <= renderer.numPages);
    for (const n of wanted)
      if (!valid.includes(n)) warnings.push(warning('ocr_page_missing', `page ${n} is not in the PDF (it has ${renderer.numPages} pages): not read by OCR`, n));
    const maxPages = Math.max(0, Math.floor(options.maxPages));
    const chosen = valid.slice(0, maxPages);
    const skipped = valid.slice(maxPages);
    const { outcomes, unread } = await runPages(chosen, (n) => renderer.render(n, options.dpi ?? DEFAULT_DPI), options);
    const pages: ParsedPage[] = [];
    for (const o of outcomes) {
      if (o.page) {
        pages.push(o.page);
        if (o.page.blocks.length === 0) warnings.push(warning('ocr_no_text', `page ${o.number}: OCR found no text`, o.number));
        warnings.push(...turnedWarning(o));
      } else {
        warnings.push(failureWarning(o.number, o.error));
      }
    }
    if (skipped.length > 0) warnings.push(capWarning(skipped, maxPages));
    if (unread.length > 0) warnings.push(decodedPixelsWarning(unread, renderer.numPages, options.pixels!.limit));
    return { pages, warnings };
  } finally {
    await renderer.close();
  }
}
