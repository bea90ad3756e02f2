// Two ingestions of the same reports at once, as two processes would run them: separate
// activities over separate connection pools on one database, started together. The bytes
// are stored once (one document per SHA-256), each document is processed and stored once
// (one run, the current one), nothing of the race surfaces as a failure, and the database
// ends where one ingestion alone ends.
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { upsertSources } from '../../db/sources.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { NOT_A_REPORT } from '../../activities/folder-activities.ts';
import { ingestFolder, type IngestSummary } from '../../workflows/core/ingest-folder.ts';
import { ingestSources, type SourcesSummary } from '../../workflows/core/ingest-sources.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { activitiesOn, halfWritten, reportsDir, runsPerDocument, snapshot, withoutUnhandledErrors, type Snapshot } from './support.ts';

let work: string;
let folder: string;
let portal: PortalSimulator;
const databases: TestDatabase[] = [];
const handles: DatabaseHandle[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  databases.push(t);
  return t;
}

/** A second process on the same database: its own pool. */
async function anotherProcess(t: TestDatabase): Promise<DatabaseHandle> {
  const handle = await openDatabase({ url: t.url });
  handles.push(handle);
  return handle;
}

async function addPortalSources(t: TestDatabase): Promise<void> {
  const codes = [...new Set(portal.reports.map((r) => r.province))];
  await upsertSources(
    t.handle.db,
    codes.map((code) => ({ name: `portal-${code}`, provinceCode: code, kind: 'http' as const, location: portal.indexUrl(code) })),
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'baocao-race-'));
  folder = join(work, 'inbox');
  await mkdir(folder);
  const reports = (await readdir(reportsDir)).filter((name) => !NOT_A_REPORT.test(name)).sort();
  for (const name of reports) await copyFile(join(reportsDir, name), join(folder, name));
  // The same bytes under a second name: still one document.
  await copyFile(join(reportsDir, reports[0]!), join(folder, `ban-sao-${reports[0]}`));
  portal = await startPortalSimulator({ reportsDir, indexStyle: { '48': 'json' } });
});

afterAll(async () => {
  for (const handle of handles) await handle.close();
  for (const t of databases) await t.drop();
  await portal?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const folderIngest = (handle: DatabaseHandle, store: string) =>
  ingestFolder(activitiesOn(handle.db, join(work, store)), { dir: folder, trigger: 'ingest', concurrency: 2 });
const nightly = (handle: DatabaseHandle, store: string) => ingestSources(activitiesOn(handle.db, join(work, store)), { trigger: 'nightly', concurrency: 2 });

/** Both runs at once (each its own pool, one shared file store, as two workers would have). */
async function together<T>(run: (handle: DatabaseHandle) => Promise<T>, t: TestDatabase): Promise<T[]> {
  const [a, b] = [await anotherProcess(t), await anotherProcess(t)];
  const { result, unhandled } = await withoutUnhandledErrors(() => Promise.all([run(a), run(b)]));
  expect(unhandled.map(String)).toEqual([]);
  return result;
}

async function expectEachDocumentOnce(t: TestDatabase, expected: Snapshot): Promise<void> {
  expect(await halfWritten(t.handle.db)).toEqual([]);
  const runs = await runsPerDocument(t.handle.db);
  expect([...runs.values()]).toEqual(expected.documents.map(() => 1));
  expect(await snapshot(t.handle.db)).toEqual(expected);
}

describe('two ingestions of one folder at once', () => {
  let alone: Snapshot;

  beforeAll(async () => {
    const t = await freshDatabase();
    const summary = await folderIngest(t.handle, 'alone-store');
    expect(summary.failed).toBe(0);
    alone = await snapshot(t.handle.db);
    expect(alone.documents).toHaveLength(8);
  });

  it('store each report once and process it once, and neither reports the race as a failure', async () => {
    const t = await freshDatabase();
    const summaries: IngestSummary[] = await together((handle) => folderIngest(handle, 'shared-store'), t);
    for (const summary of summaries) {
      expect(summary.failed).toBe(0);
      expect(summary.files.filter((f) => f.status === 'unreadable')).toEqual([]);
    }
    // Every report is new to exactly one of the two runs.
    expect(summaries[0]!.newDocuments + summaries[1]!.newDocuments).toBe(alone.documents.length);
    await expectEachDocumentOnce(t, alone);
  });
});

describe('two nightly runs over the same sources at once', () => {
  let alone: Snapshot;

  beforeAll(async () => {
    const t = await freshDatabase();
    await addPortalSources(t);
    expect((await nightly(t.handle, 'nightly-alone-store')).failed).toBe(0);
    alone = await snapshot(t.handle.db);
    expect(alone.documents).toHaveLength(portal.reports.length);
  });

  it('fetch and store each report once, process it once, and neither reports the race as a failure', async () => {
    const t = await freshDatabase();
    await addPortalSources(t);
    const summaries: SourcesSummary[] = await together((handle) => nightly(handle, 'nightly-shared-store'), t);
    for (const summary of summaries) {
      expect(summary.failed).toBe(0);
      expect(summary.sources.every((s) => s.status === 'listed')).toBe(true);
    }
    expect(summaries[0]!.newDocuments + summaries[1]!.newDocuments).toBe(alone.documents.length);
    await expectEachDocumentOnce(t, alone);
  });
});
