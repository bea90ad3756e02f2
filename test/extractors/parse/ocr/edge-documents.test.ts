// Scans at the edges: a photo with no text on it, and a 500-page image-only PDF. Each ends with a
// result or a recorded reason, never a crash, and the page cap keeps a long scan bounded.
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseReport } from '../../../../extractors/analyse.ts';
import { createOcrEngine, type OcrEngine } from '../../../../extractors/parse/ocr/index.ts';
import { DocumentError } from '../../../../extractors/parse/index.ts';
import { makeRng } from '../../../../fixtures/gen/util.ts';
import { drawPng } from './helpers.ts';

let engine: OcrEngine;
const ocr = (maxPages: number) => ({ engine: async () => engine, maxPages });

beforeAll(async () => {
  engine = await createOcrEngine();
}, 60_000);
afterAll(() => engine?.close());

/** A "photo": sky and ground gradients, blurred shapes and sensor noise, no lettering. */
function photo(): Promise<Uint8Array> {
  const rng = makeRng(4242);
  return drawPng(1600, 1200, (ctx) => {
    const sky = ctx.createLinearGradient(0, 0, 0, 700);
    sky.addColorStop(0, '#6fa8dc');
    sky.addColorStop(1, '#d9ead3');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, 1600, 700);
    ctx.fillStyle = '#6aa84f';
    ctx.fillRect(0, 700, 1600, 500);
    for (let i = 0; i < 60; i++) {
      ctx.fillStyle = `rgba(${Math.floor(rng.next() * 120)}, ${Math.floor(60 + rng.next() * 120)}, ${Math.floor(rng.next() * 80)}, 0.6)`;
      ctx.beginPath();
      ctx.ellipse(rng.next() * 1600, 650 + rng.next() * 550, 20 + rng.next() * 120, 15 + rng.next() * 60, rng.next() * 3, 0, Math.PI * 2);
      ctx.fill();
    }
    for (let i = 0; i < 4000; i++) {
      ctx.fillStyle = `rgba(0,0,0,${rng.next() * 0.3})`;
      ctx.fillRect(rng.next() * 1600, rng.next() * 1200, 2, 2);
    }
  });
}

/** An image-only PDF of `pages` pages, each the same small scanned-looking image. */
async function imagePdf(pages: number): Promise<Uint8Array> {
  const image = Buffer.from(
    await drawPng(300, 424, (ctx) => {
      ctx.font = '14px sans-serif';
      ctx.fillText('BÁO CÁO', 110, 60);
      for (let y = 100; y < 400; y += 22) ctx.fillRect(30, y, 240, 6);
    }),
  );
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { CreationDate: new Date('2025-06-12T08:00:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let i = 0; i < pages; i++) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(image, 0, 0, { width: 595, height: 842 });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe('scans at the edges', () => {
  it('a photo with no text: no values, and the reason is recorded (or the file is refused as having no text)', async () => {
    const bytes = await photo();
    try {
      const analysis = await analyseReport(bytes, { ocr: ocr(5) });
      expect(analysis.values).toEqual([]);
      expect(analysis.classification.provinceCode).toBeNull();
      // Whatever stray marks OCR took for letters, the page is recorded as read badly or empty.
      const page = analysis.parsed.pages[0]!;
      expect(page.source).toBe('ocr');
      expect(page.blocks.length === 0 ? analysis.parsed.warnings.map((w) => w.code).join('\n') : String(page.ocrConfidence)).toMatch(/ocr_no_text|^0\.[0-5]/);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentError);
      expect((error as DocumentError).code).toBe('no_text');
    }
  }, 120_000);

  it('a 500-page image-only PDF: the first pages are read, the rest recorded as past the cap', async () => {
    const bytes = await imagePdf(500);
    const analysis = await analyseReport(bytes, { ocr: ocr(3) });
    expect(analysis.parsed.pages.filter((p) => p.source === 'ocr')).toHaveLength(3);
    expect(analysis.parsed.warnings).toContainEqual(
      expect.objectContaining({
        code: 'ocr_page_limit',
        page: 4,
        message: expect.stringMatching(/pages 4-500 were not read: OCR is limited to 3 pages per document/),
      }),
    );
  }, 180_000);
});
