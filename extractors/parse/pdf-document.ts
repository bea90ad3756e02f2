// A PDF opened once per document: the text-layer reader (pdf.ts) and the OCR page renderer
// (../ocr/render.ts) read the same pdf.js document, and the file's object index is built once.
import './polyfills.ts'; // ArrayBuffer#transferToFixedLength: without it text renders blank on Node 20
import { createIsomorphicCanvasFactory, type getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { MAX_DECODE_PIXELS } from './budgets.ts';
import { DocumentError } from './errors.ts';
import { indexPdfObjects, type PdfObjectIndex } from './pdf-objects.ts';

export type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

export interface OpenedPdf {
  pdf: PdfDocument;
  /** pdf.js's operator codes. */
  ops: Record<string, number>;
  /** The file's objects, indexed on first use. */
  objects(): PdfObjectIndex;
  /** Releases pdf.js's caches (fonts, decoded pictures) between the text pass and OCR. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

export const canvasImport = () => import('@napi-rs/canvas');

export interface OpenPdfOptions {
  /** Pictures larger than this are never decoded (pdf.js's maxImageSize). Default MAX_DECODE_PIXELS. */
  maxImagePixels?: number;
}

/** Opens `bytes` (left untouched: pdf.js gets a copy), or fails with a DocumentError that says why. */
export async function openPdf(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<OpenedPdf> {
  // unpdf's getDocumentProxy() is getDocument(...).promise with defaults; calling getDocument on
  // unpdf's bundled pdf.js directly keeps the loading task, so a file that fails to open can still
  // be destroyed, and sets the Node options (disableFontFace) that getDocumentProxy only applies
  // when pdfjs-dist is installed, which it is not here.
  const pdfjs = await getResolvedPDFJS();
  const CanvasFactory = await createIsomorphicCanvasFactory(canvasImport);
  // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
  const loadingTask = pdfjs.getDocument({
    data: bytes.slice(),
    CanvasFactory,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    // A picture over this is never decoded (pdf.js decodes the images of a page for its operator list).
    maxImageSize: options.maxImagePixels ?? MAX_DECODE_PIXELS,
    verbosity: 0, // errors only: no console noise for recoverable oddities
  } as Parameters<typeof pdfjs.getDocument>[0]);
  let pdf: PdfDocument;
  try {
    pdf = (await loadingTask.promise) as PdfDocument;
  } catch (error) {
    await loadingTask.destroy().catch(() => {});
    throw pdfOpenError(error, bytes);
  }
  let objects: PdfObjectIndex | null = null;
  return {
    pdf,
    ops: pdfjs.OPS as unknown as Record<string, number>,
    objects: () => {
      objects ??= indexPdfObjects(bytes);
      return objects;
    },
    cleanup: async () => {
      await pdf.cleanup().catch(() => {});
    },
    close: async () => {
      await pdf.destroy().catch(() => {});
    },
  };
}

function errorName(error: unknown): string {
  return error && typeof error === 'object' && 'name' in error ? String((error as { name: unknown }).name) : '';
}

/** An error's message on one line, or its name. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim() || errorName(error) || 'unknown error';
}

export function isPasswordError(error: unknown): boolean {
  return errorName(error) === 'PasswordException';
}

export function encryptedError(error: unknown): DocumentError {
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
