// layoutPage on synthetic word boxes: no OCR, so these run in milliseconds and pin the layout
// rules down exactly (the OCR tests in ocr.test.ts check the same on real scans).
import { describe, expect, it } from 'vitest';
import { layoutPage, type OcrBlockExtras, type OcrPage, type OcrRule, type OcrWord } from '../../../../extractors/parse/ocr/layout.ts';
import { findColumns, valuesFromTable } from '../../../../extractors/rules/from-table.ts';
import type { Block, TableBlock, TextBlock } from '../../../../extractors/types.ts';

const H = 30; // word box height (px): a 10-11 pt font at 200 dpi
const CHAR = 14; // average advance per character
const SPACE = 10;

/** Words of `text` laid out from x on the line centred at y. */
function words(x: number, y: number, text: string, opts: { conf?: number; slope?: number } = {}): OcrWord[] {
  const out: OcrWord[] = [];
  let cx = x;
  for (const t of text.split(' ').filter(Boolean)) {
    const w = t.length * CHAR;
    const dy = (opts.slope ?? 0) * cx;
    out.push({ text: t, confidence: opts.conf ?? 0.93, bbox: { x0: cx, x1: cx + w, y0: y - H / 2 + dy, y1: y + H / 2 + dy } });
    cx += w + SPACE;
  }
  return out;
}

function page(ws: OcrWord[], extra: Partial<OcrPage> = {}): OcrPage {
  return { number: 1, width: 1700, height: 2400, words: ws, confidence: 0.93, ...extra };
}

const texts = (blocks: Block[]) => blocks.map((b) => `${b.kind}: ${b.text}`);
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.kind === 'table');

describe('layoutPage: running text', () => {
  const LEFT = 200;
  const ws = [
    ...words(840, 60, '3'), // page number at the top
    ...words(LEFT, 200, 'I. KẾT QUẢ ĐẠT ĐƯỢC'),
    ...words(LEFT + 60, 260, 'Trong kỳ, Sở quản lý và theo dõi 76 nhiệm vụ KH&CN, trong đó có 04 nhiệm vụ cấp'),
    ...words(LEFT, 305, 'quốc gia, 56 nhiệm vụ cấp tỉnh và 16 nhiệm vụ cấp cơ sở. UBND tỉnh phê duyệt 16 nhiệm'),
    ...words(LEFT, 350, 'vụ mới với tổng kinh phí hơn 18,6 tỷ đồng.'),
    ...words(LEFT + 60, 395, 'Tổ chức nghiệm thu 15 đề tài, dự án; dừng thực hiện 02 nhiệm vụ trong kỳ báo cáo.'),
    ...words(LEFT, 470, '1. Công tác quản lý nhiệm vụ KH&CN'),
    ...words(LEFT + 60, 530, 'Kiểm định, hiệu chuẩn 12.430 phương tiện đo các loại.'),
  ];
  const parsed = layoutPage(page(ws));

  it('drops the page number and finds headings and paragraphs in reading order', () => {
    expect(texts(parsed.blocks)).toEqual([
      'heading: I. KẾT QUẢ ĐẠT ĐƯỢC',
      'paragraph: Trong kỳ, Sở quản lý và theo dõi 76 nhiệm vụ KH&CN, trong đó có 04 nhiệm vụ cấp quốc gia, 56 nhiệm vụ cấp tỉnh và 16 nhiệm vụ cấp cơ sở. UBND tỉnh phê duyệt 16 nhiệm vụ mới với tổng kinh phí hơn 18,6 tỷ đồng.',
      'paragraph: Tổ chức nghiệm thu 15 đề tài, dự án; dừng thực hiện 02 nhiệm vụ trong kỳ báo cáo.',
      'heading: 1. Công tác quản lý nhiệm vụ KH&CN',
      'paragraph: Kiểm định, hiệu chuẩn 12.430 phương tiện đo các loại.',
    ]);
  });

  it("marks the page as OCR with its confidence, and carries each block's words with their confidence", () => {
    expect(parsed.source).toBe('ocr');
    expect(parsed.ocrConfidence).toBe(0.93);
    const first = parsed.blocks[0] as TextBlock & OcrBlockExtras;
    expect(first.words).toEqual(['I.', 'KẾT', 'QUẢ', 'ĐẠT', 'ĐƯỢC'].map((text) => ({ text, confidence: 0.93 })));
  });

  it('levels a tilted page by the measured skew', () => {
    const slope = 0.03; // 1.7 degrees: a line drifts by 1.5 line heights over its width
    const tilted = [
      ...words(LEFT, 200, 'Trong kỳ, Sở quản lý và theo dõi 76 nhiệm vụ KH&CN, trong đó có 04 nhiệm vụ', { slope }),
      ...words(LEFT, 245, 'cấp quốc gia, 56 nhiệm vụ cấp tỉnh và 16 nhiệm vụ cấp cơ sở.', { slope }),
    ];
    expect(texts(layoutPage(page(tilted, { skew: slope })).blocks)).toEqual([
      'paragraph: Trong kỳ, Sở quản lý và theo dõi 76 nhiệm vụ KH&CN, trong đó có 04 nhiệm vụ cấp quốc gia, 56 nhiệm vụ cấp tỉnh và 16 nhiệm vụ cấp cơ sở.',
    ]);
  });

  it('normalises to NFC and removes ruling-line debris', () => {
    const nfd = 'Nhiệm vụ'.normalize('NFD');
    const ws2 = [
      ...words(200, 200, `|Tổng số ${nfd}|`),
      { text: '|', confidence: 0.4, bbox: { x0: 700, x1: 704, y0: 185, y1: 215 } },
      { text: '—', confidence: 0.1, bbox: { x0: 800, x1: 830, y0: 195, y1: 205 } },
    ];
    const blocks = layoutPage(page(ws2)).blocks;
    expect(texts(blocks)).toEqual(['paragraph: Tổng số Nhiệm vụ']);
    expect(blocks[0]!.text).toBe(blocks[0]!.text.normalize('NFC'));
  });

  it('gives an empty page no blocks', () => {
    const empty = layoutPage({ number: 4, width: 1240, height: 1754, words: [], confidence: 0 });
    expect(empty).toEqual({ number: 4, blocks: [], source: 'ocr', ocrConfidence: 0 });
  });
});

describe('layoutPage: the 2-column header of a report', () => {
  it('keeps the authority and the national motto side by side, as the text parser does', () => {
    const ws = [
      ...words(150, 100, 'ỦY BAN NHÂN DÂN TỈNH TÂY NINH'),
      ...words(900, 100, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
      ...words(180, 145, 'SỞ KHOA HỌC VÀ CÔNG NGHỆ'),
      ...words(1000, 145, 'Độc lập - Tự do - Hạnh phúc'),
      ...words(260, 210, 'Số: 215/BC-SKHCN'),
      ...words(950, 210, 'Tây Ninh, ngày 12 tháng 6 năm 2025'),
      ...words(780, 300, 'BÁO CÁO'),
    ];
    const blocks = layoutPage(page(ws)).blocks;
    expect(tables(blocks)[0]!.rows).toEqual([
      ['ỦY BAN NHÂN DÂN TỈNH TÂY NINH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Độc lập - Tự do - Hạnh phúc'],
      ['Số: 215/BC-SKHCN', 'Tây Ninh, ngày 12 tháng 6 năm 2025'],
    ]);
    expect(texts(blocks).slice(1)).toEqual(['heading: BÁO CÁO']);
  });
});

// Column x positions of an annex table: STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm | Thực hiện kỳ báo cáo | Lũy kế
const COL = [110, 200, 760, 920, 1080, 1260];

function cellWords(y: number, cells: (string | null)[]): OcrWord[] {
  return cells.flatMap((t, i) => (t ? words(COL[i]!, y, t) : []));
}

describe('layoutPage: a borderless annex table', () => {
  const ws = [
    ...words(500, 150, 'PHỤ LỤC'),
    // Header cells wrap over three lines, vertically centred as Word and LibreOffice draw them.
    ...cellWords(220, [null, null, 'Đơn vị', 'Kế', 'Thực', null]),
    ...cellWords(260, ['STT', 'Chỉ tiêu', 'tính', 'hoạch', 'hiện kỳ', 'Lũy kế']),
    ...cellWords(300, [null, null, null, 'năm', 'báo cáo', null]),
    ...cellWords(370, ['1', 'Tổng số nhiệm vụ KH&CN đang', 'Nhiệm vụ', '-', '76', '-']),
    ...cellWords(410, [null, 'quản lý, triển khai', null, null, null, null]),
    // A sub-row whose dash OCR lost: its numbers say it is a row of its own.
    ...cellWords(450, [null, 'Cấp tỉnh', 'Nhiệm vụ', '-', '56', '-']),
    ...cellWords(520, ['2', 'Số phương tiện đo được kiểm', 'Phương', '31.458', '12.430', '23.713']),
    ...cellWords(560, [null, 'định, hiệu chuẩn', 'tiện', null, null, null]),
    ...words(200, 680, 'Ghi chú: số liệu ước thực hiện đến hết ngày 14 tháng 6 năm 2025 theo báo cáo của các phòng.'),
  ];
  const blocks = layoutPage(page(ws)).blocks;
  const table = tables(blocks)[0]!;

  it('rebuilds rows and cells: one header row, wrapped labels joined, the sub-row kept apart', () => {
    expect(table.rows).toEqual([
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế'],
      ['1', 'Tổng số nhiệm vụ KH&CN đang quản lý, triển khai', 'Nhiệm vụ', '-', '76', '-'],
      ['', 'Cấp tỉnh', 'Nhiệm vụ', '-', '56', '-'],
      ['2', 'Số phương tiện đo được kiểm định, hiệu chuẩn', 'Phương tiện', '31.458', '12.430', '23.713'],
    ]);
    expect(texts(blocks)[0]).toBe('heading: PHỤ LỤC');
    expect(texts(blocks)[2]).toMatch(/^paragraph: Ghi chú/);
  });

  it('is read by the rules extractor from the "Thực hiện kỳ báo cáo" column', () => {
    expect(findColumns(table.rows)).toMatchObject({ label: 1, unit: 2, value: 4, cumulative: 5 });
    const values = valuesFromTable(table, null, null, 'vi');
    expect(values.map((v) => [v.indicator, v.value])).toEqual(
      expect.arrayContaining([
        ['NV01', '76'],
        ['TD01', '12430'],
      ]),
    );
  });
});

describe('layoutPage: a bordered table cut by its ruling lines', () => {
  // Grid: 6 columns between 7 vertical rules, 3 rows between 4 horizontal rules.
  const xs = [100, 190, 740, 900, 1060, 1240, 1400];
  const ys = [200, 340, 420, 500];
  const rules = {
    vertical: xs.map((x): OcrRule => ({ x0: x - 1, x1: x + 1, y0: ys[0]!, y1: ys[ys.length - 1]! })),
    horizontal: ys.map((y): OcrRule => ({ x0: xs[0]!, x1: xs[xs.length - 1]!, y0: y - 1, y1: y + 1 })),
  };
  const at = (y: number, cells: (string | null)[]) => cells.flatMap((t, i) => (t ? words(xs[i]! + 12, y, t) : []));
  const ws = [
    ...at(235, [null, null, 'Đơn vị', 'Kế', 'Thực', null]),
    ...at(270, ['STT', 'Chỉ tiêu', 'tính', 'hoạch', 'hiện kỳ', 'Lũy kế']),
    ...at(305, [null, null, null, 'năm', 'báo cáo', null]),
    ...at(380, ['1', 'Số cơ sở vi phạm', 'Cơ sở', '24', '11', '18']),
    // Row 3: the label wraps; the unit too.
    ...at(440, ['2', 'Tổng chi ngân sách nhà nước', 'Triệu', '155.380', '66.240', '112.280']),
    ...at(475, [null, 'cho KH&CN', 'đồng', null, null, null]),
  ];

  it('puts every word in the cell its rules enclose', () => {
    const table = tables(layoutPage(page(ws, { rules })).blocks)[0]!;
    expect(table.rows).toEqual([
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế'],
      ['1', 'Số cơ sở vi phạm', 'Cơ sở', '24', '11', '18'],
      ['2', 'Tổng chi ngân sách nhà nước cho KH&CN', 'Triệu đồng', '155.380', '66.240', '112.280'],
    ]);
    expect(table.text.split('\n')[2]).toBe('2 | Tổng chi ngân sách nhà nước cho KH&CN | Triệu đồng | 155.380 | 66.240 | 112.280');
    expect((table as TableBlock & OcrBlockExtras).words?.map((w) => w.text)).toContain('66.240');
  });

  it('fixes a Roman group number misread beside an all-caps title', () => {
    const ws2 = [
      ...at(270, ['STT', 'Chỉ tiêu', 'Đơn vị', 'Kế hoạch', 'Thực hiện', 'Lũy kế']),
      ...at(380, ['H', 'TÀI CHÍNH CHO KH&CN', null, null, null, null]),
      ...at(460, ['1', 'Tổng chi', 'Triệu đồng', '1', '2', '3']),
    ];
    const table = tables(layoutPage(page(ws2, { rules })).blocks)[0]!;
    expect(table.rows[1]).toEqual(['II', 'TÀI CHÍNH CHO KH&CN']);
  });
});
