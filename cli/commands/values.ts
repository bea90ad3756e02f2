// baocao values: the stored values of each document's current extraction run.
import { listCurrentValues, type ValueFilters } from '../../db/values.ts';
import type { Config } from '../config.ts';
import { formatVi, table } from '../format.ts';
import { createLogger, openDatabaseFromConfig } from '../runtime.ts';

export async function valuesCommand(filters: ValueFilters & { json?: boolean; verbose?: boolean }, config: Config): Promise<number> {
  const handle = await openDatabaseFromConfig(config);
  createLogger(Boolean(filters.verbose)).info({ database: handle.location }, 'database ready');
  try {
    const rows = await listCurrentValues(handle.db, filters);
    if (filters.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
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
