// Reporting KPIs for the Ministry: how each province reports over some periods, and the nation
// together. Pure: db/kpi-queries.ts gathers the facts (timeliness from the same submission
// status as `baocao status`, the values of each report received), this turns them into rates.
//
// What a report kind is expected to carry, from the catalogue: a statistical report (Thông tư
// 15/2018, 45/2025) fills the forms the catalogue names in `form`, so its indicators are those
// with a form; a periodic report (Nghị định 09/2019) covers the Sở's whole work, so every
// indicator of the catalogue; thematic and ad-hoc reports have no fixed content and expect
// nothing (they count for timeliness, not for completeness).
import { indicators } from './catalogue.ts';
import type { SubmissionState } from './submissions.ts';
import type { Indicator, ReportKind } from './types.ts';

/** How many periods a window has when none is asked for (a year of quarters), and at most. */
export const DEFAULT_KPI_PERIODS = 4;
export const MAX_KPI_PERIODS = 12;

export function expectedIndicators(kind: ReportKind | null, catalogue: readonly Indicator[] = indicators()): Set<string> {
  if (kind === 'periodic') return new Set(catalogue.map((i) => i.id));
  if (kind === 'statistical') return new Set(catalogue.filter((i) => i.form !== null).map((i) => i.id));
  return new Set();
}

/** One province's submission state for one period, as `baocao status` gives it. */
export interface PeriodSubmission {
  provinceCode: string;
  periodKey: string;
  state: SubmissionState;
  daysLate: number;
}

/** One report received (not a copy, not superseded) and what became of its values. */
export interface ReportFacts {
  documentId: number;
  provinceCode: string;
  periodKey: string;
  reportKind: ReportKind | null;
  receivedAt: Date;
  /** Indicators of its current run with a value a reviewer did not reject. */
  reported: string[];
  values: number;
  /** Values verification flagged (whatever the reviewer then decided). */
  flagged: number;
  /** Values whose number a reviewer corrected. */
  corrected: number;
  /** The last review decision on any of its values; null when none was taken. */
  lastDecisionAt: Date | null;
}

export interface Kpi {
  /** Province-periods whose deadline has passed or whose report is in. */
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** Share of the due province-periods reported by the deadline; null when none was due. */
  onTimeRate: number | null;
  /** Mean days past the deadline of the reports received (0 for one on time); null when none was received. */
  averageDaysLate: number | null;
  expected: number;
  reported: number;
  /** Catalogue values reported out of those expected for the kind of each report; null when nothing was expected. */
  completeness: number | null;
  values: number;
  flagged: number;
  corrected: number;
  flaggedShare: number | null;
  correctedShare: number | null;
  /** Reports with at least one review decision. */
  decidedReports: number;
  /** Median hours from a report's receipt to the last decision on its values; null when no report was decided. */
  medianHoursToDecision: number | null;
}

const HOUR_MS = 3_600_000;

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(numbers: readonly number[]): number | null {
  if (numbers.length === 0) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The KPIs of some submissions and the reports behind them: one province over the periods, or
 * every province (the national totals pool the counts, they do not average the rates).
 */
export function computeKpi(submissions: readonly PeriodSubmission[], reports: readonly ReportFacts[], catalogue: readonly Indicator[] = indicators()): Kpi {
  const count = (state: SubmissionState) => submissions.filter((s) => s.state === state).length;
  const onTime = count('on_time');
  const late = count('late');
  const missing = count('missing_overdue');
  const received = submissions.filter((s) => s.state === 'on_time' || s.state === 'late');
  const due = onTime + late + missing;

  // Completeness per province and period: a province that sends its report twice (a periodic and
  // a statistical one under the same key) is expected to carry what either kind carries.
  const slots = new Map<string, { expected: Set<string>; reported: Set<string> }>();
  for (const r of reports) {
    const key = `${r.provinceCode}|${r.periodKey}`;
    const slot = slots.get(key) ?? { expected: new Set<string>(), reported: new Set<string>() };
    for (const id of expectedIndicators(r.reportKind, catalogue)) slot.expected.add(id);
    for (const id of r.reported) slot.reported.add(id);
    slots.set(key, slot);
  }
  let expected = 0;
  let reported = 0;
  for (const slot of slots.values()) {
    expected += slot.expected.size;
    reported += [...slot.reported].filter((id) => slot.expected.has(id)).length;
  }

  const values = reports.reduce((n, r) => n + r.values, 0);
  const flagged = reports.reduce((n, r) => n + r.flagged, 0);
  const corrected = reports.reduce((n, r) => n + r.corrected, 0);
  const waits = reports.filter((r) => r.lastDecisionAt !== null).map((r) => (r.lastDecisionAt!.getTime() - r.receivedAt.getTime()) / HOUR_MS);
  return {
    due,
    onTime,
    late,
    missing,
    onTimeRate: share(onTime, due),
    averageDaysLate: received.length > 0 ? received.reduce((n, s) => n + s.daysLate, 0) / received.length : null,
    expected,
    reported,
    completeness: share(reported, expected),
    values,
    flagged,
    corrected,
    flaggedShare: share(flagged, values),
    correctedShare: share(corrected, values),
    decidedReports: waits.length,
    medianHoursToDecision: median(waits),
  };
}

// ---------------------------------------------------------------------------------------
// The table: one row per province, the national totals, and each period's national figures

export interface KpiProvinceRow {
  code: string;
  shortName: string;
  kpi: Kpi;
}

export interface KpiReport {
  /** The periods covered, oldest first (the one asked for last). */
  periods: { key: string; label: string; deadline: string }[];
  asOf: string;
  provinces: KpiProvinceRow[];
  national: Kpi;
  /** The national figures of each period, in the order of `periods`: the charts' lines. */
  byPeriod: { key: string; kpi: Kpi }[];
}

export function kpiReport(input: {
  periods: KpiReport['periods'];
  asOf: string;
  provinces: readonly { code: string; shortName: string }[];
  submissions: readonly PeriodSubmission[];
  reports: readonly ReportFacts[];
  catalogue?: readonly Indicator[];
}): KpiReport {
  const catalogue = input.catalogue ?? indicators();
  return {
    periods: input.periods,
    asOf: input.asOf,
    provinces: input.provinces.map((p) => ({
      code: p.code,
      shortName: p.shortName,
      kpi: computeKpi(
        input.submissions.filter((s) => s.provinceCode === p.code),
        input.reports.filter((r) => r.provinceCode === p.code),
        catalogue,
      ),
    })),
    national: computeKpi(input.submissions, input.reports, catalogue),
    byPeriod: input.periods.map((period) => ({
      key: period.key,
      kpi: computeKpi(
        input.submissions.filter((s) => s.periodKey === period.key),
        input.reports.filter((r) => r.periodKey === period.key),
        catalogue,
      ),
    })),
  };
}

export const KPI_SORTS = ['code', 'province', 'onTime', 'daysLate', 'completeness', 'flagged', 'corrected', 'decision'] as const;
export type KpiSort = (typeof KPI_SORTS)[number];

const SORT_VALUE: Record<Exclude<KpiSort, 'code' | 'province'>, (k: Kpi) => number | null> = {
  onTime: (k) => k.onTimeRate,
  daysLate: (k) => k.averageDaysLate,
  completeness: (k) => k.completeness,
  flagged: (k) => k.flaggedShare,
  corrected: (k) => k.correctedShare,
  decision: (k) => k.medianHoursToDecision,
};

/**
 * Rows sorted by a column, ascending or descending; provinces without a figure in that column
 * come last either way, and ties stay in code order.
 */
export function sortKpiRows(rows: readonly KpiProvinceRow[], sort: KpiSort, direction: 'asc' | 'desc'): KpiProvinceRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byCode = (a: KpiProvinceRow, b: KpiProvinceRow) => a.code.localeCompare(b.code);
  if (sort === 'code') return [...rows].sort((a, b) => sign * byCode(a, b));
  if (sort === 'province') return [...rows].sort((a, b) => sign * a.shortName.localeCompare(b.shortName, 'vi') || byCode(a, b));
  const value = SORT_VALUE[sort];
  return [...rows].sort((a, b) => {
    const x = value(a.kpi);
    const y = value(b.kpi);
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byCode(a, b);
    return sign * (x - y) || byCode(a, b);
  });
}
