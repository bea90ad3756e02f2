// Scans through the whole extraction: parseDocument reads image files and text-less PDF pages
// with OCR, the rules extractor reads the result, and verification holds doubtful OCR values.
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseReport } from '../../../../extractors/analyse.ts';
import { createOcrEngine, type OcrEngine } from '../../../../extractors/parse/ocr/index.ts';
import { DocumentError, parseDocument } from '../../../../extractors/parse/index.ts';
import type { ParsedDocument } from '../../../../extractors/types.ts';
import { ocrReasons } from '../../../../extractors/verify/ocr.ts';
import { loadTruthFiles } from '../../../../fixtures/truth.ts';

const fixtures = new URL('../../../../fixtures/', import.meta.url).pathname;
let engine: OcrEngine;
const ocr = () => ({ engine: async () => engine, maxPages: 20 });

beforeAll(async () => {
  engine = await createOcrEngine();
}, 60_000);
afterAll(() => engine?.close());

/** A PDF whose first page is the Tây Ninh report's text page and whose second is a scanned annex image. */
async function mixedPdf(): Promise<Uint8Array> {
  const annex = await readFile(`${fixtures}scans/tayninh-2025-h1.p3.png`);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { CreationDate: new Date('2025-06-12T08:00:00Z') } });
  doc.registerFont('body', `${new URL('../../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', import.meta.url).pathname}`);
  doc.font('body').fontSize(11);
  doc.text('ỦY BAN NHÂN DÂN TỈNH TÂY NINH');
  doc.text('Kiểm định, hiệu chuẩn 12.430 phương tiện đo các loại; thử nghiệm 1.294 mẫu.');
  doc.addPage();
  doc.image(annex, 0, 0, { width: 595, height: 842 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe('OCR in the pipeline', () => {
  it('an image-only PDF yields the truth values of the pages it holds', async () => {
    const bytes = new Uint8Array(await readFile(`${fixtures}scans/tayninh-2025-h1.scan.pdf`));
    const analysis = await analyseReport(bytes, { ocr: ocr() });
    expect(analysis.parsed.pages.every((p) => p.source === 'ocr' && typeof p.ocrConfidence === 'number')).toBe(true);
    expect(analysis.classification).toMatchObject({ provinceCode: '80', number: '215/BC-SKHCN' });
    // The scan holds pages 1 and 3 of the report: its narrative and its annex.
    const truth = (await loadTruthFiles(`${fixtures}reports`)).find((t) => t.truth.file === 'tayninh-2025-h1.pdf')!.truth;
    const expected = new Map(truth.values.filter((v) => v.page === 1 || v.page === 3).map((v) => [v.indicator, v.value]));
    const got = new Map(analysis.values.map((v) => [v.indicator, v]));
    const found = [...expected].filter(([id, value]) => got.get(id)?.value === value);
    expect(found.length / expected.size).toBeGreaterThanOrEqual(0.9);
    // Nothing wrong is accepted without a reviewer.
    const wrongAccepted = analysis.values.filter((v) => v.status === 'auto_accepted' && expected.has(v.indicator) && expected.get(v.indicator) !== v.value);
    expect(wrongAccepted).toEqual([]);
  }, 120_000);

  it('a mixed PDF reads its text page as text and only its scanned page with OCR', async () => {
    const doc = await parseDocument(await mixedPdf(), { ocr: ocr() });
    expect(doc.pages.map((p) => p.source)).toEqual(['text', 'ocr']);
    expect(doc.pages[1]!.blocks.some((b) => b.kind === 'table' && /Thực/.test(b.text))).toBe(true);
    expect(doc.warnings.some((w) => w.code === 'no_text_layer' && w.page === 2)).toBe(false);
  }, 120_000);

  it('a PNG of an annex page is read as a table the rules can use', async () => {
    const analysis = await analyseReport(new Uint8Array(await readFile(`${fixtures}scans/tayninh-2025-h1.p3.png`)), { ocr: ocr() });
    const td01 = analysis.values.find((v) => v.indicator === 'TD01');
    expect(td01).toMatchObject({ value: '12430', page: 1 });
    expect(td01!.evidence).toMatch(/12\.430/);
  }, 120_000);

  it('without OCR an image is refused with a reason, and a damaged image is a clear error with it', async () => {
    const png = new Uint8Array(await readFile(`${fixtures}scans/tayninh-2025-h1.p3.png`));
    await expect(parseDocument(png)).rejects.toThrow(/image files need OCR/);
    const truncated = new Uint8Array(await readFile(`${fixtures}scans/danang-2025-q3.p2.scan.jpg`)).subarray(0, 400);
    await expect(parseDocument(truncated, { ocr: ocr() })).rejects.toBeInstanceOf(DocumentError);
  }, 60_000);
});

describe('verification of OCR values', () => {
  const page = (words: { text: string; confidence: number }[], ocrConfidence = 0.9): ParsedDocument => ({
    mediaType: 'image/png',
    warnings: [],
    pages: [{ number: 1, source: 'ocr', ocrConfidence, blocks: [{ kind: 'paragraph', page: 1, text: words.map((w) => w.text).join(' '), words }] }],
  });
  const value = (evidence: string, rawText: string) => ({ page: 1, evidence, rawText });

  it.each([
    [
      'digits read with confidence',
      [
        { text: 'kiểm', confidence: 0.95 },
        { text: 'định', confidence: 0.95 },
        { text: '9.215', confidence: 0.93 },
      ],
      '9.215',
      [],
    ],
    [
      'digits read with low confidence',
      [
        { text: 'kiểm', confidence: 0.95 },
        { text: 'định', confidence: 0.95 },
        { text: '9.215', confidence: 0.41 },
      ],
      '9.215',
      ['ocr_low_confidence'],
    ],
    [
      'a comma where thousands take a dot',
      [
        { text: 'kiểm', confidence: 0.95 },
        { text: '1,204', confidence: 0.96 },
      ],
      '1,204',
      ['ocr_low_confidence'],
    ],
  ])('%s', (_, words, raw, reasons) => {
    const doc = page(words);
    expect(ocrReasons(value(doc.pages[0]!.blocks[0]!.text, raw), doc)).toEqual(reasons);
  });

  it('a page read with low confidence overall holds its values', () => {
    const doc = page([{ text: '842', confidence: 0.9 }], 0.5);
    expect(ocrReasons(value('842', '842'), doc)).toEqual(['ocr_low_confidence']);
  });

  it('text pages are not OCR pages', () => {
    const doc: ParsedDocument = {
      mediaType: 'application/pdf',
      warnings: [],
      pages: [{ number: 1, source: 'text', blocks: [{ kind: 'paragraph', page: 1, text: '1,204' }] }],
    };
    expect(ocrReasons(value('1,204', '1,204'), doc)).toEqual([]);
  });
});
