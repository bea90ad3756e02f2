// Selecting documents for a re-run, and reminding reviewers of flagged values.
import { recordNotification } from '../db/notifications.ts';
import { pendingReviewCount, selectDocuments } from '../db/review.ts';
import type { ReviewActivities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { deliver } from './notification-activities.ts';

export function reviewActivities(deps: ActivityDeps): ReviewActivities {
  const { db, logger } = deps;
  return {
    selectDocuments: (selection) => selectDocuments(db, selection),

    pendingReviews: ({ documentId }) => pendingReviewCount(db, documentId),

    async remindReviewers({ documentId, pending, escalated }) {
      const { provinceCode, periodKey } = await pendingReviewCount(db, documentId);
      const reviewers = (provinceCode && deps.reviewers?.[provinceCode]) || [];
      const to = reviewers.length > 0 ? reviewers.join(', ') : 'no reviewer assigned';
      const message = `${escalated ? 'ESCALATED: ' : ''}document ${documentId} (${provinceCode ?? '?'} ${periodKey ?? '?'}): ${pending} values await review (${to})`;
      logger.warn({ documentId, pending, escalated, reviewers }, message);
      const outcome = await deliver(deps.webhookUrl, { kind: 'review_reminder', documentId, province: provinceCode, period: periodKey, pending, escalated, reviewers, message });
      await recordNotification(db, { kind: 'review_reminder', provinceCode, periodKey, message, ...outcome });
      return { reviewers };
    },
  };
}
