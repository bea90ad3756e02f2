// Selecting documents for a re-run, and reminding reviewers of flagged values.
import { z } from 'zod';
import { getDocument } from '../db/documents.ts';
import { recordNotification, undeliveredEmails } from '../db/notifications.ts';
import { pendingReviewCount, selectDocuments } from '../db/review.ts';
import { provinces } from '../extractors/catalogue.ts';
import { vietnamDate } from '../extractors/submissions.ts';
import type { ReviewActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { sendEmailReminder } from './mail/send-reminder.ts';
import { reviewReminderMail } from './mail/templates.ts';
import { deliver } from './notification-activities.ts';

const isAddress = (text: string) => z.email().safeParse(text).success;

/** The review queue of a province and period, where the values wait. */
export function reviewLink(appUrl: string, provinceCode: string | null, periodKey: string | null): string {
  const url = new URL('review', appUrl.endsWith('/') ? appUrl : `${appUrl}/`);
  if (provinceCode) url.searchParams.set('province', provinceCode);
  if (periodKey) url.searchParams.set('period', periodKey);
  return url.toString();
}

export function reviewActivities(deps: ActivityDeps): ReviewActivities {
  const { db, logger } = deps;
  return {
    selectDocuments: (selection) => selectDocuments(db, selection),

    pendingReviews: ({ documentId }) => pendingReviewCount(db, documentId),

    async remindReviewers({ documentId, pending, escalated, escalatesAt }) {
      const { provinceCode, periodKey } = await pendingReviewCount(db, documentId);
      const reviewers = (provinceCode && deps.reviewers?.[provinceCode]) || [];
      const to = reviewers.length > 0 ? reviewers.join(', ') : 'no reviewer assigned';
      const message = `${escalated ? 'ESCALATED: ' : ''}document ${documentId} (${provinceCode ?? '?'} ${periodKey ?? '?'}): ${pending} values await review (${to})`;
      const today = vietnamDate(deps.now?.() ?? new Date());
      logger.warn({ documentId, pending, escalated, reviewers }, message);
      const outcome = await deliver(deps.webhookUrl, {
        kind: 'review_reminder',
        documentId,
        province: provinceCode,
        period: periodKey,
        pending,
        escalated,
        reviewers,
        message,
      });
      await recordNotification(db, {
        kind: 'review_reminder',
        channel: deps.webhookUrl ? 'webhook' : 'log',
        documentId,
        day: today,
        provinceCode,
        periodKey,
        message,
        ...outcome,
        ...(outcome.delivered !== null ? { attempts: 1, lastAttemptAt: new Date(), deliveredAt: outcome.delivered ? new Date() : null } : {}),
      });
      if (deps.mail) {
        // Once a day per document, however often review.reminderEveryHours reminds.
        const document = await getDocument(db, documentId);
        const province = provinceCode ? (provinces().find((p) => p.code === provinceCode) ?? null) : null;
        await sendEmailReminder(db, deps.mail.mailer, logger, {
          kind: 'review_reminder',
          key: `document-${documentId}`,
          day: today,
          provinceCode,
          periodKey,
          documentId,
          recipients: reviewers.filter(isAddress),
          noRecipients: `no reviewer e-mail address for province ${provinceCode ?? '(unknown)'} (review.reviewers)`,
          content: reviewReminderMail({
            province,
            periodLabel: document.periodLabel,
            documentName: document.originalName,
            pending,
            escalated,
            deadline: escalatesAt !== undefined ? vietnamDate(new Date(escalatesAt)) : null,
            link: reviewLink(deps.mail.appUrl, provinceCode, periodKey),
          }),
        });
      }
      return { reviewerCount: reviewers.length };
    },

    async retryReviewEmails({ asOf }) {
      const result = { retried: 0, delivered: 0 };
      if (!deps.mail) return result;
      const today = asOf ?? vietnamDate(deps.now?.() ?? new Date());
      for (const row of await undeliveredEmails(db, 'review_reminder', today)) {
        if (row.documentId === null) continue;
        const { pending, provinceCode } = await pendingReviewCount(db, row.documentId);
        // Decided since: the reminder has nothing left to say.
        if (pending === 0) continue;
        result.retried++;
        const outcome = await sendEmailReminder(db, deps.mail.mailer, logger, {
          kind: 'review_reminder',
          key: `document-${row.documentId}`,
          day: today,
          provinceCode: row.provinceCode,
          periodKey: row.periodKey,
          documentId: row.documentId,
          recipients: ((provinceCode && deps.reviewers?.[provinceCode]) || []).filter(isAddress),
          noRecipients: `no reviewer e-mail address for province ${provinceCode ?? '(unknown)'} (review.reviewers)`,
          content: { subject: row.subject ?? '', text: row.message, html: row.html ?? '' },
        });
        if (outcome === 'delivered') result.delivered++;
      }
      return result;
    },
  };
}
