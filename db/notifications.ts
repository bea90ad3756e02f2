import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { notifications, type NotificationRow } from './schema.ts';

type NewNotification = typeof notifications.$inferInsert;

export async function recordNotification(db: Database, row: NewNotification): Promise<NotificationRow> {
  const [inserted] = await db.insert(notifications).values(row).returning();
  return inserted!;
}

/**
 * The reminder of `row.onceKey`: inserted now (isNew), or the one already there (a run earlier
 * the same day, or another worker at the same moment: the unique key decides, not a read).
 */
export async function claimReminder(db: Database, row: NewNotification & { onceKey: string }): Promise<{ row: NotificationRow; isNew: boolean }> {
  const [inserted] = await db.insert(notifications).values(row).onConflictDoNothing({ target: notifications.onceKey }).returning();
  if (inserted) return { row: inserted, isNew: true };
  const [existing] = await db.select().from(notifications).where(eq(notifications.onceKey, row.onceKey));
  if (!existing) throw new Error(`notification ${row.onceKey} was neither inserted nor found`);
  return { row: existing, isNew: false };
}

/** An attempt not finished after this long (its process died) no longer holds the notification. */
export const SENDING_LEASE_MINUTES = 10;

/**
 * Takes the notification for one delivery attempt: false when it was delivered, or another run
 * is sending it right now. The update decides, so two workers never both send it.
 */
export async function beginAttempt(db: Database, id: number): Promise<boolean> {
  const taken = await db
    .update(notifications)
    .set({ sendingSince: sql`now()` })
    .where(
      and(
        eq(notifications.id, id),
        sql`${notifications.delivered} is not true`,
        or(isNull(notifications.sendingSince), sql`${notifications.sendingSince} < now() - make_interval(mins => ${SENDING_LEASE_MINUTES})`),
      ),
    )
    .returning({ id: notifications.id });
  return taken.length > 0;
}

/** What one delivery attempt of a notification came to. */
export async function recordAttempt(db: Database, id: number, outcome: { delivered: boolean; error: string | null; recipients?: string[] }): Promise<void> {
  await db
    .update(notifications)
    .set({
      delivered: outcome.delivered,
      error: outcome.error,
      ...(outcome.recipients ? { recipients: outcome.recipients } : {}),
      attempts: sql`${notifications.attempts} + 1`,
      lastAttemptAt: sql`now()`,
      deliveredAt: outcome.delivered ? sql`now()` : null,
      sendingSince: null,
    })
    .where(eq(notifications.id, id));
}

/** E-mails of a kind for a day that have not gone out (failed, or never tried). */
export async function undeliveredEmails(db: Database, kind: NotificationRow['kind'], day: string): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.channel, 'email'),
        eq(notifications.kind, kind),
        eq(notifications.day, day),
        or(eq(notifications.delivered, false), isNull(notifications.delivered)),
      ),
    )
    .orderBy(notifications.id);
}

export async function listNotifications(db: Database, periodKey?: string): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(periodKey ? eq(notifications.periodKey, periodKey) : undefined)
    .orderBy(notifications.id);
}
