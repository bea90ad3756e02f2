// Two extraction runs of one document compared value by value. A run holds at most one value
// per indicator, so the indicator is the key; values are compared as exact decimals ("24" and
// "24.0" are the same number), and a change of unit counts as a change.
import { Decimal } from 'decimal.js';
import type { StoredValue } from '../db/values.ts';
import { indicators } from '../extractors/catalogue.ts';

export type Change = 'added' | 'removed' | 'changed' | 'same';

export interface DiffRow {
  indicator: string;
  indicatorName: string;
  /** In the earlier run (a); null when the later run added it. */
  before: StoredValue | null;
  /** In the later run (b); null when the later run no longer has it. */
  after: StoredValue | null;
  change: Change;
  /** The status moved (a value flagged before and accepted now, say), whatever the value did. */
  statusChanged: boolean;
}

export interface RunDiff {
  rows: DiffRow[];
  counts: Record<Change, number>;
}

let rank: Map<string, number> | undefined;

/** Catalogue order (NV01 … BC02), as the report and the other pages list indicators. */
export function byCatalogue(x: string, y: string): number {
  rank ??= new Map(indicators().map((i, n) => [i.id, n]));
  return (rank.get(x) ?? Number.MAX_SAFE_INTEGER) - (rank.get(y) ?? Number.MAX_SAFE_INTEGER) || x.localeCompare(y);
}

function sameNumber(a: string, b: string): boolean {
  try {
    return new Decimal(a).eq(new Decimal(b));
  } catch {
    return a === b;
  }
}

export function compareRuns(before: StoredValue[], after: StoredValue[]): RunDiff {
  const a = new Map(before.map((v) => [v.indicator, v]));
  const b = new Map(after.map((v) => [v.indicator, v]));
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort(byCatalogue);
  const counts: Record<Change, number> = { added: 0, removed: 0, changed: 0, same: 0 };
  const rows = ids.map((indicator): DiffRow => {
    const x = a.get(indicator) ?? null;
    const y = b.get(indicator) ?? null;
    const change: Change = !x ? 'added' : !y ? 'removed' : sameNumber(x.value, y.value) && x.unit === y.unit ? 'same' : 'changed';
    counts[change]++;
    return { indicator, indicatorName: (y ?? x)!.indicatorName, before: x, after: y, change, statusChanged: Boolean(x && y && x.status !== y.status) };
  });
  return { rows, counts };
}
