// Real PDF and DOCX inputs for the parser tests, built in memory: pdfkit with an embedded DejaVu font
// (so Vietnamese text is real Unicode in the PDF), and the `docx` package for Word files.
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ParsedDocument } from '../../extractors/types.ts';
import { writeZip } from '../../fixtures/gen/util.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
export const FONT_REGULAR = `${FONT_DIR}DejaVuSans.ttf`;
export const FONT_BOLD = `${FONT_DIR}DejaVuSans-Bold.ttf`;

// ---------------------------------------------------------------------------------------------
// The report both builders write (made-up numbers, see shared/domain/REPORTS.md).

export const REPORT = {
  header: [
    ['ỦY BAN NHÂN DÂN TỈNH TÂY NINH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    ['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Độc lập - Tự do - Hạnh phúc'],
    ['Số: 215/BC-SKHCN', 'Tây Ninh, ngày 10 tháng 6 năm 2025'],
  ],
  title: 'BÁO CÁO',
  subtitle: 'Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2025',
  recipient: 'Kính gửi: Bộ Khoa học và Công nghệ.',
  section1: 'I. KẾT QUẢ ĐẠT ĐƯỢC',
  paragraphs1: [
    'Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN, trong đó có 02 nhiệm vụ cấp quốc gia, ' +
      '61 nhiệm vụ cấp tỉnh và 23 nhiệm vụ cấp cơ sở. UBND tỉnh phê duyệt 19 nhiệm vụ mới với ' +
      'tổng kinh phí hơn 14,2 tỷ đồng.',
    'Tổ chức nghiệm thu 11 đề tài, dự án; dừng thực hiện 01 nhiệm vụ. Kiểm định, hiệu chuẩn ' + '9.215 phương tiện đo các loại; thử nghiệm 842 mẫu.',
  ],
  section2: 'II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025',
  paragraphs2: ['Tiếp tục triển khai các nhiệm vụ KH&CN đã được phê duyệt; phấn đấu cấp 30 giấy phép tiến ' + 'hành công việc bức xạ.'],
  annexTitle: 'PHỤ LỤC',
  annexSubtitle: 'Một số chỉ tiêu chủ yếu 6 tháng đầu năm 2025',
  table: [
    ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế', 'So với cùng kỳ (%)'],
    ['1', 'Số nhiệm vụ KH&CN đang quản lý', 'Nhiệm vụ', '90', '86', '86', '104,9'],
    ['2', 'Số nhiệm vụ khoa học và công nghệ cấp tỉnh được nghiệm thu trong kỳ', 'Nhiệm vụ', '20', '11', '11', '110,0'],
    ['3', 'Kinh phí sự nghiệp KH&CN', 'Triệu đồng', '28.500', '14.200', '14.200', '95,3'],
  ],
} as const;

/** The blocks a parser should produce for REPORT (page, kind, text or rows). */
export function expectedReportBlocks(): BlockSummary[] {
  const r = REPORT;
  return [
    { page: 1, kind: 'table', rows: r.header.map((row) => [...row]) },
    { page: 1, kind: 'heading', text: r.title },
    { page: 1, kind: 'heading', text: r.subtitle },
    { page: 1, kind: 'paragraph', text: r.recipient },
    { page: 1, kind: 'heading', text: r.section1 },
    ...r.paragraphs1.map((text) => ({ page: 1, kind: 'paragraph' as const, text })),
    { page: 1, kind: 'heading', text: r.section2 },
    ...r.paragraphs2.map((text) => ({ page: 1, kind: 'paragraph' as const, text })),
    { page: 2, kind: 'heading', text: r.annexTitle },
    { page: 2, kind: 'heading', text: r.annexSubtitle },
    { page: 2, kind: 'table', rows: r.table.map((row) => [...row]) },
  ];
}

// ---------------------------------------------------------------------------------------------
// PDF

type Pdf = InstanceType<typeof PDFDocument>;

function renderPdf(options: ConstructorParameters<typeof PDFDocument>[0], draw: (doc: Pdf) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, compress: true, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.registerFont('R', FONT_REGULAR);
    doc.registerFont('B', FONT_BOLD);
    draw(doc);
    doc.end();
  });
}

const LEFT = 50;
const WIDTH = 495; // A4 (595pt) minus 50pt margins

/** The REPORT as a 2-page PDF: header, title, narrative on page 1; annex grid table on page 2. */
export function makeReportPdf(options: { userPassword?: string } = {}): Promise<Uint8Array> {
  const pdfOptions: ConstructorParameters<typeof PDFDocument>[0] = options.userPassword
    ? { userPassword: options.userPassword, ownerPassword: 'owner-secret', pdfVersion: '1.7' }
    : {};
  return renderPdf(pdfOptions, (doc) => {
    const r = REPORT;
    // Header: two centred columns, like the borderless layout table of a Word report.
    let y = 50;
    for (const [i, [left, right]] of r.header.entries()) {
      doc.font(i === 2 ? 'R' : 'B').fontSize(10);
      doc.text(left, LEFT, y, { width: 220, align: 'center' });
      doc.text(right, LEFT + 230, y, { width: 265, align: 'center' });
      y += 16;
    }
    y += 24;
    doc.font('B').fontSize(14).text(r.title, LEFT, y, { width: WIDTH, align: 'center' });
    doc.font('B').fontSize(12).text(r.subtitle, { width: WIDTH, align: 'center' });
    doc.moveDown(0.8);
    doc.font('R').fontSize(12).text(r.recipient, { width: WIDTH, align: 'center' });
    doc.moveDown(0.8);
    const section = (title: string) => {
      doc.font('B').fontSize(12).text(title, LEFT, doc.y, { width: WIDTH, align: 'left' });
      doc.moveDown(0.3);
    };
    const paragraph = (text: string) => {
      doc.font('R').fontSize(12).text(text, LEFT, doc.y, { width: WIDTH, align: 'justify', indent: 28 });
      doc.moveDown(0.3);
    };
    section(r.section1);
    r.paragraphs1.forEach(paragraph);
    section(r.section2);
    r.paragraphs2.forEach(paragraph);

    doc.addPage();
    // A page number in the top margin, as Vietnamese reports print it: not part of the text.
    doc.font('R').fontSize(10).text('2', LEFT, 25, { width: WIDTH, align: 'center' });
    doc.font('B').fontSize(12).text(r.annexTitle, LEFT, 50, { width: WIDTH, align: 'center' });
    doc.font('B').fontSize(12).text(r.annexSubtitle, { width: WIDTH, align: 'center' });
    doc.moveDown(1);
    drawGridTable(
      doc,
      LEFT,
      doc.y,
      [28, 150, 60, 62, 70, 55, 70],
      r.table.map((row) => [...row]),
    );
  });
}

/** A ruled table: every cell boxed, text top-aligned with 4pt padding, wrapping inside its cell. */
function drawGridTable(doc: Pdf, x0: number, y0: number, widths: number[], rows: string[][]): void {
  const pad = 4;
  let y = y0;
  rows.forEach((row, ri) => {
    doc.font(ri === 0 ? 'B' : 'R').fontSize(9);
    const height = Math.max(...row.map((cell, ci) => doc.heightOfString(cell, { width: (widths[ci] ?? 0) - 2 * pad }))) + 2 * pad;
    let x = x0;
    row.forEach((cell, ci) => {
      const w = widths[ci] ?? 0;
      doc.rect(x, y, w, height).lineWidth(0.5).stroke();
      const numeric = ri > 0 && ci >= 3;
      doc.text(cell, x + pad, y + pad, { width: w - 2 * pad, align: numeric ? 'right' : ri === 0 ? 'center' : 'left' });
      x += w;
    });
    y += height;
  });
}

/**
 * A page that exercises the PDF layout heuristics beyond the report: a bold numbered heading, a
 * paragraph whose last line is a lone capitalised word, "-" list lines, a borderless table whose
 * sub-rows have an empty first column (not wrapped cells: they start with "-" or sit a row apart),
 * a note right after the table, and the two-column signature block.
 */
export function makeLayoutPdf(): Promise<Uint8Array> {
  return renderPdf({}, (doc) => {
    doc.font('B').fontSize(12).text('1. Công tác quản lý nhiệm vụ KH&CN', LEFT, 60, { lineBreak: false });
    doc.font('R').fontSize(12);
    const body = [
      '    Tăng cường ứng dụng tiến bộ khoa học và công nghệ vào sản xuất, đời sống;',
      'chuyển giao kết quả nghiên cứu cho doanh nghiệp và hợp tác xã trên địa bàn, đặc',
      'biệt là các nhiệm vụ ứng dụng, chuyển giao công nghệ trong nông nghiệp của',
      'KH&CN.',
    ];
    body.forEach((line, i) => {
      doc.text(line, LEFT, 80 + i * 15, { lineBreak: false });
    });
    doc.text('- Cấp quốc gia: 02 nhiệm vụ;', LEFT, 150, { lineBreak: false });
    doc.text('- Cấp tỉnh: 61 nhiệm vụ.', LEFT, 165, { lineBreak: false });
    const cols = [LEFT, 90, 330, 430];
    const rows = [
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số lượng'],
      ['1', 'Nhiệm vụ đang quản lý', 'Nhiệm vụ', '86'],
      ['', '- Cấp quốc gia', 'Nhiệm vụ', '02'],
      ['', '- Cấp tỉnh', 'Nhiệm vụ', '61'],
      ['', 'Cấp cơ sở', 'Nhiệm vụ', '23'],
      ['2', 'Nhiệm vụ mới', 'Nhiệm vụ', '19'],
    ];
    doc.fontSize(11);
    let y = 195;
    for (const [ri, row] of rows.entries()) {
      doc.font(ri === 0 ? 'B' : 'R');
      row.forEach((cell, ci) => {
        if (cell) doc.text(cell, cols[ci] ?? 0, y, { lineBreak: false });
      });
      y += ri === 3 ? 22 : 14; // rows at line spacing, except "Cấp cơ sở": a row apart
    }
    doc.font('R').text('Nguồn: Sở Khoa học và Công nghệ tỉnh Tây Ninh, số liệu đến ngày 14/6/2025.', LEFT, y + 4, {
      lineBreak: false,
    });
    y += 40;
    doc.font('B').text('Nơi nhận:', LEFT, y, { lineBreak: false });
    doc.text('KT. GIÁM ĐỐC', 330, y, { width: 200, align: 'center' });
    doc.font('R').text('- Bộ KH&CN;', LEFT, y + 14, { lineBreak: false });
    doc.font('B').text('PHÓ GIÁM ĐỐC', 330, y + 14, { width: 200, align: 'center' });
    doc.font('R').text('- Lưu: VT.', LEFT, y + 28, { lineBreak: false });
    doc.font('B').text('Nguyễn Văn A', 330, y + 90, { width: 200, align: 'center' });
  });
}

/** A one-page PDF holding only an image (a "scan"): no text layer at all. */
export function makeImageOnlyPdf(): Promise<Uint8Array> {
  const png = Buffer.from(makePng(40, 30));
  return renderPdf({}, (doc) => {
    doc.image(png, 100, 100, { width: 400 });
  });
}

/** A 2-page PDF whose second page is an image only. */
export function makePdfWithScannedPage(): Promise<Uint8Array> {
  const png = Buffer.from(makePng(40, 30));
  return renderPdf({}, (doc) => {
    doc.font('R').fontSize(12).text('Trang có chữ: 86 nhiệm vụ KH&CN.', LEFT, 60);
    doc.addPage();
    doc.image(png, 100, 100, { width: 400 });
  });
}

/** A notice (thông báo) of the Tây Ninh Department of S&T, with the numbers of a report in it. */
export function makeNoticePdf(): Promise<Uint8Array> {
  return renderPdf({ info: { CreationDate: new Date('2025-06-12T08:00:00Z') } }, (doc) => {
    const header = [
      ['ỦY BAN NHÂN DÂN TỈNH TÂY NINH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Độc lập - Tự do - Hạnh phúc'],
      ['Số: 45/TB-SKHCN', 'Tây Ninh, ngày 12 tháng 6 năm 2025'],
    ];
    let y = 50;
    for (const [i, [left, right]] of header.entries()) {
      doc
        .font(i === 2 ? 'R' : 'B')
        .fontSize(10)
        .text(left!, 50, y, { width: 220, align: 'center' })
        .text(right!, 280, y, { width: 265, align: 'center' });
      y += 16;
    }
    doc
      .font('B')
      .fontSize(14)
      .text('THÔNG BÁO', 50, y + 24, { width: 495, align: 'center' });
    doc.fontSize(12).text('Kết luận của Giám đốc Sở tại cuộc họp giao ban 6 tháng đầu năm 2025', { width: 495, align: 'center' });
    doc.moveDown();
    doc
      .font('R')
      .text('Trong 6 tháng đầu năm 2025, UBND tỉnh phê duyệt 19 nhiệm vụ mới với tổng kinh phí hơn 14,2 tỷ đồng. Sở tổ chức nghiệm thu 11 đề tài, dự án.', {
        width: 495,
        align: 'justify',
      });
  });
}

// ---------------------------------------------------------------------------------------------
// PNG (for the image-only PDF and the media-type tests)

function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** A small greyscale gradient PNG. */
export function makePng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 6 + y * 3) & 0xff;
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(raw)),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// ZIP (enough for "a zip that is not a docx")

/** A ZIP archive with the given entries (the fixture generator's writer). */
export function makeZip(entries: Record<string, string>): Uint8Array {
  const files = Object.entries(entries).map(([name, content]) => ({ name, data: Buffer.from(content, 'utf8') }));
  return new Uint8Array(writeZip(files, new Date('2025-01-01T00:00:00Z')));
}

// ---------------------------------------------------------------------------------------------
// DOCX

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function cell(text: string, options: { bold?: boolean; widthPct?: number } = {}): TableCell {
  return new TableCell({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: options.bold ?? false })] })],
    ...(options.widthPct ? { width: { size: options.widthPct, type: WidthType.PERCENTAGE } } : {}),
  });
}

/** The REPORT as a DOCX: header as a borderless 2-column table, a page break before the annex. */
export async function makeReportDocx(options: { extraRowWithNestedTable?: boolean } = {}): Promise<Uint8Array> {
  const r = REPORT;
  const header = new Table({
    borders: NO_BORDERS,
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: r.header.map(
      ([left, right], i) => new TableRow({ children: [cell(left, { bold: i < 2, widthPct: 45 }), cell(right, { bold: i < 2, widthPct: 55 })] }),
    ),
  });
  // The long indicator name wraps inside its cell in Word too; in the XML it is one paragraph.
  const annexRows = r.table.map((row, ri) => new TableRow({ children: row.map((text) => cell(text, { bold: ri === 0 })) }));
  const doc = new Document({
    sections: [
      {
        children: [
          header,
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: r.title, bold: true, size: 28 })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: r.subtitle, bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(r.recipient)] }),
          // One section title in a Heading style, the other only bold: both are headings.
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(r.section1)] }),
          ...r.paragraphs1.map((text) => new Paragraph({ indent: { firstLine: 567 }, children: [new TextRun(text)] })),
          new Paragraph({ children: [new TextRun({ text: r.section2, bold: true })] }),
          ...r.paragraphs2.map((text) => new Paragraph({ indent: { firstLine: 567 }, children: [new TextRun(text)] })),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: r.annexTitle, bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: r.annexSubtitle, bold: true })] }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: annexRows }),
          ...(options.extraRowWithNestedTable ? nestedTableParts() : []),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function nestedTableParts(): (Paragraph | Table)[] {
  const inner = new Table({
    rows: [new TableRow({ children: [cell('Cấp tỉnh'), cell('61')] }), new TableRow({ children: [cell('Cấp cơ sở'), cell('23')] })],
  });
  return [
    new Paragraph({ children: [new TextRun('Bảng lồng nhau:')] }),
    new Table({
      rows: [
        new TableRow({
          children: [new TableCell({ children: [new Paragraph('Nhiệm vụ'), new Paragraph('theo cấp')] }), new TableCell({ children: [inner] })],
        }),
      ],
    }),
  ];
}

/** A DOCX with text before and after a page break inside one paragraph, and a break-only paragraph. */
export async function makePageBreakDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('Trang một.'),
          new Paragraph({ children: [new TextRun('Cuối trang một.'), new PageBreak(), new TextRun('Đầu trang hai.')] }),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph('Trang ba.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------------------------------------
// Assertion views of a ParsedDocument

export type BlockSummary = { page: number; kind: 'heading' | 'paragraph'; text: string } | { page: number; kind: 'table'; rows: string[][] };

export function summarise(doc: ParsedDocument): BlockSummary[] {
  return doc.pages.flatMap((p) =>
    p.blocks.map((b): BlockSummary => (b.kind === 'table' ? { page: b.page, kind: 'table', rows: b.rows } : { page: b.page, kind: b.kind, text: b.text })),
  );
}

/** Every string of the document is NFC and has no doubled, leading or trailing whitespace. */
export function allStrings(doc: ParsedDocument): string[] {
  return doc.pages.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'table' ? [b.text, ...b.rows.flat()] : [b.text])));
}
