// The db/ layer against both engines: a real Postgres (a fresh database per run) and an
// embedded PGlite in a temporary directory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinces as catalogueProvinces } from '../../extractors/catalogue.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { documents, extractedValues, extractionRuns, indicators, provinceAliases, provinces, publishedValues, reviewDecisions } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** Every migration drizzle-kit has written (db/migrations/meta/_journal.json). */
const MIGRATION_COUNT = (JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries
  .length;

const TABLES = [
  'documents',
  'extracted_values',
  'extraction_runs',
  'indicators',
  'province_aliases',
  'provinces',
  'published_values',
  'review_decisions',
  'sources',
];

/** The Postgres error behind a failed drizzle query (drizzle wraps it as `cause`). */
async function dbError(promise: Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    let e: unknown = error;
    while (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
        return { code, message: e.message, constraint: (e as { constraint?: string }).constraint };
      }
      e = e.cause;
    }
    throw new Error(`expected a database error, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the query to fail, but it succeeded');
}

let sha = 0;
function nextSha(): string {
  sha += 1;
  return sha.toString(16).padStart(64, '0');
}

async function insertDocument(db: Database) {
  const [doc] = await db
    .insert(documents)
    .values({ sha256: nextSha(), originalName: 'bc.pdf', mediaType: 'application/pdf', bytes: 1234, storageKey: 'ab/cd' })
    .returning();
  return doc!;
}

async function insertRun(db: Database, documentId: number, isCurrent: boolean) {
  const [run] = await db
    .insert(extractionRuns)
    .values({ documentId, trigger: 'manual', rulesVersion: 'r1', isCurrent, extractorConfig: { rules: 'r1' } })
    .returning();
  return run!;
}

async function insertValue(db: Database, runId: number, value: string) {
  const [row] = await db
    .insert(extractedValues)
    .values({
      runId,
      indicatorId: 'NV01',
      value,
      unit: 'nhiệm vụ',
      rawText: value,
      evidence: `có ${value} nhiệm vụ`,
      page: 1,
      confidence: 0.9,
      extractor: 'rules',
      status: 'auto_accepted',
    })
    .returning();
  return row!;
}

/** The checks every engine must pass, on a migrated and seeded handle. */
function sharedChecks(name: string, get: () => DatabaseHandle) {
  describe(`${name}: schema, seed and constraints`, () => {
    it('creates every table', async () => {
      const { rows } = await get().db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(TABLES));
    });

    it('seeds 34 provinces and 65 indicators', async () => {
      const { db } = get();
      expect(await db.$count(provinces)).toBe(34);
      expect(await db.$count(indicators)).toBe(65);
      const nv01 = await db.select().from(indicators).where(eq(indicators.id, 'NV01'));
      expect(nv01[0]).toMatchObject({ groupId: 'nhiem_vu', unit: 'nhiệm vụ', kind: 'count', measure: 'stock' });
    });

    it('resolves every old province name to the unit that absorbed it', async () => {
      const { db } = get();
      const aliases = new Map((await db.select().from(provinceAliases)).map((a) => [a.alias, a]));
      for (const unit of catalogueProvinces()) {
        for (const old of unit.formedFrom) {
          expect(aliases.get(old.name), old.name).toMatchObject({ provinceCode: unit.code, oldCode: old.code });
        }
        expect(aliases.get(unit.name)?.provinceCode, unit.name).toBe(unit.code);
        expect(aliases.get(unit.shortName)?.provinceCode, unit.shortName).toBe(unit.code);
      }
      expect(aliases.get('Quảng Bình')).toMatchObject({ provinceCode: '44', oldCode: '44' });
      expect(aliases.get('Bình Dương')).toMatchObject({ provinceCode: '79', oldCode: '74' });
      expect(aliases.get('Hà Giang')).toMatchObject({ provinceCode: '08', oldCode: '02' });
      expect(aliases.get('Bắc Giang')).toMatchObject({ provinceCode: '24', oldCode: '24' });
      expect(aliases.get('Thừa Thiên Huế')).toMatchObject({ provinceCode: '46', oldCode: '46' });
      expect(aliases.get('Thành phố Huế')).toMatchObject({ provinceCode: '46', oldCode: '46' });
      expect(aliases.get('Bắc Ninh')).toMatchObject({ provinceCode: '24', oldCode: '27' });
      // Stored NFC: a decomposed spelling must be normalised before lookup.
      expect(aliases.has('Quảng Bình'.normalize('NFD'))).toBe(false);
    });

    it('applies nothing when migrated again', async () => {
      expect(await migrateDatabase(get())).toEqual({ applied: 0 });
    });

    it('keeps the counts when seeded again', async () => {
      const { db } = get();
      const aliasesBefore = await db.$count(provinceAliases);
      const again = await seedCatalogue(db);
      expect(again).toEqual({ provinces: 34, aliases: aliasesBefore, indicators: 65 });
      expect(await db.$count(provinces)).toBe(34);
      expect(await db.$count(provinceAliases)).toBe(aliasesBefore);
      expect(await db.$count(indicators)).toBe(65);
    });

    it('rejects a second document with the same sha256', async () => {
      const { db } = get();
      const doc = await insertDocument(db);
      expect(doc.status).toBe('fetched');
      const error = await dbError(
        db.insert(documents).values({ sha256: doc.sha256, originalName: 'x.pdf', mediaType: 'application/pdf', bytes: 1, storageKey: 'x' }),
      );
      expect(error.code).toBe('23505');
      expect(error.message).toContain('documents_sha256_unique');
    });

    it('allows many runs per document but only one current run', async () => {
      const { db } = get();
      const doc = await insertDocument(db);
      await insertRun(db, doc.id, false);
      await insertRun(db, doc.id, false);
      const current = await insertRun(db, doc.id, true);
      expect(current).toMatchObject({ status: 'running', tokensIn: 0, tokensOut: 0, cost: '0.000000' });
      const error = await dbError(insertRun(db, doc.id, true));
      expect(error.code).toBe('23505');
      expect(error.message).toContain('extraction_runs_one_current_idx');
      // Moving "current" to another run works in one transaction: clear, then set.
      const next = await insertRun(db, doc.id, false);
      await db.transaction(async (tx) => {
        await tx.update(extractionRuns).set({ isCurrent: false }).where(eq(extractionRuns.id, current.id));
        await tx.update(extractionRuns).set({ isCurrent: true }).where(eq(extractionRuns.id, next.id));
      });
      const currents = await db.select().from(extractionRuns).where(sql`${extractionRuns.documentId} = ${doc.id} and ${extractionRuns.isCurrent}`);
      expect(currents.map((r) => r.id)).toEqual([next.id]);
    });

    it('keeps review_decisions append-only', async () => {
      const { db } = get();
      const doc = await insertDocument(db);
      const run = await insertRun(db, doc.id, false);
      const value = await insertValue(db, run.id, '12');
      const [decision] = await db
        .insert(reviewDecisions)
        .values({ valueId: value.id, reviewer: 'lan', action: 'correct', oldValue: '12', newValue: '21' })
        .returning();
      expect(decision).toMatchObject({ oldValue: '12', newValue: '21' });

      const update = await dbError(db.update(reviewDecisions).set({ comment: 'edited' }).where(eq(reviewDecisions.id, decision!.id)));
      expect(update.message).toMatch(/append-only: UPDATE/);
      const remove = await dbError(db.delete(reviewDecisions).where(eq(reviewDecisions.id, decision!.id)));
      expect(remove.message).toMatch(/append-only: DELETE/);
      expect(await db.$count(reviewDecisions, eq(reviewDecisions.id, decision!.id))).toBe(1);
    });

    it('round-trips numeric values exactly', async () => {
      const { db } = get();
      const doc = await insertDocument(db);
      const run = await insertRun(db, doc.id, false);
      const exact = '12345678901234.56789';
      const stored = await insertValue(db, run.id, exact);
      const [read] = await db.select().from(extractedValues).where(eq(extractedValues.id, stored.id));
      expect(read!.value).toBe(exact);
      expect(read!.reasons).toEqual([]);

      const [published] = await db
        .insert(publishedValues)
        .values({
          provinceCode: '79',
          periodKey: '2025-H1',
          periodStart: '2025-01-01',
          periodEnd: '2025-06-30',
          indicatorId: 'NV01',
          value: exact,
          unit: 'nhiệm vụ',
          runId: run.id,
          valueId: stored.id,
        })
        .returning();
      expect(published).toMatchObject({ value: exact, periodStart: '2025-01-01', periodEnd: '2025-06-30' });

      const flagged = await insertValue(db, run.id, '0.000000000000000000001');
      await db
        .update(extractedValues)
        .set({ status: 'flagged', reasons: ['quote_not_found', 'low_confidence'] })
        .where(eq(extractedValues.id, flagged.id));
      const [reread] = await db.select().from(extractedValues).where(eq(extractedValues.id, flagged.id));
      expect(reread).toMatchObject({ value: '0.000000000000000000001', status: 'flagged', reasons: ['quote_not_found', 'low_confidence'] });

      const duplicate = await dbError(
        db.insert(publishedValues).values({
          provinceCode: '79',
          periodKey: '2025-H1',
          periodStart: '2025-01-01',
          periodEnd: '2025-06-30',
          indicatorId: 'NV01',
          value: '1',
          unit: 'nhiệm vụ',
          runId: run.id,
          valueId: flagged.id,
        }),
      );
      expect(duplicate.code).toBe('23505');
    });
  });
}

describe('Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('opens with a redacted location', () => {
    expect(t.handle.driver).toBe('pg');
    expect(t.handle.location).toMatch(/^postgres(ql)?:\/\/[^:@/]+@[^/]+\/baocao_t_[0-9a-f]+$/);
  });

  sharedChecks('Postgres', () => t.handle);

  it('migrates concurrently from two handles on one fresh database', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    const other = await openDatabase({ url: fresh.url });
    try {
      const results = await Promise.all([migrateDatabase(fresh.handle), migrateDatabase(other)]);
      expect(results.map((r) => r.applied).sort()).toEqual([0, MIGRATION_COUNT]);
      // Both handles see a usable schema afterwards.
      expect(await seedCatalogue(other.db)).toMatchObject({ provinces: 34, indicators: 65 });
      expect(await fresh.handle.db.$count(provinces)).toBe(34);
    } finally {
      await other.close();
      await fresh.drop();
    }
  });

  it('reports a connection failure clearly, without the password', async () => {
    const error = await openDatabase({ url: 'postgres://someone:s3cret@127.0.0.1:1/nowhere' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe('cannot connect to Postgres at postgres://someone@127.0.0.1:1/nowhere: ECONNREFUSED');
  });
});

describe('PGlite', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baocao-pglite-'));
    handle = await openDatabase({ dataDir: join(dir, 'data') });
    expect(await migrateDatabase(handle)).toEqual({ applied: MIGRATION_COUNT });
    expect(await seedCatalogue(handle.db)).toMatchObject({ provinces: 34, indicators: 65 });
  });
  afterAll(async () => {
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens in the given data directory', () => {
    expect(handle.driver).toBe('pglite');
    expect(handle.location).toBe(join(dir, 'data'));
  });

  sharedChecks('PGlite', () => handle);

  it('persists across reopening: nothing to migrate, data still there', async () => {
    await handle.close();
    handle = await openDatabase({ dataDir: join(dir, 'data') });
    expect(await migrateDatabase(handle)).toEqual({ applied: 0 });
    expect(await handle.db.$count(provinces)).toBe(34);
  });
});
