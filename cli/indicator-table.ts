// The indicator table people read after a run: one row per indicator (its code and name), one
// column per province and period, values held for review marked ⚑, "—" where a province
// reported no value. Within 100 columns: more provinces than fit go into further tables.
import stringWidth from 'string-width';
import type { StoredValue } from '../db/values.ts';
import { indicators } from '../extractors/catalogue.ts';
import { figure, table, tableWidth } from './format.ts';

/** The indicator column never gets narrower than this, so that its name still reads. */
const NAME_MIN = 30;
const UNIT_MIN = 8;

/** "NV01 Số nhiệm vụ KH&CN …": the code people search for, and the name they read. */
export function indicatorLabel(id: string, name?: string): string {
  const known = name ?? indicators().find((i) => i.id === id)?.nameVi;
  return known ? `${id} ${known}` : id;
}

/** The indicator table of the ingested documents: one column per province and period. */
export function indicatorTable(values: StoredValue[], max = tableWidth()): string {
  const columns = [...new Map(values.map((v) => [`${v.province ?? '?'}\n${v.periodKey ?? '?'}`, v])).keys()].sort((a, b) => a.localeCompare(b, 'vi'));
  const rows = new Map<string, Map<string, string>>();
  for (const v of values) {
    const column = `${v.province ?? '?'}\n${v.periodKey ?? '?'}`;
    const row = rows.get(v.indicator) ?? new Map<string, string>();
    const shown = `${figure(v.value)}${v.status === 'flagged' ? ' ⚑' : ''}`;
    // Two documents for one province and period that disagree (not copies of one report): both.
    const before = row.get(column);
    row.set(column, before && before !== shown ? `${before} / ${shown}` : shown);
    rows.set(v.indicator, row);
  }
  const names = new Map(values.map((v) => [v.indicator, v.indicatorName]));
  const units = new Map(values.map((v) => [v.indicator, v.unit]));
  const ids = [...rows.keys()].sort();
  const cell = (id: string, column: string) => rows.get(id)?.get(column) ?? '—';

  // Each province column as narrow as its longest value and header word allow.
  const columnWidth = (column: string) =>
    Math.max(
      Math.min(stringWidth(column.split('\n')[0]!), 16),
      ...column.split(/\s+/).map((w) => stringWidth(w)),
      ...ids.map((id) => stringWidth(cell(id, column))),
    );
  const unitWidth = Math.min(Math.max(UNIT_MIN, ...ids.map((id) => stringWidth(units.get(id) ?? ''))), 12);
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let used = 1 + NAME_MIN + 3 + unitWidth + 3;
  for (const column of columns) {
    const w = columnWidth(column) + 3;
    if (chunk.length > 0 && used + w > max) {
      chunks.push(chunk);
      chunk = [];
      used = 1 + NAME_MIN + 3 + unitWidth + 3;
    }
    chunk.push(column);
    used += w;
  }
  if (chunk.length > 0 || chunks.length === 0) chunks.push(chunk);
  return chunks
    .map((cols) =>
      table(
        ['indicator', 'unit', ...cols],
        ids.map((id) => [indicatorLabel(id, names.get(id)), units.get(id) ?? '', ...cols.map((c) => cell(id, c))]),
        [{ min: NAME_MIN, overflow: 'truncate' }, { min: UNIT_MIN }, ...cols.map((c) => ({ min: columnWidth(c) }))],
        max,
      ),
    )
    .join('\n');
}
