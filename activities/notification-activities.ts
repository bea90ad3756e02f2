// Reminders to provinces whose report is overdue.
import { notifiedSince, recordNotification } from '../db/notifications.ts';
import { submissionStatusOf } from '../db/submissions.ts';
import { provinces } from '../extractors/catalogue.ts';
import { vietnamDate } from '../extractors/submissions.ts';
import { failureMessage } from './failure-message.ts';
import type { NotificationActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';

/** POSTs a reminder to the configured webhook; what happened is recorded beside it. */
export async function deliver(webhookUrl: string | undefined, payload: Record<string, unknown>): Promise<{ delivered: boolean | null; error: string | null }> {
  if (!webhookUrl) return { delivered: null, error: null };
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok ? { delivered: true, error: null } : { delivered: false, error: `webhook answered ${response.status}` };
  } catch (error) {
    return { delivered: false, error: `webhook: ${failureMessage(error)}` };
  }
}

/** Start of the Vietnamese day of `isoDate`, as an instant. */
function startOfVietnamDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+07:00`));
}

export function notificationActivities(deps: ActivityDeps): NotificationActivities {
  const { db, logger } = deps;
  return {
    async remindLateProvinces({ periodKey, asOf }) {
      const today = asOf ?? vietnamDate(new Date());
      const status = await submissionStatusOf(db, periodKey, { asOf: today, daysAfterCutoff: deps.daysAfterCutoff ?? 6 });
      const late = status.rows.filter((r) => r.state === 'missing_overdue').map((r) => ({ provinceCode: r.provinceCode, daysLate: r.daysLate }));
      const already = await notifiedSince(db, 'late_submission', status.period.key, startOfVietnamDay(today));
      let notified = 0;
      let delivered = 0;
      for (const { provinceCode, daysLate } of late) {
        if (already.has(provinceCode)) continue;
        const name = provinces().find((p) => p.code === provinceCode)!.name;
        const message = `${name}: báo cáo ${status.period.label} quá hạn ${daysLate} ngày (hạn ${status.deadline})`;
        logger.warn({ provinceCode, period: status.period.key, daysLate }, message);
        const outcome = await deliver(deps.webhookUrl, { kind: 'late_submission', province: provinceCode, period: status.period.key, deadline: status.deadline, daysLate, message });
        if (outcome.delivered) delivered++;
        await recordNotification(db, { kind: 'late_submission', provinceCode, periodKey: status.period.key, message, ...outcome });
        notified++;
      }
      return { late, notified, delivered };
    },
  };
}
