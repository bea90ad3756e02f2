// baocao remind --period 2025-H1: reminds the provinces whose report for the period is not in
// (overdue, or due within notifications.remindDaysBeforeDeadline): log, webhook, e-mail. Meant
// for a daily cron; run again the same day it sends nothing new and tries failed e-mails again
// (the reviewers' of the day too).
import { and, eq } from 'drizzle-orm';
import { notifications } from '../../db/schema.ts';
import { isIsoDate, vietnamDate } from '../../extractors/submissions.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { terminalSafe } from '../format.ts';
import { periodOption, REPORTING_PERIODS } from '../options.ts';
import { createLogger, openRuntime } from '../../app/runtime.ts';

export async function remindCommand(options: { period: string; asOf?: string; json?: boolean }, config: Config, verbose: boolean): Promise<number> {
  const key = periodOption(options.period, REPORTING_PERIODS).key;
  if (options.asOf && !isIsoDate(options.asOf)) throw new UsageError(`--as-of ${options.asOf}: not a date; give it as YYYY-MM-DD`);
  const day = options.asOf ?? vietnamDate(new Date());
  const runtime = await openRuntime(config, createLogger(verbose));
  try {
    const sent = await runtime.activities.remindLateProvinces({ periodKey: key, asOf: day });
    // Reviewers' e-mails that failed today go out again too (their own reminders come once a day).
    const review = await runtime.activities.retryReviewEmails({ asOf: day });
    const failed = await runtime.handle.db
      .select({ provinceCode: notifications.provinceCode, error: notifications.error })
      .from(notifications)
      .where(and(eq(notifications.channel, 'email'), eq(notifications.periodKey, key), eq(notifications.day, day), eq(notifications.delivered, false)))
      .orderBy(notifications.provinceCode);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ period: key, day, ...sent, emailsFailedToday: failed, reviewEmailsRetried: review }, null, 2)}\n`);
      return 0;
    }
    console.log(
      `${key}, ${day}: ${sent.late.length} provinces overdue, ${sent.dueSoon.length} due soon; ${sent.notified} reminded now ` +
        `(${sent.delivered} through the webhook); e-mails: ${sent.emailed} delivered, ${sent.emailFailed} failed now` +
        (config.notifications.email ? '' : ' (notifications.email is not configured)'),
    );
    for (const f of failed) console.log(`  ${f.provinceCode}: e-mail not delivered: ${terminalSafe(f.error ?? '')}`);
    if (review.retried > 0) console.log(`reviewers' e-mails that failed today: ${review.delivered} of ${review.retried} delivered now`);
    return 0;
  } finally {
    await runtime.close();
  }
}
