// Who has reported for a period, and who is late. Pure: the caller supplies the receipts.
//
// Deadlines: REPORTS.md gives the annual one (20 December, six days after the 14 December
// cut-off). Nghị định 09/2019 leaves the others to each reporting regime, so the same gap
// is assumed for every periodic report: due `daysAfterCutoff` (default 6) days after the
// cut-off end of its window (quý III/2025: cut-off 14 Sep, due 20 Sep). Configurable.
import { periodFromKey } from './periods.ts';
import type { Period } from './types.ts';

export interface Receipt {
  provinceCode: string;
  /** When the Ministry received the report (ISO date, Asia/Ho_Chi_Minh). */
  receivedOn: string;
  documentId: number;
  name: string;
}

export type SubmissionState = 'on_time' | 'late' | 'missing_overdue' | 'not_yet_due';

export interface SubmissionRow {
  provinceCode: string;
  state: SubmissionState;
  /** Days past the deadline: when it arrived late, or (missing) as of today. 0 otherwise. */
  daysLate: number;
  receipt: Receipt | null;
}

export interface SubmissionStatus {
  period: Period;
  deadline: string;
  asOf: string;
  rows: SubmissionRow[];
}

const DAY_MS = 86_400_000;

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from one date (YYYY-MM-DD) to another: negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A real calendar date written YYYY-MM-DD (not 2025-13-45, not 2025-02-30). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export function deadlineOf(period: Period, daysAfterCutoff: number): string {
  return addDays(period.end, daysAfterCutoff);
}

/** The date in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function submissionStatus(
  periodKey: string,
  provinceCodes: readonly string[],
  receipts: readonly Receipt[],
  options: { asOf: string; daysAfterCutoff: number },
): SubmissionStatus {
  if (!isIsoDate(options.asOf)) throw new RangeError(`"${options.asOf}" is not a date (YYYY-MM-DD)`);
  const period = periodFromKey(periodKey, 'periodic');
  if (!period) throw new RangeError(`"${periodKey}" is not a period key (2025-H1, 2025-H2, 2025-Q3, 2025-M05, 2024-9M, 2024)`);
  const deadline = deadlineOf(period, options.daysAfterCutoff);
  const firstReceipt = new Map<string, Receipt>();
  for (const r of [...receipts].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))) {
    if (!firstReceipt.has(r.provinceCode)) firstReceipt.set(r.provinceCode, r);
  }
  const rows = provinceCodes.map((provinceCode): SubmissionRow => {
    const receipt = firstReceipt.get(provinceCode) ?? null;
    if (receipt) {
      const daysLate = Math.max(0, daysBetween(deadline, receipt.receivedOn));
      return { provinceCode, state: daysLate > 0 ? 'late' : 'on_time', daysLate, receipt };
    }
    const overdue = daysBetween(deadline, options.asOf);
    return overdue > 0
      ? { provinceCode, state: 'missing_overdue', daysLate: overdue, receipt: null }
      : { provinceCode, state: 'not_yet_due', daysLate: 0, receipt: null };
  });
  return { period, deadline, asOf: options.asOf, rows };
}
