// Accounts of the review application: creating them, checking passwords, and which provinces
// a reviewer answers for.
import { hash, verify } from '@node-rs/argon2';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from './client.ts';
import { provinces, userProvinces, users, type UserRole, type UserRow } from './schema.ts';

/** A person as the application sees them once logged in: never the password hash. */
export interface AppUser {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  /** Province codes a reviewer may decide; empty for the other roles. */
  provinces: string[];
}

/** A request the caller can correct (bad name, short password, unknown province, taken name). */
export class UserInputError extends Error {}
export class UserExistsError extends UserInputError {}
export class UserNotFoundError extends UserInputError {}

export const USER_ROLES: readonly UserRole[] = ['reviewer', 'analyst', 'admin'];
export const MIN_PASSWORD_LENGTH = 10;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

export function checkUsername(username: string): string {
  const name = normalizeUsername(username);
  if (!USERNAME.test(name)) throw new UserInputError(`username "${username}": 2 to 64 letters a-z, digits, ".", "_" or "-", starting with a letter or digit`);
  return name;
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new UserInputError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
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
  if (unknown.length > 0) throw new UserInputError(`not a province code: ${unknown.join(', ')} (two digits, e.g. 80 for Tây Ninh)`);
  return wanted.sort();
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  role: UserRole;
  provinces?: string[];
}

export async function createUser(db: Database, input: NewUser): Promise<AppUser> {
  const username = checkUsername(input.username);
  if (!USER_ROLES.includes(input.role)) throw new UserInputError(`role "${input.role}": one of ${USER_ROLES.join(', ')}`);
  checkPassword(input.password);
  const codes = await checkProvinces(db, input.provinces ?? []);
  if (codes.length > 0 && input.role !== 'reviewer') throw new UserInputError('only reviewers are assigned provinces');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username, displayName: input.displayName?.trim() || username, passwordHash, role: input.role })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) throw new UserExistsError(`a user named "${username}" already exists`);
    if (codes.length > 0) await tx.insert(userProvinces).values(codes.map((provinceCode) => ({ userId: row.id, provinceCode })));
    return toAppUser(row, codes);
  });
}

/** Replaces a reviewer's provinces with `codes`. */
export async function setUserProvinces(db: Database, userId: number, codes: string[]): Promise<AppUser> {
  const wanted = await checkProvinces(db, codes);
  return db.transaction(async (tx) => {
    // Locked so two admins assigning at once end with one of their lists, not a mixture.
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!row) throw new UserNotFoundError(`no user with id ${userId}`);
    if (row.role !== 'reviewer' && wanted.length > 0) throw new UserInputError(`${row.username} is an ${row.role}: only reviewers are assigned provinces`);
    await tx.delete(userProvinces).where(eq(userProvinces.userId, userId));
    if (wanted.length > 0) await tx.insert(userProvinces).values(wanted.map((provinceCode) => ({ userId, provinceCode })));
    return toAppUser(row, wanted);
  });
}

export async function provincesOf(db: Database, userId: number): Promise<string[]> {
  const rows = await db.select({ code: userProvinces.provinceCode }).from(userProvinces).where(eq(userProvinces.userId, userId)).orderBy(asc(userProvinces.provinceCode));
  return rows.map((r) => r.code);
}

export function toAppUser(row: Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>, codes: string[]): AppUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, provinces: codes };
}

export async function getUser(db: Database, id: number): Promise<AppUser | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? toAppUser(row, await provincesOf(db, id)) : null;
}

export async function listUsers(db: Database): Promise<(AppUser & { disabled: boolean; createdAt: Date })[]> {
  const rows = await db.select().from(users).orderBy(asc(users.username));
  const assigned = await db.select().from(userProvinces).orderBy(asc(userProvinces.provinceCode));
  return rows.map((r) => ({ ...toAppUser(r, assigned.filter((a) => a.userId === r.id).map((a) => a.provinceCode)), disabled: r.disabled, createdAt: r.createdAt }));
}

// Verified against when the name is unknown, so a wrong name takes as long as a wrong password
// and response times do not tell which accounts exist.
let decoyHash: Promise<string> | undefined;

/** The user when the name and password match an enabled account; null otherwise (never says which part was wrong). */
export async function verifyLogin(db: Database, username: string, password: string): Promise<AppUser | null> {
  const [row] = await db.select().from(users).where(eq(users.username, normalizeUsername(username)));
  if (!row || row.disabled) {
    await verify(await (decoyHash ??= hashPassword('decoy password, never matches')), password).catch(() => false);
    return null;
  }
  const ok = await verify(row.passwordHash, password).catch(() => false);
  return ok ? toAppUser(row, await provincesOf(db, row.id)) : null;
}
