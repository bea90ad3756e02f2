// The rules extractor and verification on sentences written the way reports write them
// (REPORTS.md), through the real numbers module and catalogue.
import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../extractors/rules/index.ts';
import { verifyCandidates } from '../../extractors/verify/index.ts';
import type { Block, ParsedDocument, VerifiedValue } from '../../extractors/types.ts';

function docOf(...blocks: (string | Block)[]): ParsedDocument {
  return {
    mediaType: 'application/pdf',
    warnings: [],
    pages: [
      {
        number: 1,
        source: 'text',
        blocks: blocks.map((b) => (typeof b === 'string' ? { kind: /^[IVX]+\./.test(b) ? 'heading' : 'paragraph', page: 1, text: b } : b)),
      },
    ],
  };
}

function run(doc: ParsedDocument): VerifiedValue[] {
  return verifyCandidates(extractWithRules(doc), doc);
}

const valuesOf = (vs: VerifiedValue[]) => Object.fromEntries(vs.map((v) => [v.indicator, v.value]));

describe('rules on running text', () => {
  it.each([
    [
      'Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN, trong đó có 02 nhiệm vụ cấp quốc gia, 61 nhiệm vụ cấp tỉnh và 23 nhiệm vụ cấp cơ sở.',
      { NV01: '86', NV11: '2', NV12: '61', NV10: '23' },
    ],
    ['UBND tỉnh phê duyệt 19 nhiệm vụ mới với tổng kinh phí hơn 14,2 tỷ đồng.', { NV02: '19', NV09: '14200' }],
    ['Tổ chức nghiệm thu 11 đề tài, dự án; dừng thực hiện 01 nhiệm vụ.', { NV04: '11', NV06: '1' }],
    ['Kiểm định, hiệu chuẩn 9.215 phương tiện đo các loại; thử nghiệm 842 mẫu.', { TD01: '9215', TD02: '842' }],
    ['Cấp 28 giấy phép tiến hành công việc bức xạ và 9 chứng chỉ nhân viên bức xạ.', { BX02: '28', BX03: '9' }],
    [
      'Tổ chức 6 cuộc thanh tra, kiểm tra tại 74 cơ sở; xử phạt 5 trường hợp với tổng số tiền 62,5 triệu đồng.',
      { TT01: '6', TT02: '74', TT03: '5', TT04: '62.5' },
    ],
    ['Hướng dẫn 18 tổ chức, cá nhân nộp đơn đăng ký nhãn hiệu; 12 văn bằng bảo hộ được cấp.', { SH01: '18', SH02: '12' }],
    ['Chỉ số PII của tỉnh đạt 38,52 điểm, xếp thứ 19/34.', { DM03: '38.52', DM04: '19' }],
    [
      'Tổng chi ngân sách cho KH&CN là 45,3 tỷ đồng, trong đó chi đầu tư phát triển 12 tỷ đồng và chi sự nghiệp KH&CN 33,3 tỷ đồng.',
      { TC01: '45300', TC02: '12000', TC03: '33300' },
    ],
    ['Tổ chức nghiệm thu 3đề tài cấp tỉnh.', { NV04: '3' }],
    ['Thử nghiệm 842 mẫu, tăng 15% so với cùng kỳ; kiểm định 1.204 phương tiện đo, đạt 64% kế hoạch năm.', { TD02: '842', TD01: '1204' }],
    ['Số nhiệm vụ nghiệm thu tăng 9 nhiệm vụ so với cùng kỳ.', {}],
    ['Kiểm định 8.067 phương tiện đo; lũy kế 9 tháng đạt 25.901 phương tiện đo (cùng kỳ năm 2024: 22.750 phương tiện đo).', { TD01: '8067' }],
    ['Năm 2025, Sở tiếp tục thực hiện Nghị định 09/2019/NĐ-CP và Thông tư số 15/2018/TT-BKHCN.', {}],
  ])('%s', (sentence, expected) => {
    expect(valuesOf(run(docOf('1. Kết quả', sentence)))).toEqual(expected);
  });

  it('keeps the qualifier beside the value and never applies it', () => {
    const [v] = run(docOf('UBND tỉnh phê duyệt các nhiệm vụ với tổng kinh phí gần 3,5 tỷ đồng cho 7 đề tài.'));
    expect(v).toMatchObject({ indicator: 'NV09', value: '3500', qualifier: 'approx_below' });
  });

  it('reads nothing in the plan section or the signature block', () => {
    const values = run(
      docOf(
        'I. KẾT QUẢ ĐẠT ĐƯỢC',
        'Kiểm định 1.500 phương tiện đo.',
        'II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025',
        'Phấn đấu nghiệm thu 20 nhiệm vụ; kiểm định 10.000 phương tiện đo; cấp 40 giấy phép tiến hành công việc bức xạ.',
        'Nơi nhận:',
        'Bộ KH&CN (02 bản);',
      ),
    );
    expect(valuesOf(values)).toEqual({ TD01: '1500' });
  });

  it('does not start the plan part at a title that mentions the plan', () => {
    const values = run(
      docOf(
        { kind: 'heading', page: 1, text: 'BÁO CÁO' },
        { kind: 'heading', page: 1, text: 'phương hướng, nhiệm vụ 6 tháng cuối năm 2025' },
        'Kiểm định 1.500 phương tiện đo.',
      ),
    );
    expect(valuesOf(values)).toEqual({ TD01: '1500' });
  });
});

describe('rules on annex tables', () => {
  const header = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện kỳ báo cáo', 'Lũy kế', 'So với cùng kỳ (%)'];
  const table = (rows: string[][]): Block => ({ kind: 'table', page: 3, rows, text: rows.map((r) => r.join(' | ')).join('\n') });

  it('reads the "Thực hiện kỳ báo cáo" column, with sub-rows under their parent', () => {
    const values = run(
      docOf(
        'PHỤ LỤC',
        table([
          header,
          ['A', 'B', 'C', '1', '2', '3', '4'],
          ['I', 'NHIỆM VỤ KH&CN', '', '', '', '', ''],
          ['1', 'Số nhiệm vụ KH&CN đang quản lý', 'nhiệm vụ', '90', '86', '120', '105'],
          ['', '- Cấp quốc gia', 'nhiệm vụ', '3', '2', '4', '100'],
          ['', '- Cấp tỉnh', 'nhiệm vụ', '60', '61', '80', '110'],
          ['', '- Cấp cơ sở', 'nhiệm vụ', '27', '23', '36', '95'],
          ['2', 'Tổng kinh phí thực hiện nhiệm vụ', 'triệu đồng', '20.000', '14.235,5', '30.000', '120'],
          ['II', 'TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG', '', '', '', '', ''],
          ['3', 'Số phương tiện đo được kiểm định', 'phương tiện', '10.000', '9.215', '15.000', '110'],
          ['4', 'Chi sự nghiệp KH&CN', 'tỷ đồng', '40', '33,3', '45', '98'],
        ]),
      ),
    );
    expect(valuesOf(values)).toEqual({ NV01: '86', NV11: '2', NV12: '61', NV10: '23', NV09: '14235.5', TD01: '9215', TC03: '33300' });
    expect(values.find((v) => v.indicator === 'TD01')!.evidence).toBe('3 | Số phương tiện đo được kiểm định | phương tiện | 10.000 | 9.215 | 15.000 | 110');
    expect(values.every((v) => v.status === 'auto_accepted' && v.page === 3)).toBe(true);
  });

  it('flags an in-period value above its cumulative figure', () => {
    const values = run(docOf(table([header, ['1', 'Số mẫu được thử nghiệm', 'mẫu', '1.000', '842', '800', '']])));
    expect(values[0]).toMatchObject({ indicator: 'TD02', value: '842', status: 'flagged', reasons: ['cumulative_below_period'] });
  });

  it('skips a table without a results column (a plan table)', () => {
    expect(
      run(
        docOf(
          table([
            ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm 2026'],
            ['1', 'Số phương tiện đo được kiểm định', 'phương tiện', '12.000'],
          ]),
        ),
      ),
    ).toEqual([]);
  });
});

describe('verification', () => {
  it('flags parts that do not add up to their total, and changes no number', () => {
    const values = run(docOf('Sở quản lý 86 nhiệm vụ KH&CN, trong đó có 02 nhiệm vụ cấp quốc gia, 61 nhiệm vụ cấp tỉnh và 20 nhiệm vụ cấp cơ sở.'));
    expect(valuesOf(values)).toEqual({ NV01: '86', NV11: '2', NV12: '61', NV10: '20' });
    // Each is flagged for the arithmetic (a text reading may also carry low_confidence).
    for (const v of values) expect(v).toMatchObject({ status: 'flagged', reasons: expect.arrayContaining(['parts_do_not_add_up']) });
  });

  it('flags parts that exceed the total even when some parts are missing', () => {
    const values = run(docOf('Sở quản lý 50 nhiệm vụ KH&CN, trong đó 61 nhiệm vụ cấp tỉnh.'));
    expect(values.map((v) => v.reasons.filter((r) => r !== 'low_confidence'))).toEqual([['parts_exceed_total'], ['parts_exceed_total']]);
  });

  it('flags two different readings of one indicator as a conflict, keeping both', () => {
    const values = run(docOf('Kiểm định 9.215 phương tiện đo.', 'Kiểm định, hiệu chuẩn 9.251 phương tiện đo các loại.'));
    expect(values).toHaveLength(1);
    expect(values[0]!.reasons).toContain('conflicting_candidates');
    expect(values[0]!.alternatives?.map((a) => a.value)).toEqual([expect.stringMatching(/^92(15|51)$/)]);
  });

  it('flags a value whose quote is not in the document', () => {
    // Sure readings, so that the grounding is the only reason left to flag them.
    const candidates = extractWithRules(docOf('Kiểm định 9.215 phương tiện đo.')).map((c) => ({ ...c, confidence: 0.99 }));
    const [v] = verifyCandidates(candidates, docOf('a different document altogether'));
    expect(v!.reasons).toEqual(['quote_not_found']);
  });

  it('flags a value that is not written in its quote', () => {
    const candidates = extractWithRules(docOf('Kiểm định 9.215 phương tiện đo.')).map((c) => ({ ...c, value: '9251', confidence: 0.99 }));
    const [v] = verifyCandidates(candidates, docOf('Kiểm định 9.215 phương tiện đo.'));
    expect(v!.reasons).toEqual(['value_not_in_quote']);
  });

  it('flags x/y with x above y and percentages beyond 100', () => {
    const [rank] = verifyCandidates(
      [
        {
          indicator: 'DM04',
          value: '40',
          unit: 'hạng',
          qualifier: null,
          rawText: '40/34',
          evidence: 'xếp thứ 40/34',
          page: 1,
          confidence: 0.9,
          extractor: 'rules',
          context: { origin: 'text', denominator: '34' },
        },
      ],
      docOf('Chỉ số PII xếp thứ 40/34.'),
    );
    expect(rank!.reasons).toEqual(['fraction_exceeds_denominator']);
    const [share] = verifyCandidates(
      [{ indicator: 'CS01', value: '120', unit: '%', qualifier: null, rawText: '120%', evidence: 'đạt 120%', page: 1, confidence: 0.9, extractor: 'rules' }],
      docOf('Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 120%.'),
    );
    expect(share!.reasons).toEqual(['percent_out_of_range']);
  });
});
