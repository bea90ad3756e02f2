// Page images for OCR: PDF pages rendered with pdf.js (inside unpdf) on @napi-rs/canvas, and the
// pages of image files (PNG, JPEG, multi-page TIFF).
import '../parse/polyfills.ts'; // ArrayBuffer#transferToFixedLength: without it text renders blank on Node 20
import { createIsomorphicCanvasFactory, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { OcrError, reasonOf } from './errors.ts';
import { tiffPages } from './image.ts';

export const DEFAULT_DPI = 300;
/** A page is rendered at a lower resolution when it would exceed this many pixels (A3 at 300 dpi fits). */
export const MAX_RENDER_PIXELS = 20_000_000;

const canvasImport = () => import('@napi-rs/canvas');

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** An open PDF that renders pages one at a time; close() releases pdf.js's resources. */
export interface PdfRenderer {
  numPages: number;
  render(pageNumber: number, dpi?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openPdfRenderer(pdfBytes: Uint8Array): Promise<PdfRenderer> {
  const CanvasFactory = await createIsomorphicCanvasFactory(canvasImport);
  let pdf: PdfDocument;
  try {
    // pdf.js may detach the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(pdfBytes.slice(), {
      CanvasFactory,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    } as Parameters<typeof getDocumentProxy>[1]);
  } catch (error) {
    throw new OcrError('failed', `PDF could not be opened for OCR: ${reasonOf(error)}`, { cause: error });
  }
  return {
    numPages: pdf.numPages,
    async render(pageNumber: number, dpi = DEFAULT_DPI): Promise<Uint8Array> {
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) {
        throw new OcrError('failed', `PDF has no page ${pageNumber} (it has ${pdf.numPages})`);
      }
      try {
        const page = await pdf.getPage(pageNumber);
        const { width, height } = page.getViewport({ scale: 1 });
        let scale = dpi / 72;
        if (width * height * scale * scale > MAX_RENDER_PIXELS) scale = Math.sqrt(MAX_RENDER_PIXELS / (width * height));
        const png = await renderPageAsImage(pdf, pageNumber, { scale, canvasImport });
        page.cleanup();
        return new Uint8Array(png);
      } catch (error) {
        throw new OcrError('failed', `page ${pageNumber} could not be rendered: ${reasonOf(error)}`, { cause: error });
      }
    },
    async close(): Promise<void> {
      await pdf.destroy().catch(() => {});
    },
  };
}

/** PDF pages to PNG at `dpi` (default 300) via unpdf renderPageAsImage + @napi-rs/canvas. */
export async function renderPdfPage(pdfBytes: Uint8Array, pageNumber: number, dpi = DEFAULT_DPI): Promise<Uint8Array> {
  const renderer = await openPdfRenderer(pdfBytes);
  try {
    return await renderer.render(pageNumber, dpi);
  } finally {
    await renderer.close();
  }
}

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/tiff';

/** The pages of an image file, decoded one at a time on demand. */
export interface ImagePageSource {
  /** Pages in the file (a TIFF may have many). */
  count: number;
  /** 0-based page as PNG or JPEG bytes. */
  page(index: number): Promise<Uint8Array>;
}

export function imagePageSource(bytes: Uint8Array, mediaType: ImageMediaType): ImagePageSource {
  if (mediaType === 'image/tiff') return tiffPages(bytes);
  // PNG and JPEG are one page each, handed on as they are (the engine checks and decodes them).
  return {
    count: 1,
    async page(index: number): Promise<Uint8Array> {
      if (index !== 0) throw new OcrError('failed', `a ${mediaType} image has one page`);
      return bytes;
    },
  };
}

/** Image files to page images: PNG, JPEG, TIFF (every page of a multi-page TIFF), as PNG/JPEG buffers tesseract accepts. */
export async function imagePages(bytes: Uint8Array, mediaType: ImageMediaType, maxPages: number): Promise<Uint8Array[]> {
  const source = imagePageSource(bytes, mediaType);
  const out: Uint8Array[] = [];
  for (let i = 0; i < Math.min(source.count, Math.max(0, maxPages)); i++) out.push(await source.page(i));
  return out;
}
