// baocao values: the stored values of each document's current extraction run.
import { listCurrentValues, type ValueFilters } from '../../db/values.ts';
import { indicators, provinces } from '../../extractors/catalogue.ts';
import { UsageError, type Config } from '../config.ts';
import { formatVi, table, terminalJson } from '../format.ts';
import { createLogger, openDatabaseFromConfig } from '../runtime.ts';

/** Filters that match nothing in the catalogue are mistakes, not empty answers. */
function checkFilters(filters: ValueFilters): void {
  if (filters.province && !provinces().some((p) => p.code === filters.province)) {
    throw new UsageError(`--province ${filters.province}: not a province code (two digits, e.g. 80 for Tây Ninh)`);
  }
  const wanted = filters.indicator;
  if (wanted && !indicators().some((i) => i.id === wanted.toUpperCase() || i.group === wanted)) {
    throw new UsageError(`--indicator ${wanted}: neither an indicator id (NV01) nor a group (${[...new Set(indicators().map((i) => i.group))].join(', ')})`);
  }
}

export async function valuesCommand(filters: ValueFilters & { json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  checkFilters(filters);
  const { handle } = await openDatabaseFromConfig(config);
  createLogger(Boolean(filters.verbose)).info({ database: handle.location }, 'database ready');
  try {
    const rows = await listCurrentValues(handle.db, filters);
    if (filters.json) {
      process.stdout.write(`${terminalJson(rows)}\n`);
      return 0;
    }
    console.log(
      table(
        ['province', 'period', 'indicator', 'value', 'unit', 'status', 'page', 'document'],
        rows.map((r) => [
          r.province ?? '?',
          r.periodKey ?? '?',
          r.indicator,
          formatVi(r.value) + (r.qualifier ? ` (${r.qualifier})` : ''),
          r.unit,
          r.status === 'flagged' ? `flagged: ${r.reasons.join(', ')}` : r.status,
          String(r.page),
          r.document,
        ]),
      ),
    );
    console.log(`${rows.length} values`);
    return 0;
  } finally {
    await handle.close();
  }
}
