// ocrImageDocument / ocrPdfPages orchestration with a stand-in engine (no tesseract): page order,
// failures recorded as warnings, the page cap, progress and cancellation, pages in flight.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../../../extractors/parse/ocr/engine.ts';
import { OcrError } from '../../../../extractors/parse/ocr/errors.ts';
import { ocrImageDocument, ocrPdfPages } from '../../../../extractors/parse/ocr/index.ts';
import type { OcrPage } from '../../../../extractors/parse/ocr/layout.ts';
import { greyTiff } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** Answers each page with one word naming it; fails the pages in `fail`; counts pages in flight. */
function fakeEngine(fail: Map<number, OcrError> = new Map(), workers = 2) {
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: number[] = [];
  const engine: OcrEngine = {
    workers,
    async recognize(image: Uint8Array, pageNumber: number): Promise<OcrPage> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen.push(pageNumber);
      try {
        await new Promise((r) => setTimeout(r, 5 + (pageNumber % 3) * 5));
        const error = fail.get(pageNumber);
        if (error) throw error;
        expect(image.length).toBeGreaterThan(0);
        return {
          number: pageNumber,
          width: 1000,
          height: 1400,
          confidence: 0.9,
          words: [{ text: `Trang ${pageNumber}: 86 nhiệm vụ.`, confidence: 0.9, bbox: { x0: 100, x1: 600, y0: 500, y1: 530 } }],
        };
      } finally {
        inFlight--;
      }
    },
    async close() {},
  };
  return { engine, stats: () => ({ maxInFlight, seen }) };
}

const tiffOf = (n: number) => greyTiff(Array.from({ length: n }, () => ({ width: 40, height: 30, gray: new Uint8Array(1200).fill(200) })));

describe('ocrImageDocument', () => {
  it('reads every page in order, at most engine.workers at a time', async () => {
    const { engine, stats } = fakeEngine();
    const doc = await ocrImageDocument(tiffOf(5), 'image/tiff', { engine, maxPages: 10 });
    expect(doc.pages.map((p) => [p.number, p.source, p.ocrConfidence])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'ocr', 0.9]));
    expect(doc.pages[2]!.blocks.map((b) => b.text)).toEqual(['Trang 3: 86 nhiệm vụ.']);
    expect(doc.warnings).toEqual([]);
    expect(stats().maxInFlight).toBe(2);
  });

  it('records a failed or timed-out page in the warnings and keeps the others', async () => {
    const { engine } = fakeEngine(new Map([[2, new OcrError('timeout', 'OCR of page 2 took longer than 60 s and was stopped')]]));
    const doc = await ocrImageDocument(tiffOf(3), 'image/tiff', { engine, maxPages: 10 });
    expect(doc.pages.map((p) => [p.number, p.blocks.length])).toEqual([
      [1, 1],
      [2, 0],
      [3, 1],
    ]);
    expect(doc.warnings).toEqual([
      { code: 'ocr_page_failed', page: 2, message: 'page 2 could not be read by OCR: OCR of page 2 took longer than 60 s and was stopped' },
    ]);
  });

  it('stops at the page cap and says which pages were left', async () => {
    const { engine, stats } = fakeEngine();
    const doc = await ocrImageDocument(tiffOf(6), 'image/tiff', { engine, maxPages: 2 });
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(stats().seen.sort()).toEqual([1, 2]);
    expect(doc.warnings).toEqual([{ code: 'ocr_page_limit', page: 3, message: 'pages 3-6 of 6 were not read: OCR is limited to 2 pages per document' }]);
  });

  it('reports progress and stops when the progress callback throws', async () => {
    const { engine, stats } = fakeEngine(new Map(), 1);
    const calls: Array<[number, number]> = [];
    const cancelled = new Error('activity cancelled');
    await expect(
      ocrImageDocument(tiffOf(5), 'image/tiff', {
        engine,
        maxPages: 10,
        onPage: (page, pages) => {
          calls.push([page, pages]);
          if (page === 2) throw cancelled;
        },
      }),
    ).rejects.toBe(cancelled);
    expect(calls).toEqual([
      [1, 5],
      [2, 5],
    ]);
    expect(stats().seen).toEqual([1, 2]);
  });
});

describe('ocrPdfPages', () => {
  it('renders and reads only the pages asked for, once each, and sorts them', async () => {
    const { engine, stats } = fakeEngine();
    const pdf = new Uint8Array(await readFile(path.join(ROOT, 'fixtures/reports/tayninh-2025-h1.pdf')));
    const r = await ocrPdfPages(pdf, [4, 2, 4], { engine, maxPages: 10, dpi: 50 });
    expect(r.pages.map((p) => p.number)).toEqual([2, 4]);
    expect(stats().seen.sort()).toEqual([2, 4]);
    expect(r.warnings).toEqual([]);
  });

  it('refuses a file that is not a PDF with an OcrError', async () => {
    const { engine } = fakeEngine();
    const e = await ocrPdfPages(new TextEncoder().encode('plain text'), [1], { engine, maxPages: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OcrError);
    expect((e as OcrError).code).toBe('failed');
  });
});
