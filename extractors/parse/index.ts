// Entry point of document parsing: bytes in, ParsedDocument out, or a DocumentError that says in
// plain words why the file cannot be read.
import { formatSize } from '../../shared/size.ts';
import type { Block, ParsedDocument } from '../types.ts';
import { budgetsWith, holdToTextBudgets, MAX_DECODE_PIXELS, type DocumentBudgets } from './budgets.ts';
import { parseDocx } from './docx.ts';
import { DocumentError } from './errors.ts';
import { convertLegacyDocument } from './legacy-encoding.ts';
import { sniffFile, type SniffedKind } from './media-type.ts';
import { DEFAULT_MAX_PDF_PAGES, readTextLayer, type PageProgress } from './pdf.ts';
import { openPdf, type OpenedPdf } from './pdf-document.ts';
import { cleanText, tableText } from './text.ts';
import { judgeTextLayer, stampLines, textLayerDoubt, textLayerWarning } from './text-layer.ts';
import { checkTiffStructure } from './tiff.ts';
import { checkDocxSizes } from './zip.ts';
// The entry point is the one module of parse/ that uses OCR (a way of getting a page's words); OCR
// uses parse's layout pass, text helpers and opened PDF, never this module.
import { isOcrError, ocrImageDocument, ocrPdfPages, type OcrEngine, type OcrOptions, type PixelBudget } from './ocr/index.ts';
import { checkEncodedImage, encodedImageSize } from './ocr/image.ts';
import { pdfRenderer } from './ocr/render.ts';
import { warning, type DocumentWarning } from '../warnings.ts';

export { DocumentError, isDocumentError, type DocumentErrorCode } from './errors.ts';
export { detectMediaType } from './media-type.ts';
export { parseDocx } from './docx.ts';
export { DEFAULT_MAX_PDF_PAGES, parsePdf, type PageProgress } from './pdf.ts';
export { MAX_DOCX_UNPACKED_BYTES, MAX_DOCX_XML_PART_BYTES } from './zip.ts';
export { DEFAULT_BUDGETS, type DocumentBudgets } from './budgets.ts';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ParseOptions {
  /** Larger files are refused with 'too_large'. Default 50 MiB. */
  maxBytes?: number;
  /** PDFs with more pages are refused with 'too_large' before any page is read. Default 1000. */
  maxPages?: number;
  /**
   * Word documents whose parts declare more bytes unpacked are refused with 'too_large' before
   * anything is inflated. Default, and most: 128 MiB (MAX_DOCX_UNPACKED_BYTES).
   */
  maxUnpackedBytes?: number;
  /** What the whole document may cost to read (limits.max*: see budgets.ts); absent ones take their defaults. */
  budgets?: Partial<DocumentBudgets>;
  /** Progress per page (PDF), for heartbeats; may throw to stop. */
  onPage?: PageProgress;
  /**
   * OCR for image files and PDF pages with no text layer. The engine is asked for only when a
   * page needs it (starting one costs seconds). Without it, scans are refused with a reason.
   */
  ocr?: { engine: () => Promise<OcrEngine>; maxPages: number };
}

/** OCR options for the ocr module, with the engine started now; `pixels` is the document's budget. */
async function ocrOptions(options: ParseOptions | undefined, pixels: PixelBudget): Promise<OcrOptions | null> {
  if (!options?.ocr) return null;
  const budgets = budgetsWith(options.budgets);
  return {
    engine: await options.ocr.engine(),
    maxPages: options.ocr.maxPages,
    pixels,
    render: { maxPageContentBytes: budgets.maxPageContentBytes },
    ...(options.onPage ? { onPage: options.onPage } : {}),
  };
}

/** A PDF whose largest picture could not be decoded: refused before OCR starts, as a picture file would be. */
function checkPdfPictures(opened: OpenedPdf): void {
  const largest = opened.objects().largestImage();
  if (largest && largest.width * largest.height > MAX_DECODE_PIXELS) {
    throw new DocumentError('too_large', `${tooManyPixels(largest.width, largest.height)} (a page of the PDF is that picture)`);
  }
}

/**
 * A text PDF whose pages without a believable text layer (scanned annexes, a scanner's OCR layer
 * that is not Vietnamese, a signature stamp over a scanned image) are read by OCR; a PDF with no
 * text at all is read wholly by OCR. Good text pages stay text; a page read by OCR is read whole
 * (its text layer is dropped, never mixed in), keeping its signature stamps.
 */
async function parsePdfWithOcr(bytes: Uint8Array, options: ParseOptions | undefined): Promise<ParsedDocument> {
  // Opened once: the text layer is read, then the pages that need it are drawn for OCR, from one pdf.js document.
  const opened = await openPdf(bytes);
  try {
    return await readPdf(opened, options);
  } finally {
    await opened.close();
  }
}

async function readPdf(opened: OpenedPdf, options: ParseOptions | undefined): Promise<ParsedDocument> {
  let doc: ParsedDocument;
  const pixels: PixelBudget = { limit: budgetsWith(options?.budgets).maxDecodedPixels, used: 0 };
  try {
    doc = await readTextLayer(opened, options?.onPage, options?.maxPages ?? DEFAULT_MAX_PDF_PAGES, budgetsWith(options?.budgets));
  } catch (error) {
    if (error instanceof DocumentError && error.code === 'no_text' && options?.ocr) checkPdfPictures(opened);
    const ocr = error instanceof DocumentError && error.code === 'no_text' ? await ocrOptions(options, pixels) : null;
    if (!ocr) throw error;
    await opened.cleanup();
    const read = await ocrPdfPages(
      pdfRenderer(opened, ocr.render),
      Array.from({ length: opened.pdf.numPages }, (_, i) => i + 1),
      ocr,
    );
    if (read.pages.every((p) => p.blocks.length === 0))
      throw new DocumentError('no_text', `OCR found no text on any page (${read.warnings[0]?.message ?? 'blank scans?'})`);
    return { mediaType: 'application/pdf', pages: read.pages, warnings: read.warnings };
  }
  // Pages left unread for a budget are not read by OCR either: drawing them costs what reading them would.
  const verdicts = new Map(doc.pages.filter((p) => p.source === 'text' && !p.unread).map((p) => [p.number, judgeTextLayer(p)]));
  const unusable = [...verdicts].filter(([, v]) => v.verdict !== 'ok').map(([n]) => n);
  if (unusable.length === 0) return doc;
  const ocr = await ocrOptions(options, pixels);
  if (!ocr) {
    // Without OCR a page that holds nothing but a stamp is as good as blank.
    if (doc.pages.every((p) => !p.unread && (p.blocks.length === 0 || verdicts.get(p.number)?.verdict === 'stamp_only'))) {
      throw new DocumentError('no_text', 'no text layer on any page, only signature stamps (a scan? OCR is not enabled here: ocr.enabled)');
    }
    const untrusted = [...verdicts]
      .filter(([, v]) => v.verdict === 'not_vietnamese')
      .map(([n, v]) => warning('text_layer_kept', `${textLayerDoubt(n, v)}; OCR is not enabled here (ocr.enabled), so it is kept`, n));
    return untrusted.length > 0 ? { ...doc, warnings: [...doc.warnings, ...untrusted] } : doc;
  }
  await opened.cleanup();
  const read = await ocrPdfPages(pdfRenderer(opened, ocr.render), unusable, ocr);
  const byNumber = new Map(read.pages.map((p) => [p.number, p]));
  const unread: DocumentWarning[] = [];
  const replaced = doc.pages.map((p) => {
    const o = byNumber.get(p.number);
    if (!o) {
      if (p.unread) return p;
      // Past ocr.maxPages, or OCR failed there: a layer that lies is still not believed.
      const verdict = verdicts.get(p.number)!;
      if (verdict.verdict !== 'not_vietnamese' && verdict.verdict !== 'stamp_only') return p;
      unread.push(warning('text_layer_dropped', `${textLayerDoubt(p.number, verdict)}; not read by OCR either: the page is left empty`, p.number));
      return { ...p, blocks: [], stamps: [...(p.stamps ?? []), ...stampLines(p)] };
    }
    // Stamps the text layer held are exact where OCR's reading of them is not.
    const stamps = [...(p.stamps ?? []), ...stampLines(p)];
    return stamps.length > 0 ? { ...o, stamps } : o;
  });
  const reasons = unusable.flatMap((n) => (byNumber.has(n) ? [textLayerWarning(n, verdicts.get(n)!)] : [])).filter((w): w is DocumentWarning => w !== null);
  return {
    ...doc,
    pages: replaced,
    // "page N has no text layer" no longer holds for the pages OCR read.
    warnings: [...doc.warnings.filter((w) => !(w.code === 'no_text_layer' && byNumber.has(w.page!))), ...reasons, ...unread, ...read.warnings],
  };
}

/** Refuses a file by its size alone, so a caller can decline to read a huge file at all. */
export function assertParseableSize(byteLength: number, maxBytes = DEFAULT_MAX_BYTES): void {
  if (byteLength === 0) throw new DocumentError('empty', 'empty file (0 bytes)');
  if (byteLength > maxBytes) {
    throw new DocumentError('too_large', `file too large: ${formatSize(byteLength)}, the limit is ${formatSize(maxBytes)}`);
  }
}

export async function parseDocument(bytes: Uint8Array, options?: ParseOptions): Promise<ParsedDocument> {
  assertParseableSize(bytes.length, options?.maxBytes);
  const { kind } = sniffFile(bytes);
  const refused = refusalOf(kind, { ocr: Boolean(options?.ocr) });
  if (refused) throw refused;
  const budgets = budgetsWith(options?.budgets);
  const finish = (doc: ParsedDocument) => holdToTextBudgets(finishParse(doc), budgets);
  switch (kind) {
    case 'pdf':
      return finish(await parsePdfWithOcr(bytes, options));
    case 'docx':
      // parseDocx applies the reader's own limits; a lower configured one is checked first, from
      // the declared sizes alone.
      if (options?.maxUnpackedBytes !== undefined) checkDocxSizes(bytes, { maxUnpackedBytes: options.maxUnpackedBytes });
      return finish(
        await parseDocx(bytes, {
          ...(options?.maxUnpackedBytes !== undefined ? { maxUnpackedBytes: options.maxUnpackedBytes } : {}),
          maxXmlBytes: budgets.maxXmlBytes,
        }),
      );
    case 'png':
    case 'jpeg':
    case 'tiff': {
      // Checked before the engine is asked for: starting it costs seconds, a picture too big to
      // decode or cut short is refused from its header alone, and a TIFF whose page chain loops
      // would make the decoder collect pages until the process runs out of memory.
      if (kind === 'tiff') checkTiffStructure(bytes);
      else checkImageHeader(bytes, kind);
      const ocr = (await ocrOptions(options, { limit: budgets.maxDecodedPixels, used: 0 }))!;
      try {
        return finish(await ocrImageDocument(bytes, `image/${kind}`, ocr));
      } catch (error) {
        if (isOcrError(error, 'bad_image')) throw new DocumentError('corrupt', `image is damaged or unreadable: ${error.message}`);
        throw error;
      }
    }
    default:
      // Every other kind was refused above.
      throw new DocumentError('unsupported_type', `not a report file (${kind})`);
  }
}

function tooManyPixels(width: number, height: number): string {
  const mpx = (n: number) => `${Math.round(n / 1_000_000)} megapixels`;
  return `image too large to read: ${width} x ${height} pixels (${mpx(width * height)}), the limit is ${mpx(MAX_DECODE_PIXELS)}; a page scanned at 300 dpi is about 9`;
}

/** A PNG or JPEG that is too large to decode, or damaged, is refused from its header and its end. */
function checkImageHeader(bytes: Uint8Array, kind: 'png' | 'jpeg'): void {
  const size = encodedImageSize(bytes);
  if (size && size.width * size.height > MAX_DECODE_PIXELS) throw new DocumentError('too_large', tooManyPixels(size.width, size.height));
  try {
    checkEncodedImage(bytes, `the ${kind.toUpperCase()} file`);
  } catch (error) {
    if (isOcrError(error, 'bad_image')) throw new DocumentError('corrupt', `image is damaged or unreadable: ${error.message}`, { cause: error });
    throw error;
  }
}

/** All blocks' text in reading order, blocks separated by "\n" (table rows are "a | b" lines). */
export function documentText(doc: ParsedDocument): string {
  return doc.pages.flatMap((p) => p.blocks.map((b) => b.text)).join('\n');
}

/** Final invariants, whatever the parser: NFC, collapsed whitespace, no empty blocks, table text. */
/** Clean text in every block, and Unicode where an old template used a TCVN3 or VNI font. */
function finishParse(doc: ParsedDocument): ParsedDocument {
  return convertLegacyDocument({
    ...doc,
    pages: doc.pages.map((page) => ({
      ...page,
      blocks: page.blocks.map(normaliseBlock).filter((b): b is Block => b !== null),
    })),
    warnings: doc.warnings.map((w) => ({ ...w, message: cleanText(w.message) })),
  });
}

function normaliseBlock(block: Block): Block | null {
  if (block.kind === 'table') {
    const rows = block.rows.map((r) => r.map(cleanText)).filter((r) => r.some((c) => c !== ''));
    return rows.length > 0 ? { ...block, rows, text: tableText(rows) } : null;
  }
  const text = cleanText(block.text);
  return text ? { ...block, text } : null;
}

/**
 * Why a file of this kind (sniffed from its bytes) is refused before any parsing, or null when it
 * is a kind the parser reads (PDF, Word .docx, and pictures when OCR is on). The submission page
 * asks this at upload, so what ingestion would record against the document is said at once.
 */
export function refusalOf(kind: SniffedKind, options: { ocr?: boolean } = { ocr: true }): DocumentError | null {
  if (kind === 'pdf' || kind === 'docx') return null;
  if (kind === 'png' || kind === 'jpeg' || kind === 'tiff') {
    return options.ocr ? null : new DocumentError('unsupported_type', 'image files need OCR, which is not enabled here (ocr.enabled)');
  }
  return new DocumentError(kind === 'office-encrypted' ? 'encrypted' : 'unsupported_type', REFUSED_KINDS[kind]);
}

/** Why each kind the parser never reads is refused, and what to send instead. */
const REFUSED_KINDS: Record<Exclude<SniffedKind, 'pdf' | 'docx' | 'png' | 'jpeg' | 'tiff'>, string> = {
  text: 'not a report file: the bytes are plain text (a .txt renamed .pdf?)',
  doc: 'legacy Word .doc is not supported; save as .docx (or PDF)',
  xls: 'legacy Excel .xls is not supported; send the report as PDF or .docx',
  'office-encrypted': 'Office document is password-protected: remove the password and upload it again',
  xlsx: 'Excel workbooks (.xlsx) are not supported; send the report as PDF or .docx',
  pptx: 'PowerPoint files (.pptx) are not supported; send the report as PDF or .docx',
  odf: 'OpenDocument files (.odt) are not supported; save as .docx or PDF',
  zip: 'not a report file: a ZIP archive that is not a Word document (unzip it and upload the PDF or .docx inside)',
  ole2: 'not a report file: a legacy Office file that is not a Word document',
  unknown: 'not a report file: unrecognised file type (expected PDF or .docx)',
};
