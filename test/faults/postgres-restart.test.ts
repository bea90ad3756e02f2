// Postgres restarted in the middle of a run, for real: a private cluster (the shared server on
// 5432 serves other test files at the same time) is stopped with `pg_ctl stop -m fast` while
// a report is being stored, and started again. The run must go on, leave every document
// either fully stored or left for the next run, and a second run must end where a run
// without the restart ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedCatalogue } from '../../db/seed.ts';
import { upsertSources } from '../../db/sources.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { ingestFolder } from '../../workflows/core/ingest-folder.ts';
import { ingestSources, type SourcesSummary } from '../../workflows/core/ingest-sources.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { activitiesOn, halfWritten, reportsDir, snapshot, until, withoutUnhandledErrors, type Snapshot } from './support.ts';

const available = await privatePostgresAvailable();
if (!available.ok) console.log(`postgres restart tests skipped: ${available.reason}`);

describe.skipIf(!available.ok)('Postgres restarted during a run', () => {
  let server: PrivatePostgres;
  let portal: PortalSimulator;
  let work: string;
  /** The nightly run with nothing going wrong: where every faulted run must end. */
  let baseline: Snapshot;

  /** Sources handled at once: each has at most one statement in flight. */
  const lanes = 2;
  const nightly = (db: DatabaseHandle['db'], store: string) => ingestSources(activitiesOn(db, join(work, store)), { trigger: 'nightly', concurrency: lanes });

  async function prepare(url: string, reconnectWithinMs?: number): Promise<DatabaseHandle> {
    const handle = await openDatabase({ url, ...(reconnectWithinMs !== undefined ? { reconnectWithinMs } : {}) });
    await migrateDatabase(handle);
    await seedCatalogue(handle.db);
    const codes = [...new Set(portal.reports.map((r) => r.province))];
    await upsertSources(
      handle.db,
      codes.map((code) => ({ name: `portal-${code}`, provinceCode: code, kind: 'http' as const, location: portal.indexUrl(code) })),
    );
    return handle;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'baocao-restart-'));
    portal = await startPortalSimulator({ reportsDir, indexStyle: { '48': 'json' } });
    server = await startPrivatePostgres();
    const reference: TestDatabase = await createTestDatabase();
    try {
      const handle = await prepare(reference.url);
      try {
        expect((await nightly(handle.db, 'reference-store')).failed).toBe(0);
        baseline = await snapshot(handle.db);
      } finally {
        await handle.close();
      }
    } finally {
      await reference.drop();
    }
    expect(baseline.documents).toHaveLength(portal.reports.length);
  });

  afterAll(async () => {
    await portal?.close();
    await server?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /**
   * Sessions of our own on the database: `watcher` sees what the run is doing, `holder` holds
   * it at the right moment (a separate session: inside a transaction pg_stat_activity does not
   * change). The restart ends both, which they ignore.
   */
  async function sessions(database: string) {
    const watcher = new pg.Client({ connectionString: server.url(database) });
    const holder = new pg.Client({ connectionString: server.url(database) });
    watcher.on('error', () => {});
    holder.on('error', () => {});
    await watcher.connect();
    await holder.connect();
    return {
      /**
       * Holds the run where a restart hurts most, with two reports stored first: storing writes
       * extraction_runs inside its transaction, so with that table locked a report waits there
       * with its transaction open. The lock is taken as soon as the run starts and let go one
       * waiting report at a time until two are stored: waiting for two stored reports and only
       * then locking lost the race when parsing was fast and every report was stored first.
       */
      async holdWhileStoring(): Promise<void> {
        const stored = async () => Number((await watcher.query(`select count(*) as n from documents where status = 'extracted'`)).rows[0].n);
        const waiting = async () => {
          const { rows } = await watcher.query(
            `select count(*) as n from pg_stat_activity where pid <> pg_backend_pid() and wait_event_type = 'Lock' and xact_start is not null and query ilike '%extraction_runs%'`,
          );
          return Number(rows[0].n) > 0;
        };
        await holder.query('begin; lock table extraction_runs in exclusive mode');
        await until('a report waiting to be stored inside its transaction', waiting);
        while ((await stored()) < 2) {
          // Let the waiting report through, and lock again behind it.
          await holder.query('commit; begin; lock table extraction_runs in exclusive mode');
          await until('a report waiting to be stored inside its transaction', waiting);
        }
      },
      async end() {
        await watcher.end().catch(() => {});
        await holder.end().catch(() => {});
      },
    };
  }

  async function restart(downMs: number): Promise<void> {
    await server.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await server.start();
  }

  it('a nightly run survives a restart while a report is being stored; the next run finishes the work', async () => {
    const handle = await prepare(await server.createDatabase('nightly'));
    const own = await sessions('nightly');
    try {
      const { result: first, unhandled } = await withoutUnhandledErrors(async () => {
        const run = nightly(handle.db, 'store');
        // Its outcome is awaited below; a rejection meanwhile is a failure there, not an unhandled one.
        run.catch(() => {});
        await own.holdWhileStoring();
        // Down long enough for the run to meet refused connections, not only killed ones:
        // those wait for the server (db/client.ts reconnectWithinMs).
        await restart(1_500);
        return run;
      });
      expect(unhandled.map(String)).toEqual([]);

      // The run went on: every source was listed, only what was in flight when the server
      // stopped failed (at most one statement per lane), each for one document, with a reason
      // a person can read (not a SQL statement).
      expect(first.sources.map((s) => s.status)).toEqual(first.sources.map(() => 'listed'));
      const failures = failedItems(first);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.length).toBeLessThanOrEqual(lanes);
      for (const reason of failures) {
        expect(reason).toMatch(/terminat|connection|shut ?down|starting up/i);
        expect(reason).not.toMatch(/Failed query/);
      }
      await expectStoredWholeOrLeft(handle, baseline);

      const second = await nightly(handle.db, 'store');
      expect(second.failed).toBe(0);
      expect(await halfWritten(handle.db)).toEqual([]);
      expect(await snapshot(handle.db)).toEqual(baseline);
    } finally {
      await own.end();
      await handle.close();
    }
  }, 120_000);

  it('a folder ingest survives the server staying down longer than reconnecting waits; the next ingest finishes the work', async () => {
    // Connections are given up on after 200 ms, so while the server is down every step
    // fails, recording the failure included.
    const handle = await prepare(await server.createDatabase('folder'), 200);
    const own = await sessions('folder');
    const expected: Snapshot = { ...baseline, documents: baseline.documents.map((d) => ({ ...d, source: null })) };
    const ingest = () => ingestFolder(activitiesOn(handle.db, join(work, 'folder-store')), { dir: reportsDir, trigger: 'ingest', concurrency: 2 });
    try {
      const { result: first, unhandled } = await withoutUnhandledErrors(async () => {
        const run = ingest();
        run.catch(() => {});
        await own.holdWhileStoring();
        await restart(2_000);
        return run;
      });
      expect(unhandled.map(String)).toEqual([]);
      expect(first.files).toHaveLength(expected.documents.length);
      expect(first.failed).toBeGreaterThan(0);
      for (const file of first.files) {
        if (file.status === 'unreadable') expect(file.reason).toMatch(/ECONNREFUSED|terminat|connect|shut ?down|starting up/i);
        if (file.status === 'processed' && file.report.status === 'failed') expect(file.report.reason).not.toMatch(/Failed query/);
      }
      await expectStoredWholeOrLeft(handle, expected);

      const second = await ingest();
      expect(second.failed).toBe(0);
      expect(await halfWritten(handle.db)).toEqual([]);
      expect(await snapshot(handle.db)).toEqual(expected);
    } finally {
      await own.end();
      await handle.close();
    }
  }, 120_000);
});

/** After the fault: nothing half-written, and what is stored is stored whole, as in the reference. */
async function expectStoredWholeOrLeft(handle: DatabaseHandle, reference: Snapshot): Promise<void> {
  expect(await halfWritten(handle.db)).toEqual([]);
  const now = await snapshot(handle.db);
  const stored = now.documents.filter((d) => d.status === 'extracted').map((d) => d.sha256);
  expect(stored.length).toBeLessThan(reference.documents.length);
  expect(now.documents.every((d) => d.status === 'extracted' || d.status === 'fetched' || d.status === 'parsed')).toBe(true);
  expect(now.current.map(withoutPublicationOrder)).toEqual(reference.current.filter((v) => stored.includes(v.sha256)).map(withoutPublicationOrder));
}

/** Reasons of everything that failed in a run: entries that could not be fetched, documents not processed. */
function failedItems(summary: SourcesSummary): string[] {
  return summary.sources.flatMap((s) =>
    s.status === 'listed'
      ? s.entries.flatMap((e) => [...(e.fetch.status === 'failed' ? [e.fetch.reason] : []), ...(e.report?.status === 'failed' ? [e.report.reason] : [])])
      : [s.reason],
  );
}

/**
 * A value held because another document published a different number first depends on which
 * was stored first; with only part of the documents stored that can differ from the reference.
 */
function withoutPublicationOrder(v: Snapshot['current'][number]) {
  return {
    ...v,
    status: v.reasons.includes('conflicts_with_published') ? 'auto_accepted' : v.status,
    reasons: v.reasons.filter((r) => r !== 'conflicts_with_published'),
  };
}
