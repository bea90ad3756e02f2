import { Document, Packer, Paragraph } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError, documentText, parseDocument } from '../../../extractors/parse/index.ts';
import { parseDocx } from '../../../extractors/parse/docx.ts';
import type { ParsedDocument, TableBlock } from '../../../extractors/types.ts';
import {
  REPORT,
  allStrings,
  expectedReportBlocks,
  makePageBreakDocx,
  makeReportDocx,
  makeReportPdf,
  makeZip,
  summarise,
} from '../../helpers/make-documents.ts';

describe('parseDocx on the report made with the docx package', () => {
  let doc: ParsedDocument;
  beforeAll(async () => {
    doc = await parseDocument(await makeReportDocx());
  });

  it('has the DOCX media type and a page per explicit page break', () => {
    expect(doc.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.pages.map((p) => [p.number, p.source])).toEqual([
      [1, 'text'],
      [2, 'text'],
    ]);
  });

  it('gives the same blocks as the PDF of the same report', async () => {
    expect(summarise(doc)).toEqual(expectedReportBlocks());
    const pdf = await parseDocument(await makeReportPdf());
    expect(summarise(doc)).toEqual(summarise(pdf));
    expect(documentText(doc)).toBe(documentText(pdf));
  });

  it('keeps the borderless header layout table as a table block', () => {
    const header = doc.pages[0]!.blocks[0] as TableBlock;
    expect(header.kind).toBe('table');
    expect(header.rows).toEqual(REPORT.header.map((r) => [...r]));
    expect(header.text).toBe(
      'ỦY BAN NHÂN DÂN TỈNH TÂY NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n' +
        'SỞ KHOA HỌC VÀ CÔNG NGHỆ | Độc lập - Tự do - Hạnh phúc\n' +
        'Số: 215/BC-SKHCN | Tây Ninh, ngày 10 tháng 6 năm 2025',
    );
  });

  it('decodes HTML entities and keeps NFC text', () => {
    for (const s of allStrings(doc)) {
      expect(s).toBe(s.normalize('NFC'));
      expect(s).not.toMatch(/^\s|\s$| {2}|&amp;/);
    }
    expect(documentText(doc)).toContain('86 nhiệm vụ KH&CN');
  });
});

describe('parseDocx details', () => {
  it('counts explicit page breaks, also in the middle of a paragraph', async () => {
    const doc = await parseDocx(await makePageBreakDocx());
    expect(summarise(doc)).toEqual([
      { page: 1, kind: 'paragraph', text: 'Trang một.' },
      { page: 1, kind: 'paragraph', text: 'Cuối trang một.' },
      { page: 2, kind: 'paragraph', text: 'Đầu trang hai.' },
      { page: 3, kind: 'paragraph', text: 'Trang ba.' },
    ]);
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3]);
  });

  it('flattens a nested table into its cell', async () => {
    const doc = await parseDocx(await makeReportDocx({ extraRowWithNestedTable: true }));
    const last = doc.pages[1]!.blocks.at(-1) as TableBlock;
    expect(last.kind).toBe('table');
    expect(last.rows).toEqual([['Nhiệm vụ theo cấp', 'Cấp tỉnh 61 Cấp cơ sở 23']]);
    // The nested table is not also emitted as a table of its own.
    expect(doc.pages[1]!.blocks.filter((b) => b.kind === 'table')).toHaveLength(2);
  });

  it('reports a damaged .docx as corrupt', async () => {
    const bytes = await makeReportDocx();
    const error = await parseDocx(bytes.subarray(0, Math.floor(bytes.length / 2))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe('corrupt');
    expect((error as DocumentError).message).toMatch(/^Word document is damaged/);
  });

  it('reports a zip with word/document.xml but no real document as corrupt', async () => {
    const bytes = makeZip({ 'word/document.xml': 'not xml at all <<<' });
    const error = await parseDocument(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe('corrupt');
  });

  it('passes mammoth warnings on as warnings', async () => {
    const word = new Document({
      styles: { paragraphStyles: [{ id: 'GhiChu', name: 'Ghi chu', run: { italics: true } }] },
      sections: [{ children: [new Paragraph({ style: 'GhiChu', text: 'Số liệu ước tính.' })] }],
    });
    const doc = await parseDocx(new Uint8Array(await Packer.toBuffer(word)));
    expect(summarise(doc)).toEqual([{ page: 1, kind: 'paragraph', text: 'Số liệu ước tính.' }]);
    expect(doc.warnings).toEqual([
      { code: 'docx_conversion', message: "warning from Word conversion: Unrecognised paragraph style: 'Ghi chu' (Style ID: GhiChu)" },
    ]);
  });

  it('refuses a Word document without any text as no_text', async () => {
    const word = new Document({ sections: [{ children: [new Paragraph('')] }] });
    const error = await parseDocx(new Uint8Array(await Packer.toBuffer(word))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe('no_text');
  });
});
