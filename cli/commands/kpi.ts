// baocao kpi --period 2025-Q3 [--periods 4] [--as-of 2025-10-01] [--json] [--out kpi.xlsx]:
// the reporting KPIs of every province over the last periods of one kind, with the national
// totals, as /kpi shows them (db/kpi-queries.ts, extractors/kpi.ts; deadlines as `baocao status`).
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { kpiOf } from '../../db/kpi-queries.ts';
import { DEFAULT_KPI_PERIODS, MAX_KPI_PERIODS, type Kpi } from '../../extractors/kpi.ts';
import { periodsEndingWith } from '../../extractors/periods.ts';
import { isIsoDate, vietnamDate } from '../../extractors/submissions.ts';
import { kpiXlsx } from '../../web/export.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { table, terminalJson } from '../format.ts';
import { periodOption, REPORTING_PERIODS } from '../options.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';

export interface KpiOptions {
  period: string;
  periods?: string;
  asOf?: string;
  json?: boolean;
  out?: string;
}

function checked(options: KpiOptions): { keys: string[]; asOf: string } {
  const period = periodOption(options.period, REPORTING_PERIODS);
  const text = options.periods ?? String(DEFAULT_KPI_PERIODS);
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || count < 1 || count > MAX_KPI_PERIODS) throw new UsageError(`--periods ${text}: cần một số kỳ từ 1 đến ${MAX_KPI_PERIODS}`);
  if (options.asOf && !isIsoDate(options.asOf)) throw new UsageError(`--as-of ${options.asOf}: không phải ngày; ghi dạng YYYY-MM-DD`);
  if (options.out && extname(options.out).toLowerCase() !== '.xlsx') throw new UsageError(`--out ${options.out}: chỉ ghi được tệp .xlsx`);
  if (options.out && options.json) throw new UsageError('--json và --out: chọn một');
  return { keys: periodsEndingWith(period.key, count)!, asOf: options.asOf ?? vietnamDate(new Date()) };
}

// One decimal always, so that the columns line up.
const decimal = (x: number | null) => (x === null ? '—' : x.toFixed(1).replace('.', ','));
const percent = (x: number | null) => (x === null ? '—' : `${decimal(x * 100)}%`);

function cells(k: Kpi): string[] {
  return [
    k.due > 0 ? `${percent(k.onTimeRate)} (${k.onTime}/${k.due})` : '—',
    decimal(k.averageDaysLate),
    percent(k.completeness),
    percent(k.flaggedShare),
    percent(k.correctedShare),
    decimal(k.medianHoursToDecision === null ? null : k.medianHoursToDecision / 24),
  ];
}

export async function kpiCommand(options: KpiOptions, config: Config): Promise<number> {
  const { keys, asOf } = checked(options);
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const report = await kpiOf(handle.db, { periodKeys: keys, asOf, daysAfterCutoff: config.submissions.daysAfterCutoff });
    if (options.json) {
      process.stdout.write(`${terminalJson(report)}\n`);
      return 0;
    }
    const first = report.periods[0]!;
    const last = report.periods[report.periods.length - 1]!;
    if (options.out) {
      await writeFile(options.out, await kpiXlsx(report));
      console.log(`đã ghi ${options.out}: KPI của ${report.provinces.length} tỉnh, thành phố, ${first.label} – ${last.label}`);
      return 0;
    }
    console.log(
      `${first.label} – ${last.label} (${report.periods.length} kỳ), tính đến ${asOf}; hạn nộp ${config.submissions.daysAfterCutoff} ngày sau ngày chốt số liệu`,
    );
    console.log(
      table(
        ['mã', 'tỉnh, thành phố', 'đúng hạn', 'trễ TB (ngày)', 'đầy đủ', 'bị đánh dấu', 'được sửa', 'đến QĐ cuối (ngày)'],
        [...report.provinces.map((p) => [p.code, p.shortName, ...cells(p.kpi)]), ['', 'Cả nước', ...cells(report.national)]],
      ),
    );
    const n = report.national;
    console.log(
      `${n.onTime + n.late}/${n.due} kỳ đến hạn đã nộp (${n.late} trễ), ${n.missing} quá hạn chưa nộp; ${n.values} giá trị, ${n.flagged} bị đánh dấu, ${n.corrected} được sửa`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
