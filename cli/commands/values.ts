// baocao values: the stored values of each document's current extraction run.
import { listCurrentValues, type ValueFilters } from '../../db/values.ts';
import type { Config } from '../../app/config.ts';
import { figure, table, terminalJson } from '../format.ts';
import { indicatorLabel } from '../indicator-table.ts';
import { indicatorOrGroupOption, periodOption, provinceOption } from '../options.ts';
import { createLogger, openDatabaseFromConfig } from '../../app/runtime.ts';

/** Filters that match nothing in the catalogue are mistakes, not empty answers. */
function checkedFilters(filters: ValueFilters): ValueFilters {
  const checked: ValueFilters = { ...filters };
  if (filters.province) checked.province = provinceOption(filters.province);
  if (filters.period) checked.period = periodOption(filters.period).key;
  if (filters.indicator) checked.indicator = indicatorOrGroupOption(filters.indicator);
  return checked;
}

export async function valuesCommand(options: ValueFilters & { json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  const { json, verbose, ...given } = options;
  const filters = checkedFilters(given);
  const { handle } = await openDatabaseFromConfig(config);
  createLogger(Boolean(verbose)).info({ database: handle.location }, 'database ready');
  try {
    const rows = await listCurrentValues(handle.db, filters);
    if (json) {
      process.stdout.write(`${terminalJson(rows)}\n`);
      return 0;
    }
    console.log(
      table(
        ['province', 'period', 'indicator', 'value', 'status', 'document, page'],
        rows.map((r) => [
          r.province ?? '?',
          r.periodKey ?? '?',
          indicatorLabel(r.indicator, r.indicatorName),
          `${figure(r.value)} ${r.unit}${r.qualifier ? ` (${r.qualifier})` : ''}`,
          r.status === 'flagged' ? `flagged: ${r.reasons.join(', ')}` : r.status,
          `${r.document} p. ${r.page}`,
        ]),
        [{ min: 8 }, undefined, { min: 22, overflow: 'truncate' }, { min: 8 }, { min: 18 }, { min: 18, overflow: 'middle' }],
      ),
    );
    console.log(`${rows.length} values`);
    return 0;
  } finally {
    await handle.close();
  }
}
