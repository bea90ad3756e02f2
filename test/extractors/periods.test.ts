import { describe, expect, it } from 'vitest';
import { findReportPeriod, parsePeriod, resolvePeriod } from '../../extractors/periods.ts';
import type { Period, ReportKind } from '../../extractors/types.ts';

type Row = [phrase: string, periodic: Omit<Period, 'label' | 'key'>, calendar: Omit<Period, 'label' | 'key'>, key: string, label: string];

const rows: Row[] = [
  [
    '6 tháng đầu năm 2025',
    { kind: 'half', start: '2024-12-15', end: '2025-06-14' },
    { kind: 'half', start: '2025-01-01', end: '2025-06-30' },
    '2025-H1',
    '6 tháng đầu năm 2025',
  ],
  [
    '6 THÁNG ĐẦU NĂM 2025',
    { kind: 'half', start: '2024-12-15', end: '2025-06-14' },
    { kind: 'half', start: '2025-01-01', end: '2025-06-30' },
    '2025-H1',
    '6 tháng đầu năm 2025',
  ],
  [
    '06 tháng đầu năm 2025',
    { kind: 'half', start: '2024-12-15', end: '2025-06-14' },
    { kind: 'half', start: '2025-01-01', end: '2025-06-30' },
    '2025-H1',
    '6 tháng đầu năm 2025',
  ],
  [
    '6 tháng cuối năm 2025',
    { kind: 'half', start: '2025-06-15', end: '2025-12-14' },
    { kind: 'half', start: '2025-07-01', end: '2025-12-31' },
    '2025-H2',
    '6 tháng cuối năm 2025',
  ],
  [
    '9 tháng năm 2024',
    { kind: 'nine_months', start: '2023-12-15', end: '2024-09-14' },
    { kind: 'nine_months', start: '2024-01-01', end: '2024-09-30' },
    '2024-9M',
    '9 tháng năm 2024',
  ],
  [
    '9 tháng đầu năm 2024',
    { kind: 'nine_months', start: '2023-12-15', end: '2024-09-14' },
    { kind: 'nine_months', start: '2024-01-01', end: '2024-09-30' },
    '2024-9M',
    '9 tháng năm 2024',
  ],
  [
    'quý III/2025',
    { kind: 'quarter', start: '2025-06-15', end: '2025-09-14' },
    { kind: 'quarter', start: '2025-07-01', end: '2025-09-30' },
    '2025-Q3',
    'quý III/2025',
  ],
  [
    'quý 3 năm 2025',
    { kind: 'quarter', start: '2025-06-15', end: '2025-09-14' },
    { kind: 'quarter', start: '2025-07-01', end: '2025-09-30' },
    '2025-Q3',
    'quý III/2025',
  ],
  [
    'Quý III năm 2025',
    { kind: 'quarter', start: '2025-06-15', end: '2025-09-14' },
    { kind: 'quarter', start: '2025-07-01', end: '2025-09-30' },
    '2025-Q3',
    'quý III/2025',
  ],
  [
    'QUÝ III/2025',
    { kind: 'quarter', start: '2025-06-15', end: '2025-09-14' },
    { kind: 'quarter', start: '2025-07-01', end: '2025-09-30' },
    '2025-Q3',
    'quý III/2025',
  ],
  [
    'quí IV/2024',
    { kind: 'quarter', start: '2024-09-15', end: '2024-12-14' },
    { kind: 'quarter', start: '2024-10-01', end: '2024-12-31' },
    '2024-Q4',
    'quý IV/2024',
  ],
  [
    'quý I/2024',
    { kind: 'quarter', start: '2023-12-15', end: '2024-03-14' },
    { kind: 'quarter', start: '2024-01-01', end: '2024-03-31' },
    '2024-Q1',
    'quý I/2024',
  ],
  [
    'quý II năm 2024',
    { kind: 'quarter', start: '2024-03-15', end: '2024-06-14' },
    { kind: 'quarter', start: '2024-04-01', end: '2024-06-30' },
    '2024-Q2',
    'quý II/2024',
  ],
  [
    'quý 4/2025',
    { kind: 'quarter', start: '2025-09-15', end: '2025-12-14' },
    { kind: 'quarter', start: '2025-10-01', end: '2025-12-31' },
    '2025-Q4',
    'quý IV/2025',
  ],
  [
    'tháng 5/2025',
    { kind: 'month', start: '2025-04-15', end: '2025-05-14' },
    { kind: 'month', start: '2025-05-01', end: '2025-05-31' },
    '2025-M05',
    'tháng 5/2025',
  ],
  [
    'tháng 5 năm 2025',
    { kind: 'month', start: '2025-04-15', end: '2025-05-14' },
    { kind: 'month', start: '2025-05-01', end: '2025-05-31' },
    '2025-M05',
    'tháng 5/2025',
  ],
  [
    'tháng 05/2025',
    { kind: 'month', start: '2025-04-15', end: '2025-05-14' },
    { kind: 'month', start: '2025-05-01', end: '2025-05-31' },
    '2025-M05',
    'tháng 5/2025',
  ],
  [
    'tháng 1/2025',
    { kind: 'month', start: '2024-12-15', end: '2025-01-14' },
    { kind: 'month', start: '2025-01-01', end: '2025-01-31' },
    '2025-M01',
    'tháng 1/2025',
  ],
  [
    'tháng 12/2024',
    { kind: 'month', start: '2024-11-15', end: '2024-12-14' },
    { kind: 'month', start: '2024-12-01', end: '2024-12-31' },
    '2024-M12',
    'tháng 12/2024',
  ],
  // leap years
  [
    'tháng 2/2024',
    { kind: 'month', start: '2024-01-15', end: '2024-02-14' },
    { kind: 'month', start: '2024-02-01', end: '2024-02-29' },
    '2024-M02',
    'tháng 2/2024',
  ],
  [
    'tháng 2/2025',
    { kind: 'month', start: '2025-01-15', end: '2025-02-14' },
    { kind: 'month', start: '2025-02-01', end: '2025-02-28' },
    '2025-M02',
    'tháng 2/2025',
  ],
  [
    'tháng 2/2000',
    { kind: 'month', start: '2000-01-15', end: '2000-02-14' },
    { kind: 'month', start: '2000-02-01', end: '2000-02-29' },
    '2000-M02',
    'tháng 2/2000',
  ],
  [
    'tháng 2/2100',
    { kind: 'month', start: '2100-01-15', end: '2100-02-14' },
    { kind: 'month', start: '2100-02-01', end: '2100-02-28' },
    '2100-M02',
    'tháng 2/2100',
  ],
  ['năm 2024', { kind: 'year', start: '2023-12-15', end: '2024-12-14' }, { kind: 'year', start: '2024-01-01', end: '2024-12-31' }, '2024', 'năm 2024'],
  ['NĂM 2025', { kind: 'year', start: '2024-12-15', end: '2025-12-14' }, { kind: 'year', start: '2025-01-01', end: '2025-12-31' }, '2025', 'năm 2025'],
  // ranges and as-of dates are the same for every kind
  [
    'giai đoạn 2021-2025',
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    '2021-2025',
    'giai đoạn 2021-2025',
  ],
  [
    'giai đoạn 2021 - 2025',
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    '2021-2025',
    'giai đoạn 2021-2025',
  ],
  [
    'giai đoạn 2021–2025',
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    { kind: 'range', start: '2021-01-01', end: '2025-12-31' },
    '2021-2025',
    'giai đoạn 2021-2025',
  ],
  [
    'tính đến tháng 7/2025',
    { kind: 'as_of', start: '2025-07-31', end: '2025-07-31' },
    { kind: 'as_of', start: '2025-07-31', end: '2025-07-31' },
    '2025-07-31',
    'đến ngày 31/7/2025',
  ],
  [
    'tính đến tháng 2/2024',
    { kind: 'as_of', start: '2024-02-29', end: '2024-02-29' },
    { kind: 'as_of', start: '2024-02-29', end: '2024-02-29' },
    '2024-02-29',
    'đến ngày 29/2/2024',
  ],
  [
    'tính đến tháng 6 năm 2025',
    { kind: 'as_of', start: '2025-06-30', end: '2025-06-30' },
    { kind: 'as_of', start: '2025-06-30', end: '2025-06-30' },
    '2025-06-30',
    'đến ngày 30/6/2025',
  ],
  [
    'Có đến ngày 31/12 năm 2024',
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    '2024-12-31',
    'đến ngày 31/12/2024',
  ],
  [
    'tính đến ngày 31/12/2024',
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    '2024-12-31',
    'đến ngày 31/12/2024',
  ],
  [
    'đến hết ngày 29 tháng 02 năm 2024',
    { kind: 'as_of', start: '2024-02-29', end: '2024-02-29' },
    { kind: 'as_of', start: '2024-02-29', end: '2024-02-29' },
    '2024-02-29',
    'đến ngày 29/2/2024',
  ],
  [
    'tính đến hết năm 2024',
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    { kind: 'as_of', start: '2024-12-31', end: '2024-12-31' },
    '2024-12-31',
    'đến ngày 31/12/2024',
  ],
];

describe('parsePeriod', () => {
  it.each(rows)('periodic: %s', (phrase, periodic, _calendar, key, label) => {
    expect(parsePeriod(phrase, 'periodic')).toEqual({ ...periodic, key, label });
  });

  it.each(rows)('statistical: %s', (phrase, _periodic, calendar, key, label) => {
    expect(parsePeriod(phrase, 'statistical')).toEqual({ ...calendar, key, label });
  });

  const otherKinds: ReportKind[] = ['thematic', 'adhoc', 'unknown'];
  it.each(otherKinds)('%s reports use calendar periods', (kind) => {
    expect(parsePeriod('6 tháng đầu năm 2025', kind)).toMatchObject({ start: '2025-01-01', end: '2025-06-30' });
    expect(parsePeriod('năm 2024', kind)).toMatchObject({ start: '2024-01-01', end: '2024-12-31' });
    expect(parsePeriod('quý III/2025', kind)).toMatchObject({ start: '2025-07-01', end: '2025-09-30' });
  });

  it.each([
    ['a phrase inside a sentence', 'Trong quý III/2025, Sở đã tổ chức nghiệm thu 11 đề tài', '2025-Q3'],
    ['the first phrase of several', 'Kết quả năm 2024 và kế hoạch năm 2025', '2024'],
    ['a month after "tính đến" is an as-of date', 'Số doanh nghiệp KH&CN tính đến tháng 7/2025 là 42', '2025-07-31'],
    ['a date is skipped for the period after it', 'Tây Ninh, ngày 10 tháng 6 năm 2025. Kết quả 6 tháng đầu năm 2025', '2025-H1'],
  ])('%s', (_name, text, key) => {
    expect(parsePeriod(text, 'periodic')?.key).toBe(key);
  });

  it.each([
    ['a date of issue', 'ngày 10 tháng 6 năm 2025'],
    ['a blank date of a draft', 'Tây Ninh, ngày   tháng   năm 2025'],
    ['a slash date without "đến"', 'ngày 31/12 năm 2024'],
    ['an impossible date', 'đến ngày 29/2/2025'],
    ['month 13', 'tháng 13/2025'],
    ['quarter V', 'quý V/2025'],
    ['a decree number', 'Nghị định 09/2019/NĐ-CP'],
    ['a reversed range', 'giai đoạn 2025-2021'],
    ['no year', '6 tháng đầu năm'],
    ['empty', ''],
  ])('no period in %s', (_name, text) => {
    expect(parsePeriod(text, 'periodic')).toBeNull();
    expect(parsePeriod(text, 'statistical')).toBeNull();
  });
});

describe('findReportPeriod', () => {
  it.each([
    ['BÁO CÁO Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2025 và phương hướng, nhiệm vụ 6 tháng cuối năm 2025', '2025-H1', '6 tháng đầu năm 2025'],
    ['Báo cáo tình hình thực hiện nhiệm vụ quý III/2025', '2025-Q3', 'quý III/2025'],
    ['Báo cáo tổng kết công tác năm 2024 và kế hoạch năm 2025', '2024', 'năm 2024'],
    ['Báo cáo thống kê cơ sở về khoa học và công nghệ năm 2024', '2024', 'năm 2024'],
    ['BÁO CÁO Kết quả công tác tháng 5/2025 và nhiệm vụ trọng tâm tháng 6/2025', '2025-M05', 'tháng 5/2025'],
    ['Báo cáo kết quả thực hiện nhiệm vụ năm 2025, phương hướng nhiệm vụ năm 2026', '2025', 'năm 2025'],
    ['Báo cáo kết quả thực hiện kế hoạch năm 2024 và phương hướng năm 2025', '2024', 'năm 2024'],
    ['Báo cáo tình hình thực hiện nhiệm vụ 9 tháng đầu năm 2024; nhiệm vụ trọng tâm quý IV/2024', '2024-9M', '9 tháng năm 2024'],
    ['Báo cáo kết quả công tác quý III và 9 tháng đầu năm 2025', '2025-Q3', 'quý III/2025'],
    ['Báo cáo kết quả 6 tháng đầu năm và phương hướng nhiệm vụ 6 tháng cuối năm 2025', '2025-H1', '6 tháng đầu năm 2025'],
    ['Báo cáo tổng kết giai đoạn 2021 - 2025 và định hướng giai đoạn 2026-2030', '2021-2025', 'giai đoạn 2021-2025'],
    ['Phương hướng nhiệm vụ năm 2026', '2026', 'năm 2026'],
  ])('%s', (title, key, label) => {
    const p = findReportPeriod(title, 'periodic');
    expect(p?.key).toBe(key);
    expect(p?.label).toBe(label);
  });

  it('uses the report kind for the window', () => {
    const title = 'Báo cáo kết quả 6 tháng đầu năm 2025 và phương hướng 6 tháng cuối năm 2025';
    expect(findReportPeriod(title, 'periodic')).toMatchObject({ start: '2024-12-15', end: '2025-06-14' });
    expect(findReportPeriod(title, 'statistical')).toMatchObject({ start: '2025-01-01', end: '2025-06-30' });
  });

  it('returns null for a title without a period', () => {
    expect(findReportPeriod('Báo cáo về hoạt động chuyển đổi số', 'unknown')).toBeNull();
  });
});

describe('resolvePeriod', () => {
  it('reads keys and phrases, with both windows', () => {
    expect(resolvePeriod('quý III/2025')).toEqual({
      key: '2025-Q3',
      kind: 'quarter',
      label: 'quý III/2025',
      start: '2025-06-15',
      end: '2025-09-14',
      calendar: { start: '2025-07-01', end: '2025-09-30' },
    });
    expect(resolvePeriod('2025')).toMatchObject({ key: '2025', start: '2024-12-15', end: '2025-12-14', calendar: { start: '2025-01-01', end: '2025-12-31' } });
    expect(resolvePeriod('2025-05')?.key).toBe('2025-M05');
    expect(resolvePeriod('6 tháng đầu năm 2025')?.key).toBe('2025-H1');
    expect(resolvePeriod('2021-2025')).toMatchObject({
      key: '2021-2025',
      start: '2021-01-01',
      end: '2025-12-31',
      calendar: { start: '2021-01-01', end: '2025-12-31' },
    });
    expect(resolvePeriod('2024-12-31')).toMatchObject({ key: '2024-12-31', kind: 'as_of' });
    expect(resolvePeriod('last year')).toBeNull();
    expect(resolvePeriod('2025-13')).toBeNull();
  });
});
