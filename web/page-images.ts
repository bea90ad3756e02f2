// Page images for reviewers: a PDF page rendered to PNG, or the page of a scanned image file.
//
// Drawing a page is never done on the request path: a hostile page (a 400-megapixel picture, a
// content stream of 100 MiB) took 13 s and 4 GB inside the server and held every other request
// meanwhile. Pages are drawn in a small pool of processes of their own (one or two at a time,
// web.pageImageProcesses), each killed past limits.documentMemoryBytes or web.pageImageTimeoutMs,
// with the budgets of the pipeline: pictures over 150 megapixels are not decoded, a page whose
// content inflates past limits.maxPageContentBytes is not drawn. Recent pages are kept, a page
// asked for twice at once is drawn once, and a page that could not be drawn is remembered too:
// it is answered with a placeholder saying why, not drawn again at every request.
import type { DocumentStore } from '../activities/document-store.ts';
import { createIsolationPool, IsolationError, type IsolationPool } from '../activities/isolation/pool.ts';
import { DEFAULT_BUDGETS } from '../extractors/parse/budgets.ts';
import { formatSize } from '../shared/size.ts';
import { isOcrError } from '../extractors/parse/ocr/errors.ts';
import { MAX_DECODE_PIXELS } from '../extractors/parse/ocr/image.ts';
import { indexPdfObjects } from '../extractors/parse/pdf-objects.ts';

/** Enough for a page to fill the detail pane at 1366 px wide, small enough to load quickly. */
export const SCREEN_DPI = 110;
/** A page image is never larger than this (an A3 page at 110 dpi is 2.3 megapixels). */
const SCREEN_MAX_PIXELS = 4_000_000;
const KEEP = 24;
/** Pages waiting for a drawing process beyond these many per process are answered "busy". */
const WAITING_PER_PROCESS = 4;

export interface PageImage {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/jpeg' | 'image/svg+xml';
  /** Set when the image is a placeholder: why the page itself is not shown. */
  refused?: { reason: string; busy: boolean };
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

export interface PageImageDocument {
  id: number;
  mediaType: string;
  storageKey: string;
  pageCount: number | null;
}

export interface PageImageOptions {
  dpi?: number;
  /** Pages drawn at once (web.pageImageProcesses). Default 1. */
  processes?: number;
  /** Time one page may take (web.pageImageTimeoutMs). Default 20 s. */
  timeoutMs?: number;
  /** Memory of a drawing process (limits.documentMemoryBytes). Default 1 GiB. */
  memoryBytes?: number;
  /** limits.maxPageContentBytes. */
  maxPageContentBytes?: number;
  /** Draws the pages instead of a pool of its own (tests hand one in to watch it). */
  pool?: IsolationPool;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page-sized picture that says, in words, why the page is not shown. */
export function placeholder(reason: string, busy = false): PageImage {
  const words = reason.split(/\s+/);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${w}`.length <= 46) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  const text = lines
    .slice(0, 12)
    .map((l, i) => `<text x="40" y="${150 + i * 26}" font-family="sans-serif" font-size="18" fill="#444">${escapeXml(l)}</text>`)
    .join('');
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="620" height="877" viewBox="0 0 620 877">' +
    '<rect width="620" height="877" fill="#f6f6f2" stroke="#bbb"/>' +
    `<text x="40" y="100" font-family="sans-serif" font-size="22" font-weight="bold" fill="#222">${busy ? 'Page image not drawn yet' : 'Page image not shown'}</text>${text}</svg>`;
  return { bytes: new TextEncoder().encode(svg), contentType: 'image/svg+xml', refused: { reason, busy } };
}

export function pageImages(store: DocumentStore, options: PageImageOptions = {}) {
  const dpi = options.dpi ?? SCREEN_DPI;
  const processes = options.processes ?? 1;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxPageContentBytes = options.maxPageContentBytes ?? DEFAULT_BUDGETS.maxPageContentBytes;
  let pool: IsolationPool | null = options.pool ?? null;
  const cache = new Map<string, Promise<PageImage>>();
  let drawing = 0;

  const poolOf = () => (pool ??= createIsolationPool({ processes, memoryBytes: options.memoryBytes ?? 1024 * 1024 * 1024, child: { ocr: null } }));

  async function render(doc: PageImageDocument, n: number): Promise<PageImage> {
    const bytes = await store.get(doc.storageKey);
    if (doc.mediaType === 'application/pdf') {
      // A picture pdf.js would leave out is said, rather than a page drawn without it.
      const largest = indexPdfObjects(bytes).largestImage();
      if (largest && largest.width * largest.height > MAX_DECODE_PIXELS) {
        return placeholder(
          `The PDF holds a picture of ${largest.width} x ${largest.height} pixels (${Math.round((largest.width * largest.height) / 1e6)} megapixels), more than the ${MAX_DECODE_PIXELS / 1e6} megapixels a page may hold: it is not drawn.`,
        );
      }
    }
    try {
      const image = await poolOf().run(
        'render',
        { bytes, mediaType: doc.mediaType, page: n, dpi, limits: { maxPageContentBytes, maxImagePixels: MAX_DECODE_PIXELS, maxPixels: SCREEN_MAX_PIXELS } },
        { timeoutMs: () => timeoutMs },
      );
      return { bytes: image.bytes, contentType: image.contentType };
    } catch (error) {
      if (error instanceof IsolationError) {
        if (error.kind === 'time') return placeholder(`Drawing this page took longer than ${timeoutMs / 1000} s (web.pageImageTimeoutMs) and was stopped.`);
        if (error.kind === 'memory')
          return placeholder(`Drawing this page needed more than ${formatSize(poolOf().memoryBytes)} of memory (limits.documentMemoryBytes) and was stopped.`);
        return placeholder(`The process drawing this page stopped (${error.message}).`);
      }
      if (isOcrError(error, 'too_large')) return placeholder(`${error.message.replace(/^page \d+ is not drawn: /, 'This page is not drawn: ')}.`);
      if ((error as Error).name === 'NoSuchPage') throw new NoPageImageError((error as Error).message, 'page');
      throw new NoPageImageError((error as Error).message, 'page');
    }
  }

  return {
    async get(doc: PageImageDocument, n: number): Promise<PageImage> {
      if (!hasPageImages(doc.mediaType)) {
        const what = doc.mediaType.includes('wordprocessingml') ? 'a DOCX document' : `a ${doc.mediaType} document`;
        throw new NoPageImageError(
          `${what} has no page images (its pages are counted at page breaks, not laid out): read the evidence and its paragraph instead`,
          'format',
        );
      }
      if (doc.pageCount !== null && n > doc.pageCount)
        throw new NoPageImageError(`the document has ${doc.pageCount} page${doc.pageCount === 1 ? '' : 's'}`, 'page', doc.pageCount);
      const key = `${doc.id}:${n}`;
      let image = cache.get(key);
      if (image) {
        cache.delete(key);
      } else {
        // Every process busy and a queue already behind them: this page is not queued too.
        if (drawing >= processes * (1 + WAITING_PER_PROCESS)) return placeholder('The server is drawing other pages; reload in a moment.', true);
        drawing++;
        image = render(doc, n).finally(() => drawing--);
        // A failed render is not remembered (a placeholder is: it says why, and would say it again).
        image.catch(() => cache.delete(key));
      }
      cache.set(key, image);
      while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
      return image;
    },
    async close(): Promise<void> {
      await pool?.close();
    },
  };
}

export type PageImages = ReturnType<typeof pageImages>;
