import { describe, expect, it } from 'vitest';
import { detectMediaType } from '../../../extractors/parse/index.ts';
import { sniffFile, zipEntryNames } from '../../../extractors/parse/media-type.ts';
import { makePng, makeReportDocx, makeReportPdf, makeZip } from '../../helpers/make-documents.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const OLE2 = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);

describe('detectMediaType', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['PDF header at byte 0', ascii('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'application/pdf'],
    ['PDF header after junk (within 1024 bytes)', concat(new Uint8Array(500).fill(0x20), ascii('%PDF-1.4\n')), 'application/pdf'],
    ['PDF header too late (after 1024 bytes)', concat(new Uint8Array(1030).fill(0x00), ascii('%PDF-1.4\n')), 'application/octet-stream'],
    ['PNG', makePng(2, 2), 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46), 'image/jpeg'],
    ['TIFF little-endian', bytes(0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0), 'image/tiff'],
    ['TIFF big-endian', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8), 'image/tiff'],
    ['UTF-8 text with Vietnamese', ascii('Báo cáo kết quả hoạt động KH&CN 6 tháng đầu năm 2025\n'), 'text/plain'],
    ['ASCII text', ascii('hello'), 'text/plain'],
    ['invalid UTF-8', bytes(0x61, 0xc3, 0x28, 0x62), 'application/octet-stream'],
    ['text with a NUL byte', bytes(0x61, 0x00, 0x62), 'application/octet-stream'],
    ['ZIP without word/document.xml', makeZip({ 'a.txt': 'x' }), 'application/octet-stream'],
    [
      'ZIP with word/document.xml',
      makeZip({ '[Content_Types].xml': '<x/>', 'word/document.xml': '<w/>' }),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['legacy .doc (OLE2)', concat(OLE2, utf16le('WordDocument')), 'application/octet-stream'],
    ['empty', new Uint8Array(0), 'application/octet-stream'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(detectMediaType(input)).toBe(expected);
  });

  it('recognises real PDFs and DOCX files made by pdfkit and docx', async () => {
    expect(detectMediaType(await makeReportPdf())).toBe('application/pdf');
    expect(detectMediaType(await makeReportDocx())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('sniffFile', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['legacy Word .doc', concat(OLE2, utf16le('Root Entry'), utf16le('WordDocument')), 'doc'],
    ['legacy Excel .xls', concat(OLE2, utf16le('Workbook')), 'xls'],
    ['password-protected .docx (OLE2 EncryptedPackage)', concat(OLE2, utf16le('EncryptedPackage')), 'office-encrypted'],
    ['other OLE2', OLE2, 'ole2'],
    ['xlsx', makeZip({ 'xl/workbook.xml': '<x/>' }), 'xlsx'],
    ['pptx', makeZip({ 'ppt/presentation.xml': '<x/>' }), 'pptx'],
    ['odt', makeZip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' }), 'odf'],
    ['plain zip', makeZip({ 'report.pdf': '%PDF-1.4' }), 'zip'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(sniffFile(input).kind).toBe(expected);
  });

  it('reads ZIP entry names from the central directory, or from local headers when it is cut off', async () => {
    const docx = await makeReportDocx();
    expect(zipEntryNames(docx)).toContain('word/document.xml');
    const truncated = docx.subarray(0, Math.floor(docx.length * 0.9));
    expect(zipEntryNames(truncated)).toContain('word/document.xml');
    expect(sniffFile(truncated).kind).toBe('docx');
  });
});
