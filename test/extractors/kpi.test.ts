// The reporting KPIs as pure functions: the periods of a window, what a report kind is
// expected to carry, the rates and the median, the national pooling and the sorting.
import { describe, expect, it } from 'vitest';
import { indicators } from '../../extractors/catalogue.ts';
import { computeKpi, expectedIndicators, kpiReport, median, sortKpiRows, type PeriodSubmission, type ReportFacts } from '../../extractors/kpi.ts';
import { periodsEndingWith } from '../../extractors/periods.ts';

describe('periodsEndingWith', () => {
  it('steps back through periods of the same kind, across year ends', () => {
    expect(periodsEndingWith('2025-Q2', 4)).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
    expect(periodsEndingWith('2025-M02', 3)).toEqual(['2024-M12', '2025-M01', '2025-M02']);
    expect(periodsEndingWith('2025-H1', 3)).toEqual(['2024-H1', '2024-H2', '2025-H1']);
    expect(periodsEndingWith('2024-9M', 2)).toEqual(['2023-9M', '2024-9M']);
    expect(periodsEndingWith('2024', 3)).toEqual(['2022', '2023', '2024']);
    expect(periodsEndingWith('2025-q3', 1)).toEqual(['2025-Q3']);
  });

  it('has no window for what is not a reporting period', () => {
    expect(periodsEndingWith('2021-2025', 2)).toBeNull();
    expect(periodsEndingWith('2024-12-31', 2)).toBeNull();
  });
});

describe('expectedIndicators', () => {
  const catalogue = indicators();
  it('expects the whole catalogue of a periodic report, the indicators with a form of a statistical one, nothing of the others', () => {
    expect(expectedIndicators('periodic').size).toBe(catalogue.length);
    const statistical = expectedIndicators('statistical');
    expect(statistical.has('NV01')).toBe(true); // form 04/KHCN-NV
    expect(statistical.has('NV05')).toBe(false); // no form
    expect(statistical.size).toBe(catalogue.filter((i) => i.form).length);
    expect(statistical.size).toBeLessThan(catalogue.length);
    expect(expectedIndicators('thematic').size).toBe(0);
    expect(expectedIndicators(null).size).toBe(0);
  });
});

describe('median', () => {
  it('takes the middle, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([10, 2, 4, 30])).toBe(7);
  });
});

const at = (iso: string) => new Date(iso);
function report(over: Partial<ReportFacts> & Pick<ReportFacts, 'provinceCode' | 'periodKey'>): ReportFacts {
  return {
    documentId: 1,
    reportKind: 'statistical',
    receivedAt: at('2025-01-01T00:00:00Z'),
    reported: [],
    values: 0,
    flagged: 0,
    corrected: 0,
    lastDecisionAt: null,
    ...over,
  };
}

// A catalogue of three indicators, two of them on a statistical form.
const CATALOGUE = indicators()
  .filter((i) => ['NV01', 'NV02', 'NV05'].includes(i.id))
  .sort((a, b) => a.id.localeCompare(b.id));

describe('computeKpi', () => {
  const submissions: PeriodSubmission[] = [
    { provinceCode: '01', periodKey: '2024', state: 'on_time', daysLate: 0 },
    { provinceCode: '01', periodKey: '2025', state: 'late', daysLate: 6 },
    { provinceCode: '01', periodKey: '2023', state: 'missing_overdue', daysLate: 400 },
    { provinceCode: '01', periodKey: '2026', state: 'not_yet_due', daysLate: 0 },
  ];
  const reports = [
    report({
      provinceCode: '01',
      periodKey: '2024',
      reported: ['NV01'],
      values: 4,
      flagged: 2,
      corrected: 1,
      receivedAt: at('2025-01-01T00:00:00Z'),
      lastDecisionAt: at('2025-01-02T12:00:00Z'),
    }),
    // Reported NV05 too, which a statistical report is not expected to carry: it does not count.
    report({
      provinceCode: '01',
      periodKey: '2025',
      reported: ['NV01', 'NV02', 'NV05'],
      values: 6,
      flagged: 0,
      receivedAt: at('2026-01-01T00:00:00Z'),
      lastDecisionAt: at('2026-01-01T06:00:00Z'),
    }),
  ];

  it('counts the due periods, the reports on time and the days late of the reports received', () => {
    const k = computeKpi(submissions, reports, CATALOGUE);
    expect([k.due, k.onTime, k.late, k.missing]).toEqual([3, 1, 1, 1]);
    expect(k.onTimeRate).toBeCloseTo(1 / 3);
    // (0 + 6) / 2: the missing report's 400 days are not a delay of a report received.
    expect(k.averageDaysLate).toBe(3);
    expect([k.reported, k.expected]).toEqual([3, 4]);
    expect(k.completeness).toBe(0.75);
    expect([k.values, k.flagged, k.corrected]).toEqual([10, 2, 1]);
    expect(k.flaggedShare).toBe(0.2);
    expect(k.correctedShare).toBe(0.1);
    // 36 hours and 6 hours.
    expect(k.decidedReports).toBe(2);
    expect(k.medianHoursToDecision).toBe(21);
  });

  it('has no figure where there is nothing to measure', () => {
    const k = computeKpi([{ provinceCode: '02', periodKey: '2026', state: 'not_yet_due', daysLate: 0 }], [], CATALOGUE);
    expect([k.onTimeRate, k.averageDaysLate, k.completeness, k.flaggedShare, k.correctedShare, k.medianHoursToDecision]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('expects of a province-period what either of its reports carries, counting an indicator once', () => {
    const two = [
      report({ provinceCode: '01', periodKey: '2024', reportKind: 'statistical', reported: ['NV01'] }),
      report({ provinceCode: '01', periodKey: '2024', reportKind: 'periodic', reported: ['NV01', 'NV05'] }),
    ];
    const k = computeKpi([], two, CATALOGUE);
    expect([k.reported, k.expected]).toEqual([2, 3]);
  });
});

describe('kpiReport and sortKpiRows', () => {
  const periods = [
    { key: '2023', label: 'năm 2023', deadline: '2023-12-20' },
    { key: '2024', label: 'năm 2024', deadline: '2024-12-20' },
  ];
  const provinces = [
    { code: '01', shortName: 'Hà Nội' },
    { code: '04', shortName: 'Cao Bằng' },
    { code: '08', shortName: 'Tuyên Quang' },
  ];
  const submissions: PeriodSubmission[] = [
    { provinceCode: '01', periodKey: '2023', state: 'on_time', daysLate: 0 },
    { provinceCode: '01', periodKey: '2024', state: 'on_time', daysLate: 0 },
    { provinceCode: '04', periodKey: '2023', state: 'late', daysLate: 2 },
    { provinceCode: '04', periodKey: '2024', state: 'on_time', daysLate: 0 },
    { provinceCode: '08', periodKey: '2023', state: 'missing_overdue', daysLate: 30 },
    { provinceCode: '08', periodKey: '2024', state: 'missing_overdue', daysLate: 1 },
  ];
  const r = kpiReport({ periods, asOf: '2024-12-21', provinces, submissions, reports: [], catalogue: CATALOGUE });

  it('pools the counts for the national totals and for each period', () => {
    expect(r.provinces.map((p) => p.kpi.onTimeRate)).toEqual([1, 0.5, 0]);
    expect(r.national.onTimeRate).toBe(3 / 6);
    expect(r.national.averageDaysLate).toBe(2 / 4);
    expect(r.byPeriod.map((p) => [p.key, p.kpi.onTime, p.kpi.due])).toEqual([
      ['2023', 1, 3],
      ['2024', 2, 3],
    ]);
  });

  it('sorts by a column either way, provinces without a figure last', () => {
    const codes = (rows: { code: string }[]) => rows.map((p) => p.code);
    expect(codes(sortKpiRows(r.provinces, 'onTime', 'asc'))).toEqual(['08', '04', '01']);
    expect(codes(sortKpiRows(r.provinces, 'onTime', 'desc'))).toEqual(['01', '04', '08']);
    // 08 received nothing: no days late, last both ways.
    expect(codes(sortKpiRows(r.provinces, 'daysLate', 'desc'))).toEqual(['04', '01', '08']);
    expect(codes(sortKpiRows(r.provinces, 'daysLate', 'asc'))).toEqual(['01', '04', '08']);
    expect(codes(sortKpiRows(r.provinces, 'province', 'asc'))).toEqual(['04', '01', '08']);
    expect(codes(sortKpiRows(r.provinces, 'code', 'desc'))).toEqual(['08', '04', '01']);
  });
});
