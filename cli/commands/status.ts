// baocao status --period 2025-H1: who has reported for a period, who is late and by how much.
import { submissionStatusOf } from '../../db/submissions.ts';
import { provinces } from '../../extractors/catalogue.ts';
import { isIsoDate, vietnamDate, type SubmissionRow } from '../../extractors/submissions.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { table } from '../format.ts';
import { periodOption, REPORTING_PERIODS } from '../options.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';

const STATE_TEXT: Record<SubmissionRow['state'], string> = {
  on_time: 'submitted on time',
  late: 'submitted late',
  missing_overdue: 'MISSING, overdue',
  not_yet_due: 'not yet due',
};

export async function statusCommand(options: { period: string; asOf?: string; json?: boolean }, config: Config): Promise<number> {
  const key = periodOption(options.period, REPORTING_PERIODS).key;
  if (options.asOf && !isIsoDate(options.asOf)) throw new UsageError(`--as-of ${options.asOf}: not a date; give it as YYYY-MM-DD`);
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const status = await submissionStatusOf(handle.db, key, {
      asOf: options.asOf ?? vietnamDate(new Date()),
      daysAfterCutoff: config.submissions.daysAfterCutoff,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return 0;
    }
    const nameOf = (code: string) => provinces().find((p) => p.code === code)!.shortName;
    console.log(`${status.period.label} (${status.period.start} – ${status.period.end}), due ${status.deadline}, as of ${status.asOf}`);
    console.log(
      table(
        ['code', 'province', 'status', 'days late', 'received', 'document'],
        status.rows.map((r) => [
          r.provinceCode,
          nameOf(r.provinceCode),
          STATE_TEXT[r.state],
          r.daysLate ? String(r.daysLate) : '',
          r.receipt?.receivedOn ?? '',
          r.receipt?.name ?? '',
        ]),
      ),
    );
    const count = (state: SubmissionRow['state']) => status.rows.filter((r) => r.state === state).length;
    console.log(
      `${count('on_time') + count('late')} of ${status.rows.length} provinces submitted (${count('late')} late); ` +
        `${count('missing_overdue')} overdue, ${count('not_yet_due')} not yet due`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
