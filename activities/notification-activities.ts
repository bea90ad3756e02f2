// Reminders to provinces whose report is not in: after the deadline, and some days before it.
import { claimReminder, recordAttempt } from '../db/notifications.ts';
import { submissionStatusOf } from '../db/submissions.ts';
import { provinces } from '../extractors/catalogue.ts';
import { daysBetween, vietnamDate } from '../extractors/submissions.ts';
import { failureMessage } from './failure-message.ts';
import type { LateProvince, NotificationActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { sendEmailReminder } from './mail/send-reminder.ts';
import { submissionReminderMail } from './mail/templates.ts';

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

/** The application's page of a province, where the state of its reports shows. */
export function provinceLink(appUrl: string, provinceCode: string): string {
  return new URL(`provinces/${provinceCode}`, appUrl.endsWith('/') ? appUrl : `${appUrl}/`).toString();
}

export function notificationActivities(deps: ActivityDeps): NotificationActivities {
  const { db, logger } = deps;
  return {
    async remindLateProvinces({ periodKey, asOf }) {
      const today = asOf ?? vietnamDate(deps.now?.() ?? new Date());
      const status = await submissionStatusOf(db, periodKey, { asOf: today, daysAfterCutoff: deps.daysAfterCutoff ?? 6 });
      const period = status.period;
      const daysToDeadline = daysBetween(today, status.deadline);
      const late: LateProvince[] = status.rows
        .filter((r) => r.state === 'missing_overdue')
        .map((r) => ({ provinceCode: r.provinceCode, daysLate: r.daysLate }));
      const dueSoon: LateProvince[] =
        daysToDeadline >= 0 && daysToDeadline <= (deps.remindDaysBeforeDeadline ?? 0)
          ? status.rows.filter((r) => r.state === 'not_yet_due').map((r) => ({ provinceCode: r.provinceCode, daysLate: -daysToDeadline }))
          : [];
      const sent = { notified: 0, delivered: 0, emailed: 0, emailFailed: 0 };
      for (const { provinceCode, daysLate } of [...late, ...dueSoon]) {
        const kind = daysLate > 0 ? 'late_submission' : 'due_soon';
        const province = provinces().find((p) => p.code === provinceCode)!;
        const message =
          daysLate > 0
            ? `${province.name}: báo cáo ${period.label} quá hạn ${daysLate} ngày (hạn ${status.deadline})`
            : `${province.name}: chưa nộp báo cáo ${period.label}, hạn ${status.deadline} (còn ${-daysLate} ngày)`;
        const key = `${period.key}/${provinceCode}`;
        const notice = await claimReminder(db, {
          kind,
          channel: deps.webhookUrl ? 'webhook' : 'log',
          onceKey: `${kind}/${key}/${today}`,
          day: today,
          provinceCode,
          periodKey: period.key,
          message,
        });
        if (notice.isNew) {
          sent.notified++;
          logger.warn({ provinceCode, period: period.key, daysLate }, message);
          if (deps.webhookUrl) {
            const outcome = await deliver(deps.webhookUrl, { kind, province: provinceCode, period: period.key, deadline: status.deadline, daysLate, message });
            await recordAttempt(db, notice.row.id, { delivered: outcome.delivered === true, error: outcome.error });
            if (outcome.delivered) sent.delivered++;
          }
        }
        if (!deps.mail) continue;
        // Today's e-mail: sent once; if it failed earlier today, tried again now.
        const outcome = await sendEmailReminder(db, deps.mail.mailer, logger, {
          kind,
          key,
          day: today,
          provinceCode,
          periodKey: period.key,
          recipients: deps.mail.provinces[provinceCode] ?? [],
          noRecipients: `no e-mail address for province ${provinceCode} (notifications.email.provinces)`,
          content: submissionReminderMail({
            province,
            periodLabel: period.label,
            deadline: status.deadline,
            daysLate,
            link: provinceLink(deps.mail.appUrl, provinceCode),
          }),
        });
        if (outcome === 'delivered') sent.emailed++;
        if (outcome === 'failed') sent.emailFailed++;
      }
      return { late, dueSoon, ...sent };
    },
  };
}
