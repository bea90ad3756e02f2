// Reminding reviewers until a report's flagged values are all decided. Time is passed in, so
// the same logic runs under Temporal (durable timers, a signal) and in tests (a fake clock).
import type { Activities } from '../../activities/contract.ts';

export interface ReviewDeadlineInput {
  documentId: number;
  /** Hours between reminders. */
  reminderEveryHours: number;
  /** Reminders say "escalated" once this many days have passed since the first one. */
  escalateAfterDays: number;
  /** When the reminders started (ms since epoch); kept across continue-as-new. */
  startedAt?: number;
  /** Reminders sent before a continue-as-new. */
  remindersSoFar?: number;
}

export interface ReviewClock {
  now(): number;
  /** Waits up to `ms`; true when told early that the last value was decided. */
  waitForDecisionOr(ms: number): Promise<boolean>;
}

export type ReviewDeadlineResult =
  | { outcome: 'decided'; reminders: number; escalated: boolean }
  /** Keep going in a fresh run (history stays short); carries the state forward. */
  | { outcome: 'continue'; next: ReviewDeadlineInput };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Reminders per workflow run before it continues as new. */
export const REMINDERS_PER_RUN = 50;

export async function reviewDeadline(
  acts: Pick<Activities, 'pendingReviews' | 'remindReviewers'>,
  input: ReviewDeadlineInput,
  clock: ReviewClock,
): Promise<ReviewDeadlineResult> {
  const startedAt = input.startedAt ?? clock.now();
  let reminders = input.remindersSoFar ?? 0;
  let escalated = false;
  for (let inThisRun = 0; inThisRun < REMINDERS_PER_RUN; inThisRun++) {
    const { pending } = await acts.pendingReviews({ documentId: input.documentId });
    if (pending === 0) return { outcome: 'decided', reminders, escalated };
    escalated = clock.now() - startedAt >= input.escalateAfterDays * DAY;
    await acts.remindReviewers({ documentId: input.documentId, pending, escalated, escalatesAt: startedAt + input.escalateAfterDays * DAY });
    reminders++;
    // Woken early by the signal, the loop checks once more and ends when nothing is pending.
    await clock.waitForDecisionOr(input.reminderEveryHours * HOUR);
  }
  // Named field by field: the next run's input is kept in the history, and carries only ids and settings.
  const { documentId, reminderEveryHours, escalateAfterDays } = input;
  return { outcome: 'continue', next: { documentId, reminderEveryHours, escalateAfterDays, startedAt, remindersSoFar: reminders } };
}
