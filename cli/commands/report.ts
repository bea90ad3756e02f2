// baocao report --indicator NV02 --period 2025: every province's value and the national
// figure, honouring how the indicator combines (db/rollup.ts), printed or exported.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { rollup, type ProvinceRollup, type Rollup } from '../../db/rollup.ts';
import { rollupCsv, rollupXlsx, type ExportFormat } from '../../web/export.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { formatVi } from '../../shared/format-vi.ts';
import { figure, table } from '../format.ts';
import { indicatorOption, periodOption } from '../options.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';

export interface ReportOptions {
  indicator: string;
  period: string;
  json?: boolean;
  format?: string;
  out?: string;
}

const HOW: Record<Rollup['indicator']['measure'], string> = {
  flow: 'flow: summed over provinces and sub-periods',
  stock: 'stock: summed over provinces, the latest sub-period of each',
  ratio: 'ratio: never summed',
  score: 'score: never summed',
};

const COVERAGE: Record<ProvinceRollup['coverage'], string> = { complete: 'complete', partial: 'PARTIAL', missing: 'missing' };

/** The export format asked for: --format, else the --out file's extension; null to print. */
function formatOf(options: ReportOptions): ExportFormat | null {
  const format = options.format ?? (options.out ? extname(options.out).slice(1).toLowerCase() : undefined);
  if (format === undefined) return null;
  if (format !== 'csv' && format !== 'xlsx') {
    throw new UsageError(
      options.format ? `--format ${options.format}: expected csv or xlsx` : `--out ${options.out}: name a .csv or .xlsx file, or give --format`,
    );
  }
  if (options.json) throw new UsageError('--json and --format/--out: choose one');
  // A workbook on a terminal is noise; CSV on stdout pipes well.
  if (format === 'xlsx' && !options.out) throw new UsageError('--format xlsx needs --out FILE');
  return format;
}

function check(options: ReportOptions): ExportFormat | null {
  indicatorOption(options.indicator);
  periodOption(options.period);
  return formatOf(options);
}

/** A figure with its unit; "—" alone when there is none. */
const withUnit = (value: string | null, unit: string) => (value === null ? '—' : `${formatVi(value)} ${unit}`);
const names = (refs: { code: string; shortName: string }[]) => refs.map((p) => `${p.code} ${p.shortName}`).join(', ');

/** The roll-up for people: the provinces that reported, then the national line and who is missing. */
export function printRollup(r: Rollup): string {
  const { indicator, period, national } = r;
  const lines = [`${indicator.id} ${indicator.nameVi} (${indicator.unit}), ${period.label} [${HOW[indicator.measure]}]`];
  const reported = r.provinces.filter((p) => p.value !== null);
  if (reported.length > 0) {
    const rows = reported.map((p) => [p.code, p.shortName, figure(p.value), p.periods.join(' + '), COVERAGE[p.coverage]]);
    if (indicator.measure === 'flow' || indicator.measure === 'stock')
      rows.push(['', 'national', figure(national.value), '', `${national.complete} of ${national.provinces} complete`]);
    lines.push(table(['code', 'province', 'value', 'periods used', 'coverage'], rows, [undefined, { min: 10 }, undefined, { min: 12 }]));
  }
  lines.push(`${national.provinces} of ${national.expected} provinces reported, ${national.complete} for the whole period`);
  if (national.value !== null) {
    // No province covers the whole period: there is no such sum, not a sum of 0.
    const partial =
      national.partial.length > 0 ? `; without the partial ones (${names(national.partial)}): ${withUnit(national.completeValue, indicator.unit)}` : '';
    lines.push(`national total: ${withUnit(national.value, indicator.unit)}${partial}`);
  } else if (indicator.measure === 'ratio' || indicator.measure === 'score') {
    const s = national.stats;
    lines.push(
      `no national sum for a ${indicator.measure}${s ? `; over the ${s.count} complete province${s.count === 1 ? '' : 's'}: median ${formatVi(s.median)}, min ${formatVi(s.min)}, max ${formatVi(s.max)}` : ''}`,
    );
  }
  if (national.missing.length > 0) lines.push(`missing (${national.missing.length}): ${names(national.missing)}`);
  return lines.join('\n');
}

export async function reportCommand(options: ReportOptions, config: Config): Promise<number> {
  const format = check(options);
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const r = await rollup(handle.db, { indicator: options.indicator, period: options.period });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    } else if (format === null) {
      console.log(printRollup(r));
    } else {
      const body = format === 'csv' ? rollupCsv(r) : await rollupXlsx(r);
      if (options.out) {
        await writeFile(options.out, body);
        console.log(`wrote ${options.out}: ${r.indicator.id} ${r.period.label}, ${r.national.provinces} of ${r.national.expected} provinces`);
      } else {
        process.stdout.write(body);
      }
    }
    return 0;
  } finally {
    await handle.close();
  }
}
