// Login sessions. The browser holds a random 32-byte token; the table holds only its SHA-256,
// so reading the table (a backup, a log of queries) does not let anyone log in.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { sessions, users } from './schema.ts';
import { provincesOf, toAppUser, type AppUser } from './users.ts';

export interface SessionPolicy {
  /** Absolute lifetime of a session. */
  maxAgeMs: number;
  /** A session unused this long ends. */
  idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { maxAgeMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

/** last_seen_at is written at most this often, so browsing does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  /** The cookie value (base64url). Shown once; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface CurrentSession {
  /** The stored id (the token's hash). */
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: AppUser;
  /** The account logged in with a temporary password: it must choose its own first. */
  mustChangePassword: boolean;
}

export const sessionIdOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const randomToken = (): string => randomBytes(32).toString('base64url');

export async function createSession(db: Database, userId: number, policy: SessionPolicy = DEFAULT_SESSION_POLICY, now = new Date()): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + policy.maxAgeMs);
  await db.insert(sessions).values({ id: sessionIdOf(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** The session of a cookie token, or null when it is unknown, expired, idle too long, or its account disabled. */
export async function lookupSession(
  db: Database,
  token: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  now = new Date(),
): Promise<CurrentSession | null> {
  // Tokens we issue are 43 characters of base64url; anything else is not worth a query.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const [row] = await db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(sessions.userId, users.id)).where(eq(sessions.id, id));
  if (!row) return null;
  const { session, user } = row;
  if (user.disabled || session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() >= policy.idleMs) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  return {
    id,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    user: toAppUser(user, await provincesOf(db, user.id)),
    mustChangePassword: user.mustChangePassword,
  };
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionIdOf(token)));
}

/** Ends every session of a user (their account was disabled, or their password changed), but `keep`; returns how many. */
export async function deleteUserSessions(db: Database, userId: number, keep?: string): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return gone.length;
}

/** Open sessions per user (expired ones not yet removed are not counted). */
export async function openSessionCounts(db: Database, policy: SessionPolicy = DEFAULT_SESSION_POLICY, now = new Date()): Promise<Map<number, number>> {
  const rows = await db
    .select({ userId: sessions.userId, n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs))))
    .groupBy(sessions.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

/** Removes sessions past their end or idle too long; returns how many. */
export async function deleteExpiredSessions(db: Database, policy: SessionPolicy = DEFAULT_SESSION_POLICY, now = new Date()): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs))))
    .returning({ id: sessions.id });
  return gone.length;
}
