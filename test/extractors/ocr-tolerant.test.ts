// The rules on scanned pages whose diacritics OCR dropped or changed (issue #3). The damaged
// strings are the ones measured on fixtures/scans/reports; the decoys (plan section, "Kế hoạch",
// "Lũy kế", "so với cùng kỳ") must stay decoys however they were read.
import { describe, expect, it } from 'vitest';
import { findColumns } from '../../extractors/rules/from-table.ts';
import { extractWithRules } from '../../extractors/rules/index.ts';
import { editDistance, foldLoose, hasPhrase } from '../../extractors/rules/match-text.ts';
import { groupOfTitle } from '../../extractors/rules/sections.ts';
import type { Block, ParsedDocument, VerifiedValue } from '../../extractors/types.ts';
import { verifyCandidates } from '../../extractors/verify/index.ts';

type PageSpec = (string | Block)[];

/** One page per argument, each read by OCR (or from a text layer), blocks numbered with their page. */
function docOf(source: 'ocr' | 'text', ...pages: PageSpec[]): ParsedDocument {
  return {
    mediaType: 'application/pdf',
    warnings: [],
    pages: pages.map((blocks, i) => ({
      number: i + 1,
      source,
      ...(source === 'ocr' ? { ocrConfidence: 0.95 } : {}),
      blocks: blocks.map((b) =>
        typeof b === 'string' ? { kind: /^[IVX]+\./.test(b) ? ('heading' as const) : ('paragraph' as const), page: i + 1, text: b } : { ...b, page: i + 1 },
      ),
    })),
  };
}

const scan = (...pages: PageSpec[]) => docOf('ocr', ...pages);

const table = (rows: string[][]): Block => ({ kind: 'table', page: 0, rows, text: rows.map((r) => r.join(' | ')).join('\n') });

const run = (doc: ParsedDocument): VerifiedValue[] => verifyCandidates(extractWithRules(doc), doc);

const valuesOf = (vs: VerifiedValue[]) => Object.fromEntries(vs.map((v) => [v.indicator, v.value]));

const HEADER = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế', 'So với cùng kỳ (%)'];
/** The column codes under the header: without them a first row numbered "s" or "Im" would read as more header. */
const CODES = ['A', 'B', '1', '2', '3', '4', '5'];

describe('headings and section parts read without diacritics', () => {
  // bacgiang-2024: "Phụ lục" read as "Phu luc", so its tables were taken for the plan section.
  it('recognises the annex "Phu luc J SO LIEU ..." after the plan section', () => {
    const values = run(
      scan(
        ['I. KẾT QUẢ ĐẠT ĐƯỢC', 'Kiểm định 1.500 phương tiện đo.', 'II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025', 'Triển khai 28 nhiệm vụ KH-CN mở mới năm 2025.'],
        [
          'Phu luc J SO LIEU KET QUA HOAT PONG KHOA HOC VA CONG NGHE',
          table([
            ['STT', 'Chỉ tiêu', 'vị Kế Đơn hoạch tính năm', 'Thực hiện kỳ bdo cho', 'Lũy kế', 'So với cùng kỳ (%)'],
            ['1', 'NHIEM VU KHOA HOC VA CONG NGHE'],
            ['2 A', 'Số nhiệm vụ mở mới', 'Nhiệm vụ 27', '24', '98', '79,1'],
            ['4', 'Số nhiệm vụ được đánh giá, nghiệm thu', 'Nhiệm 21 "', '19', '79', '125,3'],
            ['3', 'Số liều kế cá nhân được đọc', 'Liều kế 2.093', '1.727', '6.879', '98,3'],
          ]),
        ],
      ),
    );
    expect(valuesOf(values)).toEqual({ TD01: '1500', NV02: '24', NV04: '19', BX05: '1727' });
    // The annex's rows are read as rows (their labels and columns), and so accepted.
    expect(values.filter((v) => v.context?.origin === 'table').map((v) => [v.indicator, v.status])).toEqual([
      ['NV02', 'auto_accepted'],
      ['NV04', 'auto_accepted'],
      ['BX05', 'auto_accepted'],
    ]);
  });

  it('still starts the plan section at a heading read without diacritics, and reads nothing there', () => {
    const values = run(
      scan([
        'I. KET QUA ĐẠT ĐƯỢC',
        'Kiểm định 1.500 phương tiện đo.',
        'II. PHUONG HUONG, NHIEM VU NAM 2025',
        'Kiểm định 21.500 phương tiện đo; cấp 79 giấy phép tiến hành công việc bức xạ.',
      ]),
    );
    expect(valuesOf(values)).toEqual({ TD01: '1500' });
  });

  it('names groups of headings and group rows without their diacritics', () => {
    expect(groupOfTitle('sở hữu trí tue')).toBe('so_huu_tri_tue');
    expect(groupOfTitle('tieu chuan - po luong - chat luong')).toBe('tieu_chuan_do_luong');
    // Exact spellings keep the order of the table: "thanh tra" before "chất lượng".
    expect(groupOfTitle('thanh tra về chất lượng')).toBe('thanh_tra');
  });
});

describe('annex column headers read by OCR', () => {
  // danang-2025-q3: "Chỉ tiêu" read as "Chi tiêu", so the label column and the whole table were lost.
  it('finds the label column of "Chi tiêu" and the unit of "Đơn vi tính"', () => {
    const rows = [
      ['STT', 'Chi tiêu', 'Đơn vi tính', 'Kế hoạch nam', 'Thực hiện kỳ báo cáo', 'Luy kế', 'So với cùng kỳ (%)'],
      ['I', 'NHIỆM VỤ KHOA HỌC VA CÔNG NGHỆ'],
      ['4', 'Số đề xuất đặt hàng nhiệm vụ được tiếp nhận', 'Để xuất', '135', '28', '91', '92'],
      ['IV', '- TIỂU CHUẨN ĐO LƯỜNG - CHAT LƯỢNG'],
      ['1', 'Số phương tiện đo được kiểm định, hiệu chuẩn', 'Phương tiện', '35.739', '8.067', '25.901', '124,2'],
      ['2', 'Số ho sơ công bố hợp chuẩn hợp quy được tiếp nhận', 'Hồ sơ', '319', '69', '208', '85,1'],
      ['3', 'Số cơ sở được kiểm tra về đo lường, chất lượng, nhãn hàng hóa', 'Cơ sở', '151', '37', '100', '79,1'],
      ['wv', 'AN TOÀN BỨC XẠ VÀ HẠT NHÂN'],
      ['1', 'Số cơ sở bức xạ đang quản lý', 'Cơ sở', '-', '257', '-', '86,6'],
    ];
    expect(findColumns(rows)).toMatchObject({ label: 1, unit: 2, value: 4, cumulative: 5 });
    const values = run(scan(['Phụ lục', table(rows)]));
    expect(valuesOf(values)).toEqual({ NV08: '28', TD01: '8067', TD03: '69', TD05: '37', BX01: '257' });
    expect(values.find((v) => v.indicator === 'TD01')!.context).toMatchObject({ cumulative: '25901' });
  });

  // hcm-2024-9m: "Thực hiện kỳ báo cáo" read as "Th hién ky bao cao", so no results column.
  it('finds the results column of "Th hién ky bao cao" and the running total of "Lay kế"', () => {
    const rows = [
      ['STT', 'Chỉ tiêu', 'Đơn vị tinh', 'Kế hoạch nam', 'Th hién ky bao cao', 'Lay kế', 'So với cung kỳ (%)'],
      ['A', 'B', '1', '2', '3', '4', '5'],
      ['V', 'AN TOÀN BỨC XẠ VÀ HẠT NHÂN'],
      ['1', 'Số cơ sở bức xạ đang quản lý', 'Cơ sở', '-', '613', '-', '125,9'],
    ];
    expect(findColumns(rows)).toMatchObject({ label: 1, unit: 2, value: 4, cumulative: 5 });
    expect(valuesOf(run(scan(['Phụ lục', table(rows)])))).toEqual({ BX01: '613' });
  });

  it('reads headers whose words OCR joined or whose letter it misread ("Thực hiệnkỳ báo cáo", "Lũykế", "Pon vị tính")', () => {
    const rows = [
      ['mm', 'Chỉ tiêu', 'Pon vị tính', 'Kế hoạch năm', 'Thực hiệnkỳ báo cáo', 'Lũykế', 'So với cùng kỳ (%)'],
      ['1', 'Số tiền xử phạt vi phạm hành chinh', 'Triệu dong', '', '96', '381,4', '110.8'],
    ];
    expect(findColumns(rows)).toMatchObject({ label: 1, unit: 2, value: 4, cumulative: 5 });
    expect(valuesOf(run(scan(['Phụ lục', table(rows)])))).toEqual({ TT04: '96' });
  });
});

describe('row labels read by OCR', () => {
  // tayninh-2025-h1: the group row "SỞ HỮU TRÍ TUỆ" read as "…TUE", and SH05 needs its group.
  it('keeps the group of a damaged group row, with the Roman numeral read right or wrong', () => {
    for (const stt of ['III', 'Im']) {
      const values = run(
        scan([
          'Phụ lục',
          table([
            HEADER,
            CODES,
            [stt, 'SỞ HỮU TRÍ TUE'],
            ['1', 'Số lượt tư vấn, hướng dẫn xác lập và bảo vệ quyền sở hữu trí tuệ', 'Lượt', '67', '27', '44', '132,2'],
          ]),
        ]),
      );
      expect(valuesOf(values), stt).toEqual({ SH05: '27' });
    }
  });

  // hcm-2024-9m: the wrapped label's second line ("ký") was lost.
  it('reads a NV07 label cut after "đăng"', () => {
    const values = run(
      scan(['Phụ lục', table([HEADER, CODES, ['s', 'Số kết quả thực hiện nhiệm vụ được cấp Giấy chứng nhận đăng', 'Kết quả', '66', '43', '43', '112,8']])]),
    );
    expect(values).toMatchObject([{ indicator: 'NV07', value: '43', status: 'auto_accepted' }]);
  });

  // hcm-2024-9m SH04, danang-2025-q3 TC01: labels that only match without diacritics.
  it('names a label read without its diacritics, and leaves the value to a reviewer', () => {
    const values = run(
      scan([
        'Phụ lục',
        table([
          HEADER,
          CODES,
          ['$', 'Số nhiệm vụ thuộc Chương trình phat trién tai san tri tué', 'Nhiệm vụ', 'a', '39', '-', '131,2'],
          ['1', 'Tong chi ngan sach nha nuoc cho KHCN và đối mới sáng tạo', 'Triệu đồng', '229.860', '49.320', '152.290', '115,9'],
        ]),
      ]),
    );
    expect(valuesOf(values)).toEqual({ SH04: '39', TC01: '49320' });
    for (const v of values) expect(v).toMatchObject({ status: 'flagged', reasons: ['low_confidence'] });
  });

  it('lets an exact reading of the indicator lead over one matched without diacritics, and agree with it', () => {
    const values = run(
      scan([
        'I. KẾT QUẢ ĐẠT ĐƯỢC',
        'Tổng chi ngân sách nhà nước cho KH&CN là 49,32 tỷ đồng.',
        'Phụ lục',
        table([HEADER, CODES, ['1', 'Tong chi ngan sach nha nuoc cho KHCN', 'Triệu đồng', '229.860', '49.320', '152.290', '115,9']]),
      ]),
    );
    expect(values).toMatchObject([{ indicator: 'TC01', value: '49320' }]);
  });

  it('does not let a period figure above its own running total (a misread digit) outrank the text', () => {
    const values = run(
      scan([
        'I. KẾT QUẢ ĐẠT ĐƯỢC',
        'Hỗ trợ 17 đơn đăng ký sở hữu công nghiệp.',
        'Phụ lục',
        table([HEADER, CODES, ['1', 'Số đơn đăng ký sở hữu công nghiệp được hướng dan, hỗ trợ nộp đơn', 'Đơn', '81', '1577', '49', '93,5']]),
      ]),
    );
    expect(values).toMatchObject([{ indicator: 'SH01', value: '17', status: 'flagged', reasons: expect.arrayContaining(['conflicting_candidates']) }]);
  });

  // bacgiang-2024: the planted typo "19đề tài" read as "19dé tai".
  it('reads running text whose nouns lost their diacritics, for a reviewer', () => {
    const values = run(scan(['I. KẾT QUẢ ĐẠT ĐƯỢC', 'Nghiệm thu 19dé tai, dự án cấp tỉnh.', 'Trong quý III, kiếm định, hiệu chuẩn 8.067 phương tiện do.']));
    expect(valuesOf(values)).toEqual({ NV04: '19', TD01: '8067' });
    for (const v of values) expect(v).toMatchObject({ status: 'flagged', reasons: ['low_confidence'] });
  });

  it('matches labels without diacritics only on pages read by OCR', () => {
    const pages: PageSpec[] = [
      [
        'I. KẾT QUẢ ĐẠT ĐƯỢC',
        'Nghiệm thu 19dé tai, dự án cấp tỉnh.',
        'Phụ lục',
        table([HEADER, CODES, ['1', 'Tong chi ngan sach nha nuoc cho KHCN', 'Triệu đồng', '229.860', '49.320', '152.290', '115,9']]),
      ],
    ];
    expect(valuesOf(run(docOf('text', ...pages)))).toEqual({});
    expect(valuesOf(run(docOf('ocr', ...pages)))).toEqual({ NV04: '19', TC01: '49320' });
  });
});

describe('decoys stay decoys when folded', () => {
  it('refuses a plan table whose headers lost their diacritics', () => {
    const rows = [
      ['STT', 'Chi tieu', 'Don vi tinh', 'Ke hoach nam 2026', 'Luy ke', 'So voi cung ky (%)'],
      ['1', 'So phuong tien do duoc kiem dinh', 'Phuong tien', '12.000', '30.000', '110'],
    ];
    expect(findColumns(rows)).toBeNull();
    expect(run(scan(['Phụ lục', table(rows)]))).toEqual([]);
  });

  it.each([
    ['Ke hoach ky bao cao', 'Thuc hien ky bao cao'],
    ['Kế hoach kỳ báo cáo', 'Th hién ky bao cao'],
    ['Ké hoạeh thực hiện năm', 'Thực hiện kỳ báo cáo'],
    ['Lüy kê thực hiện', 'Th hién ky bao cao'],
    ['So sanh thực hiện cùng kỳ', 'Thực hiện kỳ báo cáo'],
  ])('reads "%s" as a decoy and "%s" as the results column', (decoy, result) => {
    const rows = [
      ['STT', 'Chi tiêu', 'Đơn vị tính', decoy, result],
      ['1', 'Số phương tiện đo được kiểm định', 'Phương tiện', '99.999', '8.067'],
    ];
    expect(findColumns(rows)).toMatchObject({ value: 4 });
    expect(valuesOf(run(scan(['Phụ lục', table(rows)])))).toEqual({ TD01: '8067' });
  });

  it('prefers a results column read exactly over one whose header is damaged', () => {
    const rows = [
      ['STT', 'Chỉ tiêu', 'Th hién ky bao cao', 'Thực hiện kỳ báo cáo'],
      ['1', 'Số phương tiện đo được kiểm định', '99.999', '8.067'],
    ];
    expect(findColumns(rows)).toMatchObject({ value: 3 });
  });

  it.each([
    ['a comparison', 'Kiem dinh 1.204 phuong tien do, tang 9 phuong tien do so voi cung ky.', { TD01: '1204' }],
    ['a share of the plan', 'Ty le dich vu cong truc tuyen toan trinh dat 63%, dat 37% ke hoach nam.', { CS01: '63' }],
    ['a target', 'Phan dau kiem dinh 21.500 phuong tien do.', {}],
    ['last year', 'Kiem dinh 8.067 phuong tien do (cung ky nam 2024: 22.750 phuong tien do).', { TD01: '8067' }],
    ['a running total', 'Kiem dinh 8.067 phuong tien do; luy ke 9 thang dat 25.901 phuong tien do.', { TD01: '8067' }],
  ])('refuses %s written without diacritics', (_what, sentence, expected) => {
    expect(valuesOf(run(scan(['I. KẾT QUẢ ĐẠT ĐƯỢC', sentence])))).toEqual(expected);
  });
});

describe('loose matching helpers', () => {
  it('folds diacritics, đ and the spellings of KH&CN and tỉ', () => {
    expect(foldLoose('Chỉ  tiêu')).toBe('chi tieu');
    expect(foldLoose('ĐƠN VỊ TÍNH')).toBe('don vi tinh');
    expect(foldLoose('Tỉ lệ chi cho KH&CN')).toBe('ty le chi cho khcn');
  });

  it('finds a phrase as whole words with the allowed edits, wherever the spaces fall', () => {
    expect(hasPhrase('thuc hienky bao cao', 'thuc hien ky', 0)).toBe(true);
    expect(hasPhrase('thuc hienky bao cao', 'ky bao cao', 0)).toBe(false);
    expect(hasPhrase('lay ke', 'luy ke', 1)).toBe(true);
    expect(hasPhrase('lay ke', 'luy ke', 0)).toBe(false);
    expect(hasPhrase('th hien ky bao cao', 'thuc hien', 1)).toBe(false);
    // Whole words only: "ke" inside another word is no "kế".
    expect(hasPhrase('keo dai', 'ke', 0)).toBe(false);
    expect(editDistance('kehoaeh', 'kehoach')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('units read by OCR', () => {
  it('scales money by a unit line above the table read without diacritics', () => {
    const values = run(
      scan([
        'Phụ lục',
        'Don vi tinh: ty dong',
        table([
          ['STT', 'Chi tieu', 'Thuc hien ky bao cao'],
          ['1', 'Tổng chi ngân sách nhà nước cho KH&CN', '49,32'],
        ]),
      ]),
    );
    expect(values).toMatchObject([{ indicator: 'TC01', value: '49320' }]);
  });
});
