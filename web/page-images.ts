// Page images for reviewers: a PDF page rendered to PNG, or the page of a scanned image file.
// Rendering costs a second or so, so recent pages are kept and a page asked for twice at once
// is rendered once.
import type { DocumentStore } from '../activities/document-store.ts';
import { imagePageSource, renderPdfPage, type ImageMediaType } from '../extractors/ocr/render.ts';

/** Enough for a page to fill the detail pane at 1366 px wide, small enough to load quickly. */
export const SCREEN_DPI = 110;
const KEEP = 24;

export interface PageImage {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg';
}

/** Why there is no image: the format has no pages to show, or the page does not exist. */
export class NoPageImageError extends Error {
  constructor(
    message: string,
    readonly reason: 'format' | 'page',
    /** How many pages the document has, when that is why. */
    readonly pages: number | null = null,
  ) {
    super(message);
  }
}

const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/tiff'];

export function hasPageImages(mediaType: string): boolean {
  return mediaType === 'application/pdf' || IMAGE_TYPES.includes(mediaType);
}

function contentTypeOf(bytes: Uint8Array): PageImage['contentType'] {
  return bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : 'image/png';
}

export interface PageImageDocument {
  id: number;
  mediaType: string;
  storageKey: string;
  pageCount: number | null;
}

export function pageImages(store: DocumentStore, dpi = SCREEN_DPI) {
  const cache = new Map<string, Promise<PageImage>>();

  async function render(doc: PageImageDocument, n: number): Promise<PageImage> {
    const bytes = await store.get(doc.storageKey);
    if (doc.mediaType === 'application/pdf') {
      const png = await renderPdfPage(bytes, n, dpi).catch((error: Error) => {
        throw new NoPageImageError(error.message, 'page');
      });
      return { bytes: png, contentType: 'image/png' };
    }
    const source = imagePageSource(bytes, doc.mediaType as ImageMediaType);
    if (n > source.count) throw new NoPageImageError(`the scan has ${source.count} page${source.count === 1 ? '' : 's'}`, 'page', source.count);
    const image = await source.page(n - 1);
    return { bytes: image, contentType: contentTypeOf(image) };
  }

  return {
    async get(doc: PageImageDocument, n: number): Promise<PageImage> {
      if (!hasPageImages(doc.mediaType)) {
        const what = doc.mediaType.includes('wordprocessingml') ? 'a DOCX document' : `a ${doc.mediaType} document`;
        throw new NoPageImageError(`${what} has no page images (its pages are counted at page breaks, not laid out): read the evidence and its paragraph instead`, 'format');
      }
      if (doc.pageCount !== null && n > doc.pageCount) throw new NoPageImageError(`the document has ${doc.pageCount} page${doc.pageCount === 1 ? '' : 's'}`, 'page', doc.pageCount);
      const key = `${doc.id}:${n}`;
      let image = cache.get(key);
      if (image) {
        cache.delete(key);
      } else {
        image = render(doc, n);
        // A failed render is not remembered.
        image.catch(() => cache.delete(key));
      }
      cache.set(key, image);
      while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
      return image;
    },
  };
}

export type PageImages = ReturnType<typeof pageImages>;
