// Page images for OCR: PDF pages rendered with pdf.js (inside unpdf) on @napi-rs/canvas, and the
// pages of image files (PNG, JPEG, multi-page TIFF).
import { renderPageAsImage } from 'unpdf';
import { canvasImport, type OpenedPdf, openPdf } from '../pdf-document.ts';
import { formatSize } from '../../../shared/size.ts';
import { OcrError, reasonOf } from './errors.ts';
import { encodedImageSize, tiffPages } from './image.ts';

export const DEFAULT_DPI = 300;
/** A page is rendered at a lower resolution when it would exceed this many pixels (A3 at 300 dpi fits). */
export const MAX_RENDER_PIXELS = 20_000_000;

/** An open PDF that renders pages one at a time; close() releases pdf.js's resources when the renderer opened the PDF itself. */
export interface PdfRenderer {
  numPages: number;
  render(pageNumber: number, dpi?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface RenderLimits {
  /** A page whose content streams inflate to more is not rendered (OcrError 'too_large'). */
  maxPageContentBytes?: number;
  /** Pictures larger than this are left out of the page (pdf.js's maxImageSize). Default: 150 megapixels. */
  maxImagePixels?: number;
  /** The rendered page is scaled down to at most this many pixels. Default MAX_RENDER_PIXELS. */
  maxPixels?: number;
}

/** Opens `pdfBytes` for rendering alone; close() closes it. */
export async function openPdfRenderer(pdfBytes: Uint8Array, limits: RenderLimits = {}): Promise<PdfRenderer> {
  let opened: OpenedPdf;
  try {
    opened = await openPdf(pdfBytes, limits.maxImagePixels !== undefined ? { maxImagePixels: limits.maxImagePixels } : {});
  } catch (error) {
    // pdf.js's own reason, not the sentence openPdf made of it for a document's reader.
    const reason = reasonOf(error instanceof Error && error.cause !== undefined ? error.cause : error);
    throw new OcrError('failed', `PDF could not be opened for OCR: ${reason}`, { cause: error });
  }
  return { ...pdfRenderer(opened, limits), close: () => opened.close() };
}

/** Renders the pages of a PDF opened by the caller, who closes it (close() here does nothing). */
export function pdfRenderer(opened: OpenedPdf, limits: RenderLimits = {}): PdfRenderer {
  const { pdf } = opened;
  const maxPixels = limits.maxPixels ?? MAX_RENDER_PIXELS;
  return {
    numPages: pdf.numPages,
    async render(pageNumber: number, dpi = DEFAULT_DPI): Promise<Uint8Array> {
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) {
        throw new OcrError('failed', `PDF has no page ${pageNumber} (it has ${pdf.numPages})`);
      }
      const page = await pdf.getPage(pageNumber).catch((error: unknown) => {
        throw new OcrError('failed', `page ${pageNumber} could not be rendered: ${reasonOf(error)}`, { cause: error });
      });
      if (limits.maxPageContentBytes !== undefined && page.ref) {
        const content = opened.objects().pageContentBytes(page.ref.num, limits.maxPageContentBytes);
        if (content !== null && content > limits.maxPageContentBytes) {
          throw new OcrError(
            'too_large',
            `page ${pageNumber} is not drawn: its content stream inflates to more than ${formatSize(limits.maxPageContentBytes)} (limits.maxPageContentBytes)`,
          );
        }
      }
      try {
        const { width, height } = page.getViewport({ scale: 1 });
        let scale = dpi / 72;
        if (width * height * scale * scale > maxPixels) scale = Math.sqrt(maxPixels / (width * height));
        const png = await renderPageAsImage(pdf, pageNumber, { scale, canvasImport });
        page.cleanup();
        return new Uint8Array(png);
      } catch (error) {
        throw new OcrError('failed', `page ${pageNumber} could not be rendered: ${reasonOf(error)}`, { cause: error });
      }
    },
    async close(): Promise<void> {},
  };
}

/** PDF pages to PNG at `dpi` (default 300) via unpdf renderPageAsImage + @napi-rs/canvas. */
export async function renderPdfPage(pdfBytes: Uint8Array, pageNumber: number, dpi = DEFAULT_DPI, limits: RenderLimits = {}): Promise<Uint8Array> {
  const renderer = await openPdfRenderer(pdfBytes, limits);
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
  /** The pixels decoding the 0-based page costs (its size as stored). */
  pixels(index: number): number;
}

/** `maxPixels`: TIFF pages are scaled down to it as they are decoded (PNG and JPEG are handed on as they are). */
export function imagePageSource(bytes: Uint8Array, mediaType: ImageMediaType, options: { maxPixels?: number } = {}): ImagePageSource {
  if (mediaType === 'image/tiff') return tiffPages(bytes, options);
  // PNG and JPEG are one page each, handed on as they are (the engine checks and decodes them).
  return {
    count: 1,
    async page(index: number): Promise<Uint8Array> {
      if (index !== 0) throw new OcrError('failed', `a ${mediaType} image has one page`);
      return bytes;
    },
    pixels() {
      const size = encodedImageSize(bytes);
      return size ? size.width * size.height : 0;
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
