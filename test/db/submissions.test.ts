import { describe, expect, it } from 'vitest';
import { periodFromKey } from '../../extractors/periods.ts';
import { submissionStatus, vietnamDate, type Receipt } from '../../extractors/submissions.ts';

describe('periods by key', () => {
  it.each([
    ['2025-H1', '2024-12-15', '2025-06-14', '6 tháng đầu năm 2025'],
    ['2025-H2', '2025-06-15', '2025-12-14', '6 tháng cuối năm 2025'],
    ['2025-Q3', '2025-06-15', '2025-09-14', 'quý III/2025'],
    ['2025-q1', '2024-12-15', '2025-03-14', 'quý I/2025'],
    ['2025-M05', '2025-04-15', '2025-05-14', 'tháng 5/2025'],
    ['2024-9M', '2023-12-15', '2024-09-14', '9 tháng năm 2024'],
    ['2024', '2023-12-15', '2024-12-14', 'năm 2024'],
  ])('%s is the periodic window %s .. %s', (key, start, end, label) => {
    expect(periodFromKey(key, 'periodic')).toMatchObject({ start, end, label, key: key.toUpperCase() });
  });

  it.each(['2025-H3', '2025-Q5', '2025-M13', 'H1-2025', ''])('%s is not a key', (key) => {
    expect(periodFromKey(key, 'periodic')).toBeNull();
  });
});

describe('submission status', () => {
  const receipt = (provinceCode: string, receivedOn: string, documentId = 1): Receipt => ({
    provinceCode,
    receivedOn,
    documentId,
    name: `${provinceCode}.pdf`,
  });

  it('annual reports are due on 20 December; a day later is one day late', () => {
    const status = submissionStatus(
      '2025',
      ['01', '80', '48', '79'],
      [receipt('80', '2025-12-20'), receipt('48', '2025-12-21'), receipt('48', '2025-12-19', 2)],
      {
        asOf: '2025-12-27',
        daysAfterCutoff: 6,
      },
    );
    expect(status.deadline).toBe('2025-12-20');
    expect(status.rows.map((r) => [r.provinceCode, r.state, r.daysLate])).toEqual([
      ['01', 'missing_overdue', 7],
      ['80', 'on_time', 0],
      // The first receipt counts: an earlier copy makes a later duplicate irrelevant.
      ['48', 'on_time', 0],
      ['79', 'missing_overdue', 7],
    ]);
  });

  it('before the deadline a missing report is not yet due', () => {
    const status = submissionStatus('2025-Q3', ['80'], [], { asOf: '2025-09-20', daysAfterCutoff: 6 });
    expect(status.deadline).toBe('2025-09-20');
    expect(status.rows[0]).toMatchObject({ state: 'not_yet_due', daysLate: 0 });
  });

  it('counts late days across months', () => {
    const status = submissionStatus('2025-H1', ['80'], [receipt('80', '2025-07-05')], { asOf: '2025-08-01', daysAfterCutoff: 6 });
    expect(status.deadline).toBe('2025-06-20');
    expect(status.rows[0]).toMatchObject({ state: 'late', daysLate: 15 });
  });

  it('refuses a key that is not a period', () => {
    expect(() => submissionStatus('last-year', ['80'], [], { asOf: '2025-01-01', daysAfterCutoff: 6 })).toThrow(/not a period key/);
  });

  it('receipt dates are Vietnam dates', () => {
    expect(vietnamDate(new Date('2025-12-20T17:30:00Z'))).toBe('2025-12-21');
    expect(vietnamDate(new Date('2025-12-20T16:59:00Z'))).toBe('2025-12-20');
  });
});
