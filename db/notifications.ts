import { and, eq, gte } from 'drizzle-orm';
import type { Database } from './client.ts';
import { notifications, type NotificationRow } from './schema.ts';

type Kind = NotificationRow['kind'];

export async function notifiedSince(db: Database, kind: Kind, periodKey: string, since: Date): Promise<Set<string>> {
  const rows = await db
    .select({ provinceCode: notifications.provinceCode })
    .from(notifications)
    .where(and(eq(notifications.kind, kind), eq(notifications.periodKey, periodKey), gte(notifications.createdAt, since)));
  return new Set(rows.flatMap((r) => (r.provinceCode ? [r.provinceCode] : [])));
}

export async function recordNotification(db: Database, row: { kind: Kind; provinceCode: string | null; periodKey: string | null; message: string; delivered: boolean | null; error: string | null }): Promise<void> {
  await db.insert(notifications).values(row);
}

export async function listNotifications(db: Database, periodKey?: string): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(periodKey ? eq(notifications.periodKey, periodKey) : undefined).orderBy(notifications.id);
}
