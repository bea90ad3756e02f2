// Text layers that lie: a scan whose text layer an old scanner's OCR wrote without Vietnamese,
// and a scan whose only text is a digital-signature stamp. Both pages are read by OCR instead,
// whole, with a warning naming the page; a good text layer (Unicode or a legacy font) stays.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDocument } from '../../../extractors/classify.ts';
import { createOcrEngine, type OcrEngine } from '../../../extractors/parse/ocr/index.ts';
import { renderPdfPage } from '../../../extractors/parse/ocr/render.ts';
import { parseDocument } from '../../../extractors/parse/index.ts';
import { judgeTextLayer, vietnameseShare } from '../../../extractors/parse/text-layer.ts';
import type { ParsedPage } from '../../../extractors/types.ts';
import { FONT_REGULAR } from '../../helpers/make-documents.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function page(lines: string[]): ParsedPage {
  return { number: 1, source: 'text', blocks: lines.map((text) => ({ kind: 'paragraph', page: 1, text })) };
}

/** What an old scanner's OCR made of a Vietnamese page (danang_1 of the real documents, in kind). */
const GARBAGE = [
  'UBND THANH PHO DA NANG CONG Hcok xA HQI CHiJ NGHiA VIVT NAM SO GIAO DVC vA DA° TAO Dc 1p - Ty do - Hph phtic',
  'S6: 463Y SGDDT -CTrTT Da Nang, ngay,94 thcing 5 nam 2019 V/v bao dam TTATGT cho HS, SV trong dip nghi he va kt thi THPT',
  'Thrc hin Cong van sO 2114/BGDDT-GDCTHSSV ngay 16/5/2019 cüa B GD&DT ye vic dam bao trat tir, an toàn giao thong chi hQc sinh, sinh viên',
  'trong dip nghi he va ky thi THPT quOc gia nam 2019, nhäm gop phän bão dam trt tr an toàn giao thông, hn chê tai nn giao thông lien quan dn hQc sinh',
  'Se( GD&DT you eau Thu truerng cac. dun vi,. truang hoc nghiern tue vi; chirc, trien khai thuc hien cac Wei dung &en',
];

describe('judging a text layer', () => {
  it('Vietnamese, as written or in a legacy font, is believed', () => {
    const vietnamese =
      'Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ khoa học và công nghệ, trong đó có 02 nhiệm vụ cấp quốc gia, 61 nhiệm vụ cấp tỉnh và 23 nhiệm vụ cấp cơ sở. ';
    expect(judgeTextLayer(page([vietnamese.repeat(3)]))).toEqual({ verdict: 'ok' });
    // TCVN3 (".VnTime"): not Vietnamese as written, Vietnamese once converted.
    const tcvn3 = 'Trong kú, Së qu¶n lý vµ theo dâi 86 nhiÖm vô khoa häc vµ c«ng nghÖ, trong ®ã cã 02 nhiÖm vô cÊp quèc gia, 61 nhiÖm vô cÊp tØnh. ';
    expect(vietnameseShare(tcvn3.repeat(3)).share).toBeGreaterThan(0.6);
    expect(judgeTextLayer(page([tcvn3.repeat(3)]))).toEqual({ verdict: 'ok' });
  });

  it("a scanner's OCR layer without Vietnamese is not", () => {
    const verdict = judgeTextLayer(page(GARBAGE));
    expect(verdict.verdict).toBe('not_vietnamese');
    expect(verdict.verdict === 'not_vietnamese' && verdict.share).toBeLessThan(0.3);
  });

  it('a page holding only a signature stamp, its lines split over cells', () => {
    expect(
      judgeTextLayer(
        page([
          'Người ký: Trung tâm | Ủy ban nhân dân tỉnh',
          'Công báo và Tin học',
          'Email: | Quảng Ngãi',
          'ttcbth@quangngai.gov.vn',
          'Cơ quan: Văn phòng Ủy | Tỉnh Quảng Ngãi',
          'ban Nhân dân, Tỉnh | 27/12/2021 17:22:11',
        ]),
      ),
    ).toEqual({ verdict: 'stamp_only' });
  });

  it('too little text is not judged (a table of numbers, a signature page)', () => {
    expect(judgeTextLayer(page(['STT | Chỉ tiêu | 1 | 2 | 3', 'TM. UBND TỈNH', 'CHỦ TỊCH']))).toEqual({ verdict: 'ok' });
  });
});

/**
 * A scanned two-page PDF: each page the picture of a fixture report's first page; page 1 with a
 * transparent text layer of OCR garbage over it, page 2 with a signature stamp as its only text.
 */
async function lyingScan(): Promise<Uint8Array> {
  const picture = Buffer.from(await renderPdfPage(new Uint8Array(await readFile(path.join(ROOT, 'fixtures/reports/tayninh-2025-h1.pdf'))), 1, 200));
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { CreationDate: new Date('2025-06-12T08:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.registerFont('R', FONT_REGULAR);
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(picture, 0, 0, { width: 595, height: 842 });
    doc.save().fillOpacity(0).font('R').fontSize(11);
    GARBAGE.forEach((line, i) => {
      doc.text(line, 50, 60 + i * 40, { width: 495, lineBreak: false });
    });
    doc.restore();
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(picture, 0, 0, { width: 595, height: 842 });
    doc
      .font('R')
      .fontSize(6)
      .fillColor('blue')
      .text('Ký bởi: Sở Khoa học và Công nghệ tỉnh Tây Ninh Thời gian ký: 12/06/2025 09:15:00', 420, 8, { width: 170 });
    doc.end();
  });
}

describe('parsing a scan whose text layer lies', () => {
  let engine: OcrEngine;
  let pdf: Uint8Array;
  beforeAll(async () => {
    engine = await createOcrEngine();
    pdf = await lyingScan();
  }, 120_000);
  afterAll(() => engine?.close());

  it('reads both pages by OCR, says why, keeps the stamp exact and apart, and classifies the report', async () => {
    const doc = await parseDocument(pdf, { ocr: { engine: async () => engine, maxPages: 5 } });
    expect(doc.pages.map((p) => p.source)).toEqual(['ocr', 'ocr']);
    expect(doc.warnings[0]).toMatchObject({ code: 'text_layer_replaced', page: 1 });
    expect(doc.warnings[0]!.message).toMatch(
      /^page 1: the text layer does not read as Vietnamese \(\d+% of \d+ words are Vietnamese syllables\): read by OCR instead$/,
    );
    expect(doc.warnings[1]).toEqual({
      code: 'text_layer_replaced',
      page: 2,
      message: 'page 2: the text layer is only a signature stamp over a scanned image: read by OCR',
    });
    const text = doc.pages[0]!.blocks.map((b) => b.text).join('\n');
    expect(text).not.toMatch(/Hcok|CHiJ|thcing/);
    expect(text).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(doc.pages[1]!.stamps).toEqual(['Ký bởi: Sở Khoa học và Công nghệ tỉnh Tây Ninh Thời gian ký: 12/06/2025 09:15:00']);
    const c = classifyDocument(doc);
    expect(c).toMatchObject({ provinceCode: '80', number: '215/BC-SKHCN', documentType: 'bao_cao', scope: 'report', signedAt: '2025-06-12T09:15:00+07:00' });
  }, 180_000);

  it('without OCR keeps the layer, saying it does not read as Vietnamese', async () => {
    const doc = await parseDocument(pdf);
    expect(doc.pages[0]!.source).toBe('text');
    expect(doc.warnings).toContainEqual({
      code: 'text_layer_kept',
      page: 1,
      message: expect.stringMatching(/^page 1: the text layer does not read as Vietnamese .*; OCR is not enabled here \(ocr\.enabled\), so it is kept$/),
    });
  });
});
