// OCR end to end with real tesseract.js and the npm language data, on scans generated from the
// fixture reports (fixtures/scans, see generate.ts there). Slow on two cores: every page here
// costs 1-4 s, so the set is kept to a few pages and the timeouts are generous.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDocument } from '../../../../extractors/classify.ts';
import { cer } from '../../../../extractors/parse/ocr/cer.ts';
import { createOcrEngine, OcrError, type OcrEngine } from '../../../../extractors/parse/ocr/engine.ts';
import { ocrImageDocument, ocrPdfPages } from '../../../../extractors/parse/ocr/index.ts';
import { layoutPage, type OcrBlockExtras } from '../../../../extractors/parse/ocr/layout.ts';
import { renderPdfPage } from '../../../../extractors/parse/ocr/render.ts';
import { parseDocument, DocumentError } from '../../../../extractors/parse/index.ts';
import { extractWithRules } from '../../../../extractors/rules/index.ts';
import type { Block, ParsedPage, TableBlock } from '../../../../extractors/types.ts';
import { drawPng, greyPixels, greyTiff, strip } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const read = async (p: string) => new Uint8Array(await readFile(path.join(ROOT, p)));
const SLOW = 240_000;

/** The page's text as a reader would see it: table cells separated by spaces, not " | ". */
function pageText(page: ParsedPage): string {
  return page.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.join(' ')).join('\n') : b.text)).join('\n');
}

async function pdfPageText(file: string, page: number): Promise<string> {
  const { text } = await extractText(await read(file), { mergePages: false });
  return text[page - 1]!;
}

async function ocrErrorOf(promise: Promise<unknown>): Promise<OcrError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcrError);
  return error as OcrError;
}

const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.kind === 'table');

let engine: OcrEngine;

beforeAll(async () => {
  engine = await createOcrEngine({ workers: 2 });
}, SLOW);

afterAll(async () => {
  await engine?.close();
});

describe('a clean 300-dpi render of a report page', () => {
  it(
    "reads back the PDF's own text with a character error rate under 0.1",
    async () => {
      const png = await renderPdfPage(await read('fixtures/reports/tayninh-2025-h1.pdf'), 1, 300);
      const started = Date.now();
      const ocr = await engine.recognize(png, 1);
      const seconds = (Date.now() - started) / 1000;
      const page = layoutPage(ocr);
      const rate = cer(await pdfPageText('fixtures/reports/tayninh-2025-h1.pdf', 1), pageText(page));
      console.log(`300 dpi: ${seconds.toFixed(1)} s, CER ${rate.toFixed(3)}, confidence ${ocr.confidence}`);
      expect(rate).toBeLessThan(0.1);
      expect(ocr.confidence).toBeGreaterThan(0.8);
      expect(ocr.words.every((w) => w.confidence >= 0 && w.confidence <= 1 && w.text === w.text.normalize('NFC'))).toBe(true);
      expect(page.blocks.map((b) => b.text)).toContain('Tổ chức nghiệm thu 15 đề tài, dự án; dừng thực hiện 02 nhiệm vụ.');
    },
    SLOW,
  );
});

describe('an image-only PDF (150-dpi PNG pages) through ocrPdfPages', () => {
  let result: Awaited<ReturnType<typeof ocrPdfPages>>;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    const bytes = await read('fixtures/scans/tayninh-2025-h1.scan.pdf');
    // The text-layer parser finds nothing: this is what the caller hands to OCR.
    await expect(parseDocument(bytes)).rejects.toSatisfy((e: unknown) => e instanceof DocumentError && e.code === 'no_text');
    result = await ocrPdfPages(bytes, [1, 2], { engine, maxPages: 10, onPage: (p, n) => progress.push([p, n]) });
  }, SLOW);

  it('returns both pages as OCR pages, in order, with progress after each', () => {
    expect(result.pages.map((p) => [p.number, p.source])).toEqual([
      [1, 'ocr'],
      [2, 'ocr'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    for (const p of result.pages) expect(p.ocrConfidence).toBeGreaterThan(0.8);
  });

  it('reads the narrative page closely enough to classify the report', async () => {
    const rate = cer(await pdfPageText('fixtures/reports/tayninh-2025-h1.pdf', 1), pageText(result.pages[0]!));
    console.log(`150-dpi scan PDF, page 1: CER ${rate.toFixed(3)}`);
    expect(rate).toBeLessThan(0.1);
    const c = classifyDocument({ mediaType: 'application/pdf', pages: result.pages, warnings: [] });
    expect([c.provinceCode, c.number, c.period?.label]).toEqual(['80', '215/BC-SKHCN', '6 tháng đầu năm 2025']);
  });

  it('rebuilds the annex table so that the rules extractor reads the period column', () => {
    const annex = tables(result.pages[1]!.blocks)[0]!;
    expect(annex.rows[0]!.join(' ')).toContain('Thực hiện kỳ báo cáo');
    const values = extractWithRules({ mediaType: 'application/pdf', pages: result.pages, warnings: [] });
    const fromTable = values.filter((v) => v.context?.origin === 'table').map((v) => [v.indicator, v.value]);
    expect(fromTable).toEqual(
      expect.arrayContaining([
        ['TD01', '12430'],
        ['TC01', '66240'],
        ['NV01', '76'],
      ]),
    );
  });

  it('records pages it was not asked to read, or could not, without OCRing them', async () => {
    const bytes = await read('fixtures/scans/tayninh-2025-h1.scan.pdf');
    const r = await ocrPdfPages(bytes, [2, 9], { engine, maxPages: 0 });
    expect(r.pages).toEqual([]);
    expect(r.warnings).toEqual([
      { code: 'ocr_page_missing', page: 9, message: 'page 9 is not in the PDF (it has 2 pages): not read by OCR' },
      { code: 'ocr_page_limit', page: 2, message: 'page 2 was not read: OCR is limited to 0 pages per document' },
    ]);
  });
});

describe('a PNG of the annex page through ocrImageDocument', () => {
  let page: ParsedPage;

  beforeAll(async () => {
    const doc = await ocrImageDocument(await read('fixtures/scans/tayninh-2025-h1.p3.png'), 'image/png', { engine, maxPages: 5 });
    expect(doc.mediaType).toBe('image/png');
    expect(doc.warnings).toEqual([]);
    expect(doc.pages).toHaveLength(1);
    page = doc.pages[0]!;
  }, SLOW);

  it('comes back with the table: a header row with "Thực hiện" and the row of a fixture value', () => {
    const table = tables(page.blocks)[0]!;
    const header = table.rows.find((r) => r.some((c) => c.includes('Thực hiện')))!;
    expect(header).toEqual(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế', 'So với cùng kỳ (%)']);
    // Truth: TD01 = 12430 ("12.430" in the period column of the metrology row).
    const row = table.rows.find((r) => r.includes('12.430'))!;
    expect(row[1]).toMatch(/phương tiện đo/);
    expect(row.indexOf('12.430')).toBe(header.indexOf('Thực hiện kỳ báo cáo'));
  });

  it('carries per-word confidences on every block', () => {
    for (const block of page.blocks) {
      const words = (block as Block & OcrBlockExtras).words!;
      expect(words.length).toBeGreaterThan(0);
      for (const w of words) expect(w.confidence).toBeGreaterThanOrEqual(0);
    }
    const table = tables(page.blocks)[0] as TableBlock & OcrBlockExtras;
    expect(table.words!.find((w) => w.text === '12.430')!.confidence).toBeGreaterThan(0.5);
  });
});

describe('a scan-like JPEG: tilted, off-white, noisy, with a red seal', () => {
  it(
    'is levelled and read, the seal ignored',
    async () => {
      const doc = await ocrImageDocument(await read('fixtures/scans/danang-2025-q3.p2.scan.jpg'), 'image/jpeg', { engine, maxPages: 5 });
      const text = pageText(doc.pages[0]!);
      const rate = cer(await pdfPageText('fixtures/reports/danang-2025-q3.pdf', 2), text);
      console.log(`150-dpi scan-like JPEG: CER ${rate.toFixed(3)}`);
      expect(rate).toBeLessThan(0.1);
      expect(text).toContain('toàn thành phố hiện có 2.142 trạm BTS đang hoạt động');
      expect(text).toContain('Lê Thị Thu Hà');
    },
    SLOW,
  );
});

describe('multi-page TIFF', () => {
  it(
    'reads pages up to the cap and records the rest',
    async () => {
      const png = await read('fixtures/scans/tayninh-2025-h1.p3.png');
      const grey = await greyPixels(png);
      // Two short pages cut from the annex scan: the title lines, and a few table rows.
      const tiff = greyTiff([strip(grey, 60, 230), strip(grey, 400, 560)]);
      const doc = await ocrImageDocument(tiff, 'image/tiff', { engine, maxPages: 1 });
      expect(doc.mediaType).toBe('image/tiff');
      expect(doc.pages.map((p) => p.number)).toEqual([1]);
      expect(pageText(doc.pages[0]!)).toMatch(/SỐ LIỆU KẾT QUẢ HOẠT ĐỘNG/);
      expect(doc.warnings).toEqual([{ code: 'ocr_page_limit', page: 2, message: 'page 2 of 2 was not read: OCR is limited to 1 pages per document' }]);
    },
    SLOW,
  );
});

describe('bad input and blank pages', () => {
  it(
    'gives bad_image for a 0-byte PNG and a truncated JPEG, from the engine and from ocrImageDocument',
    async () => {
      const jpeg = await read('fixtures/scans/danang-2025-q3.p2.scan.jpg');
      const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
      expect((await ocrErrorOf(engine.recognize(new Uint8Array(0), 1))).code).toBe('bad_image');
      const e = await ocrErrorOf(engine.recognize(truncated, 7));
      expect(e.code).toBe('bad_image');
      expect(e.message).toMatch(/page 7 image is cut short/);
      expect((await ocrErrorOf(ocrImageDocument(new Uint8Array(0), 'image/png', { engine, maxPages: 5 }))).code).toBe('bad_image');
      expect((await ocrErrorOf(ocrImageDocument(truncated, 'image/jpeg', { engine, maxPages: 5 }))).code).toBe('bad_image');
    },
    SLOW,
  );

  it(
    'reads a blank page as an empty page',
    async () => {
      const blank = await drawPng(1240, 1754);
      const ocr = await engine.recognize(blank, 3);
      expect(ocr).toMatchObject({ number: 3, width: 1240, height: 1754, words: [], confidence: 0 });
      expect(layoutPage(ocr).blocks).toEqual([]);
      const doc = await ocrImageDocument(blank, 'image/png', { engine, maxPages: 5 });
      expect(doc.pages).toEqual([{ number: 1, blocks: [], source: 'ocr', ocrConfidence: 0 }]);
      expect(doc.warnings).toEqual([{ code: 'ocr_no_text', page: 1, message: 'page 1: OCR found no text' }]);
    },
    SLOW,
  );
});

describe('engine failures', () => {
  it(
    'refuses to start without language data, with a clear error and no crash',
    async () => {
      const empty = await mkdtemp(path.join(os.tmpdir(), 'baocao-ocr-nolang-'));
      try {
        const e = await ocrErrorOf(createOcrEngine({ workers: 1, langPath: empty }));
        expect(e.code).toBe('language_data_missing');
        expect(e.message).toContain(path.join(empty, 'vie.traineddata.gz'));
        const f = await ocrErrorOf(createOcrEngine({ workers: 1, languages: 'vie+xyz' }));
        expect(f.code).toBe('language_data_missing');
        expect(f.message).toMatch(/"xyz".*npm install @tesseract\.js-data\/xyz/);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'times a page out after 1 ms, replaces the worker, and goes on working',
    async () => {
      const slow = await createOcrEngine({ workers: 1, pageTimeoutMs: 1 });
      try {
        const page = await drawPng(900, 300, (ctx) => {
          ctx.font = '40px serif';
          ctx.fillText('Kiểm định 9.215 phương tiện đo', 40, 150);
        });
        const e = await ocrErrorOf(slow.recognize(page, 5));
        expect(e.code).toBe('timeout');
        expect(e.message).toMatch(/page 5 .*1 ms/);
        const ocr = await slow.recognize(page, 6, { timeoutMs: 60_000 });
        expect(ocr.words.map((w) => w.text).join(' ')).toContain('9.215');
        // Closing settles what is running and what is queued.
        const running = ocrErrorOf(slow.recognize(page, 7, { timeoutMs: 60_000 }));
        const queued = ocrErrorOf(slow.recognize(page, 8, { timeoutMs: 60_000 }));
        await slow.close();
        expect((await running).code).toBe('failed');
        expect((await queued).message).toMatch(/closed/);
      } finally {
        await slow.close();
      }
      expect((await ocrErrorOf(slow.recognize(new Uint8Array(0), 1))).message).toMatch(/closed/);
    },
    SLOW,
  );

  it(
    'refuses damaged language data: before starting when the file is not traineddata, fast when tesseract rejects it',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'baocao-ocr-badlang-'));
      try {
        await writeFile(path.join(dir, 'vie.traineddata.gz'), gzipSync(Buffer.from('not tesseract data')));
        const e = await ocrErrorOf(createOcrEngine({ workers: 1, languages: 'vie', langPath: dir }));
        expect(e.code).toBe('language_data_missing');
        expect(e.message).toMatch(/damaged/);
        // Passes the cheap checks (gzip, a component count) but is garbage to tesseract.
        const fake = Buffer.alloc(4096, 7);
        fake.writeInt32LE(24, 0);
        await writeFile(path.join(dir, 'vie.traineddata.gz'), gzipSync(fake));
        const started = Date.now();
        const f = await ocrErrorOf(createOcrEngine({ workers: 1, languages: 'vie', langPath: dir }));
        expect(f.code).toBe('failed');
        expect(f.message).toMatch(/could not load its core or the language data/);
        expect(Date.now() - started).toBeLessThan(30_000);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
