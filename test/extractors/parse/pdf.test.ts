import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError, documentText, parseDocument } from '../../../extractors/parse/index.ts';
import { parsePdf } from '../../../extractors/parse/pdf.ts';
import type { ParsedDocument, TableBlock } from '../../../extractors/types.ts';
import {
  REPORT,
  expectedReportBlocks,
  makeImageOnlyPdf,
  makeLayoutPdf,
  makePdfWithScannedPage,
  makeReportPdf,
  summarise,
  allStrings,
} from '../../helpers/make-documents.ts';

async function expectDocumentError(promise: Promise<unknown>, code: DocumentError['code']): Promise<DocumentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  expect((error as DocumentError).code).toBe(code);
  return error as DocumentError;
}

describe('parsePdf on a 2-page report made with pdfkit', () => {
  let doc: ParsedDocument;
  beforeAll(async () => {
    doc = await parseDocument(await makeReportPdf());
  });

  it('has the media type and two text pages, without warnings', () => {
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.pages.map((p) => [p.number, p.source])).toEqual([
      [1, 'text'],
      [2, 'text'],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it('finds the header layout table, headings, paragraphs and the annex table, on the right pages', () => {
    expect(summarise(doc)).toEqual(expectedReportBlocks());
  });

  it('joins the wrapped indicator name and the wrapped header cells back into single cells', () => {
    const annex = doc.pages[1]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    expect(annex.rows[0]).toEqual([...REPORT.table[0]]);
    expect(annex.rows[2]![1]).toBe('Số nhiệm vụ khoa học và công nghệ cấp tỉnh được nghiệm thu trong kỳ');
    expect(annex.text.split('\n')[2]).toBe('2 | Số nhiệm vụ khoa học và công nghệ cấp tỉnh được nghiệm thu trong kỳ | Nhiệm vụ | 20 | 11 | 11 | 110,0');
  });

  it('keeps Vietnamese text as NFC with collapsed whitespace', () => {
    const strings = allStrings(doc);
    for (const s of strings) {
      expect(s).toBe(s.normalize('NFC'));
      expect(s).not.toMatch(/^\s|\s$| {2}/);
    }
    const text = documentText(doc);
    expect(text).toContain('Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN, trong đó có 02 nhiệm vụ cấp quốc gia');
    // Precomposed letters, not base letter + combining mark.
    expect(text).toContain('\u1EF3'); // ỳ
    expect(text).not.toMatch(/\p{M}/u);
  });

  it('leaves the input bytes untouched (pdf.js gets a copy)', async () => {
    const again = await makeReportPdf();
    const copy = again.slice();
    await parsePdf(again);
    expect(again.byteLength).toBe(copy.byteLength);
    expect(Buffer.compare(again, copy)).toBe(0);
  });
});

describe('parsePdf errors and odd PDFs', () => {
  it('refuses a password-protected PDF with "encrypted"', async () => {
    const bytes = await makeReportPdf({ userPassword: 'mat-khau' });
    const error = await expectDocumentError(parseDocument(bytes), 'encrypted');
    expect(error.message).toMatch(/password-protected/);
  });

  it('reports a PDF cut in half as corrupt, with a hint that it is incomplete (no crash, no hang)', async () => {
    const bytes = await makeReportPdf();
    const error = await expectDocumentError(parseDocument(bytes.subarray(0, Math.floor(bytes.length / 2))), 'corrupt');
    expect(error.message).toMatch(/^PDF is damaged: .+ \(the file seems cut short: an incomplete upload or download\?\)$/);
  });

  it('reports garbage after a PDF header as corrupt', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2000)}`);
    const error = await expectDocumentError(parseDocument(bytes), 'corrupt');
    expect(error.message).toMatch(/^PDF is damaged: /);
  });

  it('refuses a PDF holding only an image with "no_text"', async () => {
    const error = await expectDocumentError(parseDocument(await makeImageOnlyPdf()), 'no_text');
    expect(error.message).toBe('no text layer on any page (a scan? OCR is not enabled here: ocr.enabled)');
  });

  it('keeps a page without text as an empty page, with a warning', async () => {
    const doc = await parseDocument(await makePdfWithScannedPage());
    expect(doc.pages.map((p) => p.blocks.length)).toEqual([1, 0]);
    expect(doc.pages[1]!.number).toBe(2);
    expect(doc.warnings).toEqual([{ code: 'no_text_layer', page: 2, message: 'page 2 has no text layer' }]);
    expect(summarise(doc)).toEqual([{ page: 1, kind: 'paragraph', text: 'Trang có chữ: 86 nhiệm vụ KH&CN.' }]);
  });
});

describe('PDF layout heuristics', () => {
  it('separates headings, paragraphs, list lines, a borderless table with sub-rows and the signature block', async () => {
    const doc = await parseDocument(await makeLayoutPdf());
    expect(summarise(doc)).toEqual([
      { page: 1, kind: 'heading', text: '1. Công tác quản lý nhiệm vụ KH&CN' },
      {
        page: 1,
        kind: 'paragraph',
        // The last line holds only "KH&CN.": capitals, yet the end of the paragraph, not a heading.
        text:
          'Tăng cường ứng dụng tiến bộ khoa học và công nghệ vào sản xuất, đời sống; chuyển giao kết quả ' +
          'nghiên cứu cho doanh nghiệp và hợp tác xã trên địa bàn, đặc biệt là các nhiệm vụ ứng dụng, ' +
          'chuyển giao công nghệ trong nông nghiệp của KH&CN.',
      },
      { page: 1, kind: 'paragraph', text: '- Cấp quốc gia: 02 nhiệm vụ;' },
      { page: 1, kind: 'paragraph', text: '- Cấp tỉnh: 61 nhiệm vụ.' },
      {
        page: 1,
        kind: 'table',
        rows: [
          ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số lượng'],
          ['1', 'Nhiệm vụ đang quản lý', 'Nhiệm vụ', '86'],
          // Empty first column but a "-" item: a sub-row, not a wrapped continuation.
          ['', '- Cấp quốc gia', 'Nhiệm vụ', '02'],
          ['', '- Cấp tỉnh', 'Nhiệm vụ', '61'],
          // Empty first column, a row's distance below: a sub-row too.
          ['', 'Cấp cơ sở', 'Nhiệm vụ', '23'],
          ['2', 'Nhiệm vụ mới', 'Nhiệm vụ', '19'],
        ],
      },
      { page: 1, kind: 'paragraph', text: 'Nguồn: Sở Khoa học và Công nghệ tỉnh Tây Ninh, số liệu đến ngày 14/6/2025.' },
      {
        page: 1,
        kind: 'table',
        rows: [['Nơi nhận:', 'KT. GIÁM ĐỐC'], ['- Bộ KH&CN;', 'PHÓ GIÁM ĐỐC'], ['- Lưu: VT.']],
      },
      { page: 1, kind: 'heading', text: 'Nguyễn Văn A' },
    ]);
  });
});
