// The e-mail of one reminder: recorded before it is sent, then marked delivered or failed with
// the server's reason. A failure stays recorded and is tried again by the next run the same day
// (a later day decides a fresh reminder instead); it never throws, so no run stops over it.
import type { Logger } from 'pino';
import { beginAttempt, claimReminder, recordAttempt } from '../../db/notifications.ts';
import type { Database } from '../../db/client.ts';
import type { NotificationRow } from '../../db/schema.ts';
import type { Mailer } from './mailer.ts';
import type { MailContent } from './templates.ts';

export interface EmailReminder {
  kind: NotificationRow['kind'];
  /** Once a day per this key (the day is added). */
  key: string;
  day: string;
  provinceCode: string | null;
  periodKey: string | null;
  documentId?: number;
  recipients: string[];
  /** Why nobody can be sent it, when `recipients` is empty. */
  noRecipients: string;
  /** What it says; stored with the reminder, so that a retry sends what was decided first. */
  content: MailContent;
}

/** being_sent: another run (or worker) is sending it at this moment. */
export type EmailOutcome = 'delivered' | 'failed' | 'already_delivered' | 'being_sent';

export async function sendEmailReminder(db: Database, mailer: Mailer, logger: Logger, reminder: EmailReminder): Promise<EmailOutcome> {
  const { content } = reminder;
  const { row } = await claimReminder(db, {
    kind: reminder.kind,
    channel: 'email',
    onceKey: `${reminder.kind}/email/${reminder.key}/${reminder.day}`,
    day: reminder.day,
    provinceCode: reminder.provinceCode,
    periodKey: reminder.periodKey,
    documentId: reminder.documentId ?? null,
    recipients: reminder.recipients,
    subject: content.subject,
    message: content.text,
    html: content.html,
  });
  if (row.delivered) return 'already_delivered';
  if (!(await beginAttempt(db, row.id))) return 'being_sent';
  // The addresses as configured now: one added after a failure for want of any is used.
  const to = reminder.recipients;
  const outcome =
    to.length === 0
      ? { delivered: false as const, error: reminder.noRecipients }
      : await mailer.send({ to, subject: row.subject ?? content.subject, text: row.message, html: row.html ?? content.html });
  await recordAttempt(db, row.id, { ...outcome, recipients: to });
  const context = { notification: row.id, kind: reminder.kind, province: reminder.provinceCode, period: reminder.periodKey, attempt: row.attempts + 1 };
  if (outcome.delivered) logger.info({ ...context, to }, `e-mail reminder delivered${outcome.error ? ` (${outcome.error})` : ''}`);
  else logger.warn({ ...context, to, error: outcome.error }, `e-mail reminder not delivered: ${outcome.error}`);
  return outcome.delivered ? 'delivered' : 'failed';
}
