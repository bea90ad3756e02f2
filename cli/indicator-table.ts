// The indicator table people read after a run: one row per indicator, one column per
// province and period, values held for review marked ⚑.
import type { StoredValue } from '../db/values.ts';
import { formatVi, table } from './format.ts';

/** The indicator table of the ingested documents: one column per province and period. */
export function indicatorTable(values: StoredValue[]): string {
  const columns = [...new Set(values.map((v) => `${v.province ?? '?'} ${v.periodKey ?? '?'}`))].sort();
  const rows = new Map<string, Map<string, string>>();
  for (const v of values) {
    const column = `${v.province ?? '?'} ${v.periodKey ?? '?'}`;
    const row = rows.get(v.indicator) ?? new Map<string, string>();
    const shown = `${formatVi(v.value)}${v.status === 'flagged' ? ' ⚑' : ''}`;
    // Two documents for one province and period (a DOCX and its PDF): show both if they differ.
    const before = row.get(column);
    row.set(column, before && before !== shown ? `${before} / ${shown}` : shown);
    rows.set(v.indicator, row);
  }
  const units = new Map(values.map((v) => [v.indicator, v.unit]));
  return table(
    ['indicator', 'unit', ...columns],
    [...rows.keys()].sort().map((id) => [id, units.get(id) ?? '', ...columns.map((c) => rows.get(id)?.get(c) ?? '')]),
  );
}
