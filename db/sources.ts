// Sources and the entries they offer, with what each fetch left behind.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from './audit.ts';
import type { Database } from './client.ts';
import type { Actor } from './users.ts';
import { sourceEntries, sources, type EntryStatus, type NewSourceRow, type SourceEntryRow, type SourceRow } from './schema.ts';

export async function enabledSources(db: Database): Promise<SourceRow[]> {
  return db.select().from(sources).where(eq(sources.enabled, true)).orderBy(asc(sources.name));
}

export async function sourcesNamed(db: Database, names: string[]): Promise<SourceRow[]> {
  if (names.length === 0) return [];
  return db.select().from(sources).where(inArray(sources.name, names)).orderBy(asc(sources.name));
}

export async function allSources(db: Database): Promise<SourceRow[]> {
  return db.select().from(sources).orderBy(asc(sources.name));
}

export async function getSource(db: Database, id: number): Promise<SourceRow> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) throw new Error(`no source with id ${id}`);
  return row;
}

/** Creates or updates sources by name (what a sources file describes). */
export async function upsertSources(db: Database, rows: NewSourceRow[]): Promise<SourceRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(sources)
    .values(rows)
    .onConflictDoUpdate({
      target: sources.name,
      set: {
        provinceCode: sql`excluded.province_code`,
        kind: sql`excluded.kind`,
        location: sql`excluded.location`,
        schedule: sql`excluded.schedule`,
        enabled: sql`excluded.enabled`,
      },
    })
    .returning();
}

/** Names of upload sources; the sources file may not use the prefix. */
export const UPLOAD_PREFIX = 'upload-';

/** The upload source of a province (created on first use): where `baocao add` files belong. */
export async function uploadSource(db: Database, provinceCode: string | null): Promise<SourceRow> {
  const name = `${UPLOAD_PREFIX}${provinceCode ?? 'any'}`;
  await db
    .insert(sources)
    .values({ name, provinceCode, kind: 'upload', location: 'uploaded by hand', enabled: false })
    .onConflictDoNothing({ target: sources.name });
  const [row] = await db
    .select()
    .from(sources)
    .where(and(eq(sources.name, name), eq(sources.kind, 'upload')));
  if (!row) throw new Error(`source "${name}" exists but is not an upload source; rename it in the sources file`);
  return row;
}

export async function recordSourceChecked(db: Database, sourceId: number, error: string | null): Promise<void> {
  await db.update(sources).set({ lastCheckedAt: new Date(), lastError: error }).where(eq(sources.id, sourceId));
}

export async function findEntry(db: Database, sourceId: number, locator: string): Promise<SourceEntryRow | null> {
  const [row] = await db
    .select()
    .from(sourceEntries)
    .where(and(eq(sourceEntries.sourceId, sourceId), eq(sourceEntries.locator, locator)));
  return row ?? null;
}

export interface EntryUpdate {
  title?: string | null;
  status: EntryStatus;
  error?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  sha256?: string;
  documentId?: number;
  fetched?: boolean;
}

export async function recordEntry(db: Database, sourceId: number, locator: string, update: EntryUpdate): Promise<void> {
  const now = new Date();
  const values = {
    status: update.status,
    error: update.error ?? null,
    lastCheckedAt: now,
    ...(update.title !== undefined ? { title: update.title } : {}),
    ...(update.etag !== undefined ? { etag: update.etag } : {}),
    ...(update.lastModified !== undefined ? { lastModified: update.lastModified } : {}),
    ...(update.sha256 !== undefined ? { sha256: update.sha256 } : {}),
    ...(update.documentId !== undefined ? { documentId: update.documentId } : {}),
    ...(update.fetched ? { fetchedAt: now } : {}),
  };
  await db
    .insert(sourceEntries)
    .values({ sourceId, locator, ...values })
    .onConflictDoUpdate({ target: [sourceEntries.sourceId, sourceEntries.locator], set: values });
}

/** Turns a source on or off (a disabled source is left out of the nightly run), on the audit. */
export async function setSourceEnabled(db: Database, sourceId: number, enabled: boolean, by: Actor): Promise<SourceRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(sources).set({ enabled }).where(eq(sources.id, sourceId)).returning();
    if (!row) return null;
    await appendAudit(tx, {
      ...by,
      action: enabled ? 'source.enable' : 'source.disable',
      target: { type: 'source', id: row.id, name: row.name },
      provinceCode: row.provinceCode,
    });
    return row;
  });
}

export interface SourceOverview extends SourceRow {
  /** Files the source offered so far, and how many of them failed the last time. */
  entries: number;
  failedEntries: number;
}

/** Every source with its files counted: the administration page's list. */
export async function sourceOverview(db: Database): Promise<SourceOverview[]> {
  const rows = await allSources(db);
  const counts = await db
    .select({
      sourceId: sourceEntries.sourceId,
      entries: sql<number>`count(*)::int`,
      failed: sql<number>`count(*) filter (where ${sourceEntries.status} = 'failed')::int`,
    })
    .from(sourceEntries)
    .groupBy(sourceEntries.sourceId);
  const bySource = new Map(counts.map((c) => [c.sourceId, c]));
  return rows.map((r) => ({ ...r, entries: Number(bySource.get(r.id)?.entries ?? 0), failedEntries: Number(bySource.get(r.id)?.failed ?? 0) }));
}
