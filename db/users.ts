// Accounts of the review application: creating them, checking passwords, and which provinces
// a reviewer answers for.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { appendAudit } from './audit.ts';
import type { Database } from './client.ts';
import { provinces, sessions, userProvinces, users, type UserRole, type UserRow } from './schema.ts';

/** A person as the application sees them once logged in: never the password hash. */
export interface AppUser {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  /** Province codes a reviewer may decide, or the one a submitter reports for; empty for the other roles. */
  provinces: string[];
}

/** What was wrong with a request about an account, for the caller to word in its reader's language. */
export type UserErrorCode = 'username' | 'password' | 'provinces' | 'provincesForReviewers' | 'oneProvince' | 'role' | 'exists' | 'notFound' | 'lastAdmin';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A request the caller can correct (bad name, short password, unknown province, taken name). */
export class UserInputError extends Error {
  constructor(
    message: string,
    readonly code: UserErrorCode = 'username',
    /** The name, codes or number the message is about. */
    readonly subject: string = '',
  ) {
    super(message);
  }
}
export class UserExistsError extends UserInputError {}
export class UserNotFoundError extends UserInputError {}

export const USER_ROLES: readonly UserRole[] = ['reviewer', 'analyst', 'admin', 'submitter'];

/** Roles that come with provinces: a reviewer's (any number), a submitter's (exactly one). */
export function hasProvinces(role: UserRole): boolean {
  return role === 'reviewer' || role === 'submitter';
}

/** Refuses provinces a role does not take: none for analysts and admins, exactly one for a submitter. */
function checkProvincesForRole(role: UserRole, codes: string[], username = ''): void {
  if (codes.length > 0 && !hasProvinces(role)) throw new UserInputError('only reviewers and submitters are assigned provinces', 'provincesForReviewers');
  if (role === 'submitter' && codes.length !== 1)
    throw new UserInputError(
      `a submitter reports for exactly one province${username ? ` (${username})` : ''}: give one province code`,
      'oneProvince',
      codes.join(', '),
    );
}
export const MIN_PASSWORD_LENGTH = 10;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

export function checkUsername(username: string): string {
  const name = normalizeUsername(username);
  if (!USERNAME.test(name))
    throw new UserInputError(`username "${username}": 2 to 64 letters a-z, digits, ".", "_" or "-", starting with a letter or digit`, 'username', username);
  return name;
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new UserInputError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
}

/** Argon2id with the library's defaults (19 MiB, 2 passes: the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

async function checkProvinces(db: Database, codes: string[]): Promise<string[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const known = new Set((await db.select({ code: provinces.code }).from(provinces).where(inArray(provinces.code, wanted))).map((p) => p.code));
  const unknown = wanted.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new UserInputError(`not a province code: ${unknown.join(', ')} (two digits, e.g. 80 for Tây Ninh)`, 'provinces', unknown.join(', '));
  return wanted.sort();
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  role: UserRole;
  provinces?: string[];
}

/** Who does an administrative action, for the audit: a logged-in administrator, or the command line ("cli"). */
export interface Actor {
  actor: string;
  actorId: number | null;
}

const target = (row: Pick<UserRow, 'id' | 'username'>) => ({ type: 'user' as const, id: row.id, name: row.username });

/** Creates an account; with `by`, the creation is appended to the audit in the same transaction. */
export async function createUser(db: Database, input: NewUser, by?: Actor): Promise<AppUser> {
  const username = checkUsername(input.username);
  if (!USER_ROLES.includes(input.role)) throw new UserInputError(`role "${input.role}": one of ${USER_ROLES.join(', ')}`, 'role', input.role);
  checkPassword(input.password);
  const codes = await checkProvinces(db, input.provinces ?? []);
  checkProvincesForRole(input.role, codes, username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username, displayName: input.displayName?.trim() || username, passwordHash, role: input.role })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) throw new UserExistsError(`a user named "${username}" already exists`, 'exists', username);
    if (codes.length > 0) await tx.insert(userProvinces).values(codes.map((provinceCode) => ({ userId: row.id, provinceCode })));
    if (by) await appendAudit(tx, { ...by, action: 'user.create', target: target(row), details: { role: row.role, provinces: codes } });
    return toAppUser(row, codes);
  });
}

/** Replaces a reviewer's provinces (a submitter's one province) with `codes`. */
export async function setUserProvinces(db: Database, userId: number, codes: string[], by?: Actor): Promise<AppUser> {
  const wanted = await checkProvinces(db, codes);
  return db.transaction(async (tx) => {
    // Locked so two admins assigning at once end with one of their lists, not a mixture.
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!row) throw new UserNotFoundError(`no user with id ${userId}`, 'notFound', String(userId));
    if (!hasProvinces(row.role) && wanted.length > 0)
      throw new UserInputError(`${row.username} is an ${row.role}: only reviewers and submitters are assigned provinces`, 'provincesForReviewers');
    checkProvincesForRole(row.role, wanted, row.username);
    const before = await provincesOf(tx, userId);
    await tx.delete(userProvinces).where(eq(userProvinces.userId, userId));
    if (wanted.length > 0) await tx.insert(userProvinces).values(wanted.map((provinceCode) => ({ userId, provinceCode })));
    if (by) await appendAudit(tx, { ...by, action: 'user.provinces', target: target(row), details: { before, provinces: wanted } });
    return toAppUser(row, wanted);
  });
}

export async function provincesOf(db: Database | Transaction, userId: number): Promise<string[]> {
  const rows = await db
    .select({ code: userProvinces.provinceCode })
    .from(userProvinces)
    .where(eq(userProvinces.userId, userId))
    .orderBy(asc(userProvinces.provinceCode));
  return rows.map((r) => r.code);
}

export function toAppUser(row: Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>, codes: string[]): AppUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, provinces: codes };
}

export async function getUser(db: Database, id: number): Promise<AppUser | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? toAppUser(row, await provincesOf(db, id)) : null;
}

export interface ListedUser extends AppUser {
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}

export async function listUsers(db: Database): Promise<ListedUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.username));
  const assigned = await db.select().from(userProvinces).orderBy(asc(userProvinces.provinceCode));
  return rows.map((r) => ({
    ...toAppUser(
      r,
      assigned.filter((a) => a.userId === r.id).map((a) => a.provinceCode),
    ),
    disabled: r.disabled,
    mustChangePassword: r.mustChangePassword,
    createdAt: r.createdAt,
  }));
}

async function lockedUser(tx: Transaction, userId: number): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!row) throw new UserNotFoundError(`no user with id ${userId}`, 'notFound', String(userId));
  return row;
}

/** Refuses a change that would leave no enabled administrator (nobody could manage accounts any more). */
async function keepAnAdmin(tx: Transaction, row: UserRow): Promise<void> {
  if (row.role !== 'admin' || row.disabled) return;
  // Every enabled admin is locked, so two admins demoting each other at once cannot both pass.
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false)))
    .for('update');
  if (admins.filter((a) => a.id !== row.id).length === 0)
    throw new UserInputError(`${row.username} is the last enabled administrator`, 'lastAdmin', row.username);
}

/** A new role, and (reviewers and submitters) the provinces that come with it; returns the account before and after. */
export async function setUserRole(db: Database, userId: number, role: UserRole, codes: string[], by?: Actor): Promise<{ before: AppUser; after: AppUser }> {
  if (!USER_ROLES.includes(role)) throw new UserInputError(`role "${role}": one of ${USER_ROLES.join(', ')}`, 'role', role);
  const wanted = await checkProvinces(db, codes);
  checkProvincesForRole(role, wanted);
  return db.transaction(async (tx) => {
    const row = await lockedUser(tx, userId);
    if (role !== 'admin') await keepAnAdmin(tx, row);
    const before = toAppUser(row, await provincesOf(tx, userId));
    await tx.update(users).set({ role }).where(eq(users.id, userId));
    await tx.delete(userProvinces).where(eq(userProvinces.userId, userId));
    if (wanted.length > 0) await tx.insert(userProvinces).values(wanted.map((provinceCode) => ({ userId, provinceCode })));
    // One entry per thing that changed, so the audit can be filtered by either.
    if (by && before.role !== role) await appendAudit(tx, { ...by, action: 'user.role', target: target(row), details: { before: before.role, role } });
    if (by && before.provinces.join() !== wanted.join())
      await appendAudit(tx, { ...by, action: 'user.provinces', target: target(row), details: { before: before.provinces, provinces: wanted } });
    return { before, after: toAppUser({ ...row, role }, wanted) };
  });
}

/** Disables (its sessions end at once: lookupSession refuses them) or re-enables an account. */
export async function setUserDisabled(db: Database, userId: number, disabled: boolean, by?: Actor): Promise<AppUser> {
  return db.transaction(async (tx) => {
    const row = await lockedUser(tx, userId);
    if (disabled) await keepAnAdmin(tx, row);
    await tx.update(users).set({ disabled }).where(eq(users.id, userId));
    const ended = disabled ? (await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length : 0;
    if (by)
      await appendAudit(tx, { ...by, action: disabled ? 'user.disable' : 'user.enable', target: target(row), details: disabled ? { sessions: ended } : {} });
    return toAppUser(row, await provincesOf(tx, userId));
  });
}

/** Ends every session of an account (logged out everywhere); returns how many. */
export async function endUserSessions(db: Database, userId: number, by?: Actor): Promise<{ user: AppUser; ended: number }> {
  return db.transaction(async (tx) => {
    const row = await lockedUser(tx, userId);
    const ended = (await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length;
    if (by) await appendAudit(tx, { ...by, action: 'user.sessions_end', target: target(row), details: { sessions: ended } });
    return { user: toAppUser(row, await provincesOf(tx, userId)), ended };
  });
}

/** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 90 bits. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Replaces an account's password with a temporary one, returned once and never stored in
 * clear; the account must choose its own at the next login, and its sessions end.
 */
export async function resetPassword(db: Database, userId: number, by?: Actor): Promise<{ user: AppUser; password: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await lockedUser(tx, userId);
    await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId));
    const ended = (await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length;
    // The password itself is never recorded.
    if (by) await appendAudit(tx, { ...by, action: 'user.password_reset', target: target(row), details: { sessions: ended } });
    return { user: toAppUser(row, await provincesOf(tx, userId)), password };
  });
}

/** A person changing their own password: the current one is checked; other sessions end. */
export async function changePassword(db: Database, userId: number, current: string, next: string, keepSession: string): Promise<boolean> {
  checkPassword(next);
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row || !(await verify(row.passwordHash, current).catch(() => false))) return false;
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    const ended = (
      await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSession)))
        .returning({ id: sessions.id })
    ).length;
    await appendAudit(tx, { actor: row.username, actorId: row.id, action: 'user.password_change', target: target(row), details: { sessions: ended } });
  });
  return true;
}

// Verified against when the name is unknown, so a wrong name takes as long as a wrong password
// and response times do not tell which accounts exist.
let decoyHash: Promise<string> | undefined;

/** The user when the name and password match an enabled account; null otherwise (never says which part was wrong). */
export async function verifyLogin(db: Database, username: string, password: string): Promise<AppUser | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.username, normalizeUsername(username)));
  if (!row || row.disabled) {
    await verify(await (decoyHash ??= hashPassword('decoy password, never matches')), password).catch(() => false);
    return null;
  }
  const ok = await verify(row.passwordHash, password).catch(() => false);
  return ok ? toAppUser(row, await provincesOf(db, row.id)) : null;
}
