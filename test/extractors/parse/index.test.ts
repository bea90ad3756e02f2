import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DocumentError, detectMediaType, documentText, parseDocument } from '../../../extractors/parse/index.ts';
import type { ParsedDocument } from '../../../extractors/types.ts';
import { makePng, makeReportDocx, makeReportPdf, makeZip } from '../../helpers/make-documents.ts';

async function errorOf(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

/** 4 KiB of random bytes that start with no known magic and hold a NUL (so are not text). */
function randomNonText(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(4096));
  bytes.set([0x01, 0x02, 0x00], 0);
  return bytes;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const withStream = (name: string) => new Uint8Array(Buffer.concat([Buffer.from(OLE2), Buffer.alloc(504), Buffer.from(name, 'utf16le')]));

describe('parseDocument refuses what it cannot read, with a message an analyst understands', () => {
  const cases: Array<[string, () => Uint8Array, DocumentError['code'], RegExp]> = [
    ['an empty file', () => new Uint8Array(0), 'empty', /^empty file \(0 bytes\)$/],
    [
      'UTF-8 text',
      () => new TextEncoder().encode('Báo cáo kết quả hoạt động KH&CN 6 tháng đầu năm 2025'),
      'unsupported_type',
      /^not a report file: the bytes are plain text \(a \.txt renamed \.pdf\?\)$/,
    ],
    ['random bytes', randomNonText, 'unsupported_type', /^not a report file: unrecognised file type/],
    ['a PNG image without OCR configured', () => makePng(4, 4), 'unsupported_type', /^image files need OCR, which is not enabled here \(ocr.enabled\)$/],
    ['a JPEG image', () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'unsupported_type', /OCR/],
    ['a TIFF scan', () => new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), 'unsupported_type', /OCR/],
    ['a legacy .doc', () => withStream('WordDocument'), 'unsupported_type', /^legacy Word \.doc is not supported; save as \.docx/],
    ['a password-protected .docx', () => withStream('EncryptedPackage'), 'encrypted', /password-protected/],
    ['a zip that is not a docx', () => makeZip({ 'bao-cao.pdf': '%PDF-1.4' }), 'unsupported_type', /ZIP archive that is not a Word document/],
    ['an .xlsx workbook', () => makeZip({ 'xl/workbook.xml': '<workbook/>' }), 'unsupported_type', /Excel workbooks \(\.xlsx\)/],
  ];
  it.each(cases)('%s', async (_name, make, code, message) => {
    const error = await errorOf(parseDocument(make()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.name).toBe('DocumentError');
  });

  it('refuses files over maxBytes before reading them', async () => {
    const pdf = await makeReportPdf();
    const error = await errorOf(parseDocument(pdf, { maxBytes: 1000 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^file too large: .* the limit is 1000 bytes$/);
  });

  it('accepts a file at the default limit check (50 MiB is far above a report)', async () => {
    const doc = await parseDocument(await makeReportPdf(), {});
    expect(doc.pages).toHaveLength(2);
  });
});

describe('documentText', () => {
  it('joins every block, tables as "cell | cell" lines, blocks separated by newlines', () => {
    const doc: ParsedDocument = {
      mediaType: 'application/pdf',
      warnings: [],
      pages: [
        {
          number: 1,
          source: 'text',
          blocks: [
            { kind: 'heading', page: 1, text: 'I. KẾT QUẢ' },
            { kind: 'paragraph', page: 1, text: 'Có 86 nhiệm vụ.' },
          ],
        },
        {
          number: 2,
          source: 'text',
          blocks: [
            {
              kind: 'table',
              page: 2,
              rows: [
                ['STT', 'Chỉ tiêu'],
                ['1', 'Nhiệm vụ'],
              ],
              text: 'STT | Chỉ tiêu\n1 | Nhiệm vụ',
            },
          ],
        },
      ],
    };
    expect(documentText(doc)).toBe('I. KẾT QUẢ\nCó 86 nhiệm vụ.\nSTT | Chỉ tiêu\n1 | Nhiệm vụ');
  });

  it('is the same for the PDF and DOCX of one report', async () => {
    const [pdf, docx] = await Promise.all([makeReportPdf(), makeReportDocx()]);
    expect(detectMediaType(pdf)).toBe('application/pdf');
    const text = documentText(await parseDocument(pdf));
    expect(text).toBe(documentText(await parseDocument(docx)));
    expect(text.split('\n')).toContain('3 | Kinh phí sự nghiệp KH&CN | Triệu đồng | 28.500 | 14.200 | 14.200 | 95,3');
  });
});
