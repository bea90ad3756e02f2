import { describe, expect, it } from 'vitest';
import { addDecimals, canonicalDecimal, compareDecimals, decimalsEqual } from '../../extractors/numbers/decimal.ts';
import { detectLocale, parseNumber, type NumberLocale } from '../../extractors/numbers/locale.ts';
import { toMillionDong, type MoneyUnit } from '../../extractors/numbers/money.ts';
import { qualifierBefore } from '../../extractors/numbers/qualifiers.ts';
import { findNumbers, type NumberMatch } from '../../extractors/numbers/scanner.ts';
import { valueAppearsIn } from '../../extractors/numbers/value-in-text.ts';
import type { Qualifier } from '../../extractors/types.ts';

/** "kind:value", "fraction:5/12", "money:14200" — compact enough for tables of expectations. */
function short(m: NumberMatch): string {
  return m.kind === 'fraction' ? `fraction:${m.value}/${m.denominator}` : `${m.kind}:${m.value}`;
}

describe('parseNumber', () => {
  const rows: [text: string, locale: NumberLocale | undefined, expected: string | null][] = [
    ['12.480', undefined, '12480'],
    ['12.480', 'vi', '12480'],
    ['1.204,5', 'vi', '1204.5'],
    ['3,75', 'vi', '3.75'],
    ['3,750', 'vi', '3.75'],
    ['3.750', 'vi', '3750'],
    ['9.215', 'vi', '9215'],
    ['02', 'vi', '2'],
    ['0', 'vi', '0'],
    ['00', 'vi', '0'],
    ['0,62', 'vi', '0.62'],
    ['0,5', 'vi', '0.5'],
    ['1.000.000', 'vi', '1000000'],
    ['1.204.500,75', 'vi', '1204500.75'],
    ['1,204', 'vi', '1.204'],
    ['12,04', 'vi', '12.04'],
    ['38,520', 'vi', '38.52'],
    ['  86  ', 'vi', '86'],
    ['-5,2', 'vi', '-5.2'],
    ['−5,2', 'vi', '-5.2'],
    // Forms the locale cannot write are read the other way rather than dropped.
    ['1,204.5', 'vi', '1204.5'],
    ['12.04', 'vi', '12.04'],
    // English.
    ['12,480', 'en', '12480'],
    ['1,204.5', 'en', '1204.5'],
    ['1,204', 'en', '1204'],
    ['14.2', 'en', '14.2'],
    ['1,204,500.75', 'en', '1204500.75'],
    ['3,75', 'en', '3.75'],
    // Not numbers.
    ['', 'vi', null],
    ['   ', 'vi', null],
    ['.5', 'vi', null],
    [',5', 'vi', null],
    ['5.', 'vi', null],
    ['abc', 'vi', null],
    ['1.2.3', 'vi', null],
    ['12a', 'vi', null],
    ['III', 'vi', null],
    ['15%', 'vi', null],
    ['1 000', 'vi', null],
  ];
  it.each(rows)('parseNumber(%j, %s) = %j', (text, locale, expected) => {
    expect(parseNumber(text, locale)).toBe(expected);
  });
});

describe('decimal helpers', () => {
  it.each([
    ['14200', '14200'],
    ['14.200', '14.2'],
    ['0014.50', '14.5'],
    ['3.0', '3'],
    ['-0', '0'],
    ['-0.50', '-0.5'],
    ['.5', '0.5'],
    ['1.42e+4', '14200'],
    ['1e-7', '0.0000001'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('canonicalDecimal(%j) = %j', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it.each(['', '3,75', '1.204,5', 'abc', '1 000', 'NaN', 'Infinity'])('canonicalDecimal(%j) throws', (input) => {
    expect(() => canonicalDecimal(input)).toThrow(RangeError);
  });

  it.each([
    ['14200', '14200.0', true],
    ['0.1', '0.10', true],
    ['2', '02', true],
    ['68', '86', false],
    ['1204', '12.04', false],
  ])('decimalsEqual(%j, %j) = %s', (a, b, expected) => {
    expect(decimalsEqual(a, b)).toBe(expected);
  });

  it.each([
    [[], '0'],
    [['2', '61', '23'], '86'],
    [['0.1', '0.2'], '0.3'],
    [['14200', '62.5', '0.5'], '14263'],
    [['1.5', '-1.5'], '0'],
    [['9999999999999999.99', '0.01'], '10000000000000000'],
  ] as [string[], string][])('addDecimals(%j) = %j', (values, expected) => {
    expect(addDecimals(values)).toBe(expected);
  });

  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['3.750', '3.75', 0],
    ['-1', '0', -1],
    ['100', '99.999', 1],
  ] as [string, string, -1 | 0 | 1][])('compareDecimals(%j, %j) = %d', (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });
});

describe('toMillionDong', () => {
  it.each([
    ['14.2', 'tỷ đồng', '14200'],
    ['62.5', 'triệu đồng', '62.5'],
    ['1.5', 'nghìn tỷ đồng', '1500000'],
    ['500000', 'đồng', '0.5'],
    ['1', 'đồng', '0.000001'],
    ['450', 'nghìn đồng', '0.45'],
    ['2', 'triệu tỷ đồng', '2000000000'],
    ['0.1', 'tỷ đồng', '100'],
    ['3.333', 'tỷ đồng', '3333'],
    ['0', 'tỷ đồng', '0'],
  ] as [string, MoneyUnit, string][])('toMillionDong(%j, %j) = %j', (value, unit, expected) => {
    expect(toMillionDong(value, unit)).toBe(expected);
  });
});

describe('findNumbers: what each number is', () => {
  const rows: [text: string, expected: string[]][] = [
    ['', []],
    ['Không có số liệu.', []],
    // Separators and leading zeros.
    ['Kiểm định 9.215 phương tiện đo', ['number:9215']],
    ['Kiểm định, hiệu chuẩn 9.215.', ['number:9215']],
    ['tổng cộng 12.480 hồ sơ', ['number:12480']],
    ['đạt 1.204,5 điểm', ['number:1204.5']],
    ['đạt 3,75 điểm', ['number:3.75']],
    ['giá trị 1.204.500,75', ['number:1204500.75']],
    ['có 02 nhiệm vụ cấp quốc gia', ['number:2']],
    ['dừng thực hiện 01 nhiệm vụ.', ['number:1']],
    ['hệ số 0,5', ['number:0.5']],
    ['1.000.000 lượt', ['number:1000000']],
    ['hệ số .5 không hợp lệ', []],
    // Punctuation next to numbers.
    ['gồm 86, trong đó', ['number:86']],
    ['cấp cơ sở (23)', ['number:23']],
    ['tổng số là 86.', ['number:86']],
    ['86; 61; 23', ['number:86', 'number:61', 'number:23']],
    ['Cột | 86 | 02 | 61', ['number:86', 'number:2', 'number:61']],
    // Typos with no space.
    ['nghiệm thu 3đề tài', ['number:3']],
    ['theo dõi 86nhiệm vụ', ['number:86']],
    // Fractions.
    ['hoàn thành 07/12 nhiệm vụ trọng tâm', ['fraction:7/12']],
    ['05/12 nhiệm vụ', ['fraction:5/12']],
    ['xếp thứ 19/34', ['fraction:19/34']],
    ['xếp hạng 21 / 34 tỉnh', ['fraction:21/34']],
    // Ordinals are numbers; the caller decides.
    ['xếp thứ 19 trên 34 tỉnh', ['number:19', 'number:34']],
    // Dates are not numbers or fractions.
    ['ngày 10/6/2025', ['date:10/6/2025']],
    ['đến 31/12/2024', ['date:31/12/2024']],
    ['Có đến ngày 31/12 năm 2024', ['date:31/12 năm 2024']],
    ['Tây Ninh, ngày 10 tháng 6 năm 2025', ['date:10 tháng 6 năm 2025']],
    ['tính đến tháng 7/2025', ['date:7/2025']],
    ['tháng 5/2025', ['date:5/2025']],
    ['tháng 5 năm 2025', ['date:5 năm 2025']],
    ['quý III/2025', ['date:III/2025']],
    ['QUÝ IV/2024', ['date:IV/2024']],
    ['quý 3/2025', ['date:3/2025']],
    ['tính đến 31/12', ['date:31/12']],
    ['ngày 10.6.2025', ['date:10.6.2025']],
    ['quí IV/2024', ['date:IV/2024']],
    ['trong tháng 12 đã tổ chức 5 cuộc', ['date:12', 'number:5']],
    ['từ ngày 15 đến nay', ['date:15']],
    ['sau 30 ngày 5 hồ sơ', ['number:30', 'number:5']],
    ['trong 5 năm', ['number:5']],
    // Durations are counts, and the number after them is not a month.
    ['trong 6 tháng 12 doanh nghiệp', ['number:6', 'number:12']],
    ['6 tháng đầu năm 2025', ['number:6', 'year:2025']],
    ['9 tháng năm 2024', ['number:9', 'year:2024']],
    // Years.
    ['năm 2024', ['year:2024']],
    ['NĂM 2025', ['year:2025']],
    ['giai đoạn 2021-2025', ['year:2021', 'year:2025']],
    ['2021-2025', ['year:2021', 'year:2025']],
    ['giai đoạn 2021 – 2025', ['year:2021', 'year:2025']],
    ['năm 2024, cấp 2024 giấy', ['year:2024', 'number:2024']],
    // Document numbers and form codes.
    ['Số: 215/BC-SKHCN', ['code:215/BC-SKHCN']],
    ['Quyết định số 1234/QĐ-UBND', ['code:1234/QĐ-UBND']],
    ['Nghị định 09/2019/NĐ-CP', ['code:09/2019/NĐ-CP']],
    ['Thông tư 45/2025/TT-BKHCN.', ['code:45/2025/TT-BKHCN']],
    ['biểu 04/KHCN-NV và 01/KHCN-TC', ['code:04/KHCN-NV', 'code:01/KHCN-TC']],
    ['Nghị quyết số 57-NQ/TW', ['code:57-NQ/TW']],
    ['Số: 12/2024', ['code:12/2024']],
    // Money.
    ['tổng kinh phí hơn 14,2 tỷ đồng', ['money:14200']],
    ['tổng số tiền 62,5 triệu đồng', ['money:62.5']],
    ['1,5 nghìn tỷ đồng', ['money:1500000']],
    ['1,5 ngàn tỷ đồng', ['money:1500000']],
    ['tổng kinh phí 3,2 tỷ', ['money:3200']],
    ['3,2 tỉ đồng', ['money:3200']],
    ['kinh phí 450 triệu', ['money:450']],
    ['Kinh phí năm 2025 là 450 triệu', ['year:2025', 'money:450']],
    ['500.000 đồng', ['money:0.5']],
    ['500.000đ.', ['money:0.5']],
    ['45 trđ', ['money:45']],
    ['45 tr.đ', ['money:45']],
    ['120 triệu VNĐ', ['money:120']],
    ['2 triệu tỷ đồng', ['money:2000000000']],
    ['phạt 5 trường hợp với số tiền 62,5 triệu đồng', ['number:5', 'money:62.5']],
    // Scale words that are not about money.
    ['2,1 triệu thuê bao', ['number:2100000']],
    ['số thuê bao đạt 2,1 triệu', ['number:2100000']],
    ['5 nghìn lượt truy cập', ['number:5000']],
    ['kinh phí 3,2 tỷ, hỗ trợ 2,1 triệu thuê bao', ['money:3200', 'number:2100000']],
    ['5 đồng chí', ['number:5']],
    ['3 đồng hồ', ['number:3']],
    ['30 tỷ lệ', ['number:30']],
    ['86 đơn vị', ['number:86']],
    ['12 đ/c cán bộ', ['number:12']],
    ['120 đồng bộ', ['number:120']],
    ['5 thousands', ['number:5']],
    // Percent.
    ['tỷ lệ 15%', ['percent:15']],
    ['0,62%', ['percent:0.62']],
    ['0,62 %', ['percent:0.62']],
    ['tăng 15% so với cùng kỳ', ['percent:15']],
    ['đạt 64% kế hoạch năm', ['percent:64']],
    ['15 phần trăm', ['percent:15']],
    ['So với cùng kỳ (%) | -5,2', ['number:-5.2']],
    ['giảm -5,2%', ['percent:-5.2']],
    // Bullets and ranges are not signs.
    ['- Cấp tỉnh: 61', ['number:61']],
    ['- 5 nhiệm vụ', ['number:5']],
    ['từ 5-10 nhiệm vụ', ['number:5', 'number:10']],
    // Roman numerals, section numbers, identifiers.
    ['I. KẾT QUẢ ĐẠT ĐƯỢC', []],
    ['II.', []],
    ['1. Công tác quản lý', ['number:1']],
    ['1.2.3 Mục', ['number:1', 'number:2', 'number:3']],
    ['giảm phát thải CO2 và bụi PM2,5', []],
    // Sentences from REPORTS.md.
    [
      'Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN, trong đó có 02 nhiệm vụ cấp quốc gia, 61 nhiệm vụ cấp tỉnh và 23 nhiệm vụ cấp cơ sở.',
      ['number:86', 'number:2', 'number:61', 'number:23'],
    ],
    ['UBND tỉnh phê duyệt 19 nhiệm vụ mới với tổng kinh phí hơn 14,2 tỷ đồng.', ['number:19', 'money:14200']],
    ['Kiểm định, hiệu chuẩn 9.215 phương tiện đo các loại; thử nghiệm 842 mẫu.', ['number:9215', 'number:842']],
    ['Chỉ số PII của tỉnh đạt 38,52 điểm, xếp thứ 19/34.', ['number:38.52', 'fraction:19/34']],
    [
      'Tổ chức 6 cuộc thanh tra, kiểm tra tại 74 cơ sở; xử phạt 5 trường hợp với tổng số tiền 62,5 triệu đồng.',
      ['number:6', 'number:74', 'number:5', 'money:62.5'],
    ],
    [
      'Số: 215/BC-SKHCN Tây Ninh, ngày 10 tháng 6 năm 2025 BÁO CÁO Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2025',
      ['code:215/BC-SKHCN', 'date:10 tháng 6 năm 2025', 'number:6', 'year:2025'],
    ],
  ];
  it.each(rows)('findNumbers(%j)', (text, expected) => {
    expect(findNumbers(text, 'vi').map(short)).toEqual(expected);
  });
});

describe('findNumbers: English translations', () => {
  const rows: [text: string, expected: string[]][] = [
    ['12,480 tasks', ['number:12480']],
    ['1,204.5 points', ['number:1204.5']],
    ['a total of VND 14.2 billion', ['money:14200']],
    ['1,204.5 million VND', ['money:1204.5']],
    ['VND 500,000', ['money:0.5']],
    ['14.2 billion dong', ['money:14200']],
    ['a budget of 450 million', ['money:450']],
    ['2.1 million subscribers', ['number:2100000']],
    ['0.62%', ['percent:0.62']],
    ['in 2024 the province approved 19 tasks', ['year:2024', 'number:19']],
    ['ranked 19/34', ['fraction:19/34']],
  ];
  it.each(rows)('findNumbers(%j, "en")', (text, expected) => {
    expect(findNumbers(text, 'en').map(short)).toEqual(expected);
  });

  it('reads "12,480" by the locale it is given', () => {
    expect(findNumbers('12,480', 'vi').map(short)).toEqual(['number:12.48']);
    expect(findNumbers('12,480', 'en').map(short)).toEqual(['number:12480']);
  });

  it('defaults to the detected locale', () => {
    expect(findNumbers('The province approved 12,480 tasks').map(short)).toEqual(['number:12480']);
    expect(findNumbers('Phê duyệt 12,480 nhiệm vụ').map(short)).toEqual(['number:12.48']);
  });
});

describe('findNumbers: numbers written as words', () => {
  const rows: [text: string, expected: string[]][] = [
    ['comprising 89 provincial projects, three national initiatives and 11 ministerial projects', ['number:89', 'number:3', 'number:11']],
    ['including 60 provincial tasks and four national tasks', ['number:60', 'number:4']],
    ['Twelve enterprises were inspected', ['number:12']],
    ['Hanoi ranked first among provinces', ['number:1']],
    ['Bac Ninh ranked third in the country', ['number:3']],
    ['Đà Nẵng xếp thứ hai cả nước', ['number:2']],
    ['phát hiện có đến sáu cơ sở vi phạm', ['number:6']],
    ['Hà Giang có bốn sản phẩm được cấp chứng nhận', ['number:4']],
    ['the over 2.5 trillion VND spent', ['money:2500000']],
    // Not counts: an article, "some", a day or month, a name, a compound, "after", "one of".
    ['là một nhiệm vụ quan trọng, một số đề tài', []],
    ['năm nay triển khai nhiệm vụ', []],
    ['họp vào thứ hai, tháng hai', []],
    ['quận Hai Bà Trưng và huyện Ba Vì', []],
    ['mười hai dự án', []],
    ['sau đó nghiệm thu', []],
    ['one of the first provinces, the second phase, one-stop shop', []],
    ['twenty-one projects', []],
    ['two or three projects', []],
  ];
  it.each(rows)('findNumbers(%j)', (text, expected) => {
    expect(findNumbers(text).map(short)).toEqual(expected);
  });

  it('marks a value read from a word, and its evidence is the word', () => {
    const [m] = findNumbers('three national initiatives');
    expect(m).toMatchObject({ value: '3', spelled: 'cardinal', raw: 'three', numberStart: 0, numberEnd: 5 });
    expect(findNumbers('Hanoi ranked first')[0]).toMatchObject({ value: '1', spelled: 'ordinal', raw: 'first' });
    expect(findNumbers('89 provincial projects')[0]!.spelled).toBeUndefined();
  });

  it('grounds a value written as a word in its quote', () => {
    expect(valueAppearsIn('three national initiatives', '3')).toBe(true);
    expect(valueAppearsIn('có đến sáu cơ sở vi phạm', '6')).toBe(true);
    expect(valueAppearsIn('có đến sáu cơ sở vi phạm', '7')).toBe(false);
    expect(valueAppearsIn('một số đề tài', '1')).toBe(false);
  });
});

describe('findNumbers: qualifiers, units and offsets', () => {
  const rows: [text: string, expected: Partial<NumberMatch>][] = [
    [
      'với tổng kinh phí hơn 14,2 tỷ đồng.',
      { kind: 'money', value: '14200', moneyUnit: 'tỷ đồng', qualifier: 'over', raw: 'hơn 14,2 tỷ đồng', start: 18, end: 34, numberStart: 22, numberEnd: 26 },
    ],
    ['62,5 triệu đồng', { kind: 'money', value: '62.5', moneyUnit: 'triệu đồng', qualifier: null, raw: '62,5 triệu đồng', start: 0, end: 15 }],
    ['500.000 đồng', { kind: 'money', value: '0.5', moneyUnit: 'đồng', raw: '500.000 đồng' }],
    ['1,5 nghìn tỷ đồng', { moneyUnit: 'nghìn tỷ đồng', value: '1500000' }],
    ['450 nghìn đồng', { moneyUnit: 'nghìn đồng', value: '0.45' }],
    ['VND 14.2 billion', { kind: 'money', moneyUnit: 'tỷ đồng', raw: 'VND 14.2 billion', numberStart: 4, numberEnd: 8 }],
    ['gần 20 doanh nghiệp', { kind: 'number', value: '20', qualifier: 'approx_below', raw: 'gần 20', numberStart: 4 }],
    ['trên 1.000 doanh nghiệp', { value: '1000', qualifier: 'over', raw: 'trên 1.000' }],
    ['khoảng 15%', { kind: 'percent', value: '15', qualifier: 'about', raw: 'khoảng 15%' }],
    ['ước đạt 120 nhiệm vụ', { value: '120', qualifier: 'estimate', raw: 'ước đạt 120' }],
    ['ước thực hiện cả năm 120', { qualifier: 'estimate' }],
    ['lũy kế 350 nhiệm vụ', { qualifier: 'cumulative', raw: 'lũy kế 350' }],
    ['nâng tổng số lên 86 doanh nghiệp', { qualifier: 'cumulative', raw: 'nâng tổng số lên 86' }],
    ['hiện có 45 tổ chức KH&CN', { qualifier: 'stock', raw: 'hiện có 45' }],
    ['gần 07/12 nhiệm vụ', { kind: 'fraction', value: '7', denominator: '12', qualifier: 'approx_below', raw: 'gần 07/12' }],
    ['đạt 64% kế hoạch', { kind: 'percent', qualifier: null, raw: '64%' }],
    ['tăng 15% so với cùng kỳ', { kind: 'percent', value: '15', qualifier: null }],
    ['2,1 triệu thuê bao', { kind: 'number', value: '2100000', raw: '2,1 triệu', numberStart: 0, numberEnd: 3 }],
    ['tại 74 cơ sở', { raw: '74', start: 4, end: 6, numberStart: 4, numberEnd: 6 }],
    ['giảm -5,2%', { kind: 'percent', value: '-5.2', raw: '-5,2%', numberStart: 5 }],
    ['năm 2024', { kind: 'year', value: '2024', qualifier: null, raw: '2024', start: 4, end: 8 }],
    ['quý III/2025', { kind: 'date', value: 'III/2025', raw: 'III/2025', start: 4, end: 12 }],
  ];
  it.each(rows)('findNumbers(%j)[0]', (text, expected) => {
    const [first] = findNumbers(text, detectLocale(text));
    expect(first).toMatchObject(expected);
    expect(text.slice(first!.start, first!.end)).toBe(first!.raw);
  });

  it('a qualifier belongs to the first number after it only', () => {
    const ms = findNumbers('ước đạt 12 nhiệm vụ và 3 đề tài', 'vi');
    expect(ms.map((m) => m.qualifier)).toEqual(['estimate', null]);
  });

  it('raw is always the slice [start, end) and the number lies inside it', () => {
    const text =
      'Số: 215/BC-SKHCN. Năm 2024 phê duyệt 19 nhiệm vụ với tổng kinh phí hơn 14,2 tỷ đồng, hoàn thành 07/12 nhiệm vụ, tăng 15%; lũy kế 1.204 đề tài; giai đoạn 2021-2025.';
    const ms = findNumbers(text, 'vi');
    expect(ms.length).toBeGreaterThan(8);
    let previousEnd = 0;
    for (const m of ms) {
      expect(text.slice(m.start, m.end)).toBe(m.raw);
      expect(m.start).toBeLessThanOrEqual(m.numberStart);
      expect(m.numberEnd).toBeLessThanOrEqual(m.end);
      expect(m.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = m.end;
    }
  });

  it('does not crash on odd input', () => {
    for (const text of ['.', '-', '/', '%', '1/', '/1', '1//2', '...5...', '1,,2', '-.-', 'I. II. III.', '\n1.\n2.\n', '9'.repeat(400)]) {
      expect(() => findNumbers(text)).not.toThrow();
    }
  });
});

describe('qualifierBefore', () => {
  const rows: [preceding: string, expected: Qualifier | null][] = [
    ['với tổng kinh phí hơn ', 'over'],
    ['Hơn ', 'over'],
    ['HƠN ', 'over'],
    ['hon ', 'over'],
    ['trên ', 'over'],
    ['tren ', 'over'],
    ['gần ', 'approx_below'],
    ['gan ', 'approx_below'],
    ['gắn ', null],
    ['khoảng ', 'about'],
    ['ước ', 'estimate'],
    ['ước đạt ', 'estimate'],
    ['ước thực hiện ', 'estimate'],
    ['ước tính ', 'estimate'],
    ['uoc dat ', 'estimate'],
    ['ước thực hiện cả năm ', 'estimate'],
    ['lũy kế ', 'cumulative'],
    ['luỹ kế ', 'cumulative'],
    ['Lũy kế: ', 'cumulative'],
    ['lũy kế đến nay ', 'cumulative'],
    ['nâng tổng số lên ', 'cumulative'],
    ['nâng tổng số nhiệm vụ KH&CN cấp tỉnh lên ', 'cumulative'],
    ['tăng lên ', null],
    ['hiện có ', 'stock'],
    ['toàn tỉnh hiện có ', 'stock'],
    ['hiện có trên ', 'stock'],
    ['đạt ', null],
    ['', null],
    ['trên địa bàn tỉnh có ', null],
    ['gần đây có ', null],
    ['xếp thứ 19 trên ', null],
    ['ước đạt 12 nhiệm vụ và ', null],
    ['ước đạt; ', null],
    ['more than ', 'over'],
    ['nearly ', 'approx_below'],
    ['an estimated ', 'estimate'],
  ];
  it.each(rows)('qualifierBefore(%j) = %s', (preceding, expected) => {
    expect(qualifierBefore(preceding)).toBe(expected);
  });
});

describe('detectLocale', () => {
  const rows: [text: string, expected: NumberLocale][] = [
    ['', 'vi'],
    ['12.480', 'vi'],
    ['86 nhiệm vụ', 'vi'],
    ['Trong kỳ, Sở quản lý và theo dõi 86 nhiệm vụ KH&CN', 'vi'],
    ['an toàn bức xạ', 'vi'],
    ['12,480 tasks', 'en'],
    ['VND 14.2 billion', 'en'],
    ['1,204.5 million VND', 'en'],
    ['The Department approved 19 tasks with a total budget of VND 14.2 billion.', 'en'],
    ['Sở KH&CN approved 19 tasks', 'en'],
  ];
  it.each(rows)('detectLocale(%j) = %s', (text, expected) => {
    expect(detectLocale(text)).toBe(expected);
  });
});

describe('valueAppearsIn', () => {
  const rows: [quote: string, value: string, options: { money?: boolean; locale?: NumberLocale }, expected: boolean][] = [
    ['hơn 14,2 tỷ đồng', '14200', { money: true }, true],
    ['hơn 14,2 tỷ đồng', '14.2', { money: true }, false],
    ['hơn 14,2 tỷ đồng', '14.2', {}, true],
    ['86 nhiệm vụ', '68', {}, false],
    ['86 nhiệm vụ', '86', {}, true],
    ['868 nhiệm vụ', '86', {}, false],
    ['07/12 nhiệm vụ', '7', {}, true],
    ['07/12 nhiệm vụ', '12', {}, true],
    ['02 nhiệm vụ cấp quốc gia', '2', {}, true],
    ['1.204 đề tài', '1204', {}, true],
    ['12,04 điểm', '1204', {}, false],
    ['12,04 điểm', '12.04', {}, true],
    ['9.215 phương tiện đo', '9215', {}, true],
    ['tổng số tiền 62,5 triệu đồng', '62.5', { money: true }, true],
    ['1,5 nghìn tỷ đồng', '1500000', { money: true }, true],
    ['500.000 đồng', '0.5', { money: true }, true],
    ['Kinh phí (triệu đồng) | 14.200', '14200', { money: true }, true],
    ['tỷ lệ 0,62%', '0.62', {}, true],
    ['2,1 triệu thuê bao', '2100000', {}, true],
    ['ngày 31/12/2024', '31', {}, false],
    ['Số: 215/BC-SKHCN', '215', {}, false],
    ['năm 2024', '2024', {}, true],
    ['12,480 tasks', '12480', {}, true],
    ['12,480 tasks', '12480', { locale: 'vi' }, false],
    ['VND 14.2 billion', '14200', { money: true }, true],
    ['không có số', '0', {}, false],
    ['86 nhiệm vụ', 'not a number', {}, false],
    ['86 nhiệm vụ', '86.0', {}, true],
    ['So với cùng kỳ (%) | -5,2', '-5.2', {}, true],
    ['1.2.3 Mục', '123', {}, false],
  ];
  it.each(rows)('valueAppearsIn(%j, %j, %j) = %s', (quote, value, options, expected) => {
    expect(valueAppearsIn(quote, value, options)).toBe(expected);
  });
});
