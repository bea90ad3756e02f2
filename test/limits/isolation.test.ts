// Documents read in processes of their own (activities/isolation), with real processes, real
// files and real Postgres: a document past the memory cap stops its process, not this one; a
// process that dies twice on a document fails it; under Temporal such a failure is
// non-retryable (MockActivityEnvironment), the core records it as final (resource_limit), and the
// next run leaves the document alone, as it does a document whose last two runs died on it.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { createIsolationPool, type IsolationPool } from '../../activities/isolation/pool.ts';
import { isolatedSteps } from '../../activities/isolation/steps.ts';
import { registerIncoming } from '../../activities/register.ts';
import { ResourceLimitError } from '../../activities/resource-limit.ts';
import { documents } from '../../db/schema.ts';
import { needsProcessing, processReport } from '../../workflows/core/process-report.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const MiB = 1024 * 1024;
const reports = new URL('../../fixtures/reports/', import.meta.url).pathname;

let t: TestDatabase;
let work: string;
let roomy: IsolationPool;
let cramped: IsolationPool;
let base: ActivityDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-isolation-'));
  base = { db: t.handle.db, store: folderStore(work), logger: pino({ level: 'silent' }), limits: { maxFileBytes: 50 * MiB } };
  roomy = createIsolationPool({ processes: 1, memoryBytes: 1024 * MiB, child: { ocr: null } });
  // Less than a document process takes to start: any task in it passes the cap.
  cramped = createIsolationPool({ processes: 1, memoryBytes: 40 * MiB, child: { ocr: null } });
});

afterAll(async () => {
  await roomy?.close();
  await cramped?.close();
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

const bytesOf = async (name: string) => new Uint8Array(await readFile(join(reports, name)));

async function register(name: string): Promise<number> {
  return (await registerIncoming(base, { bytes: await bytesOf(name), name })).documentId;
}

async function documentRow(id: number) {
  const [row] = await t.handle.db.select().from(documents).where(eq(documents.id, id));
  return row!;
}

describe('a document process', () => {
  it('is killed past its memory cap; this process goes on, and the pool reads the next document in a new one', async () => {
    const steps = isolatedSteps(cramped);
    const error = await steps.parse(await bytesOf('danang-2025-q3.pdf'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceLimitError);
    expect((error as Error).message).toMatch(
      /^used more than 40\.0 MiB of memory while reading it.* \(limits\.documentMemoryBytes\): the process was stopped; not tried again/,
    );
    expect(cramped.peakRssBytes()).toBeGreaterThan(40 * MiB);
    // The same steps on a pool with room read the next document.
    const doc = await isolatedSteps(roomy).parse(await bytesOf('danang-2025-q3.pdf'), {});
    expect(doc.pages).toHaveLength(4);
  }, 60_000);

  it('that dies while reading a document is replaced and the document tried once more; a second death fails it', async () => {
    const steps = isolatedSteps(roomy);
    let deaths = 0;
    const error = await steps
      .parse(
        await bytesOf('bacgiang-2024.pdf'),
        {},
        {
          onPage: () => {
            // What the kernel's OOM killer does to a process: from outside, without warning.
            const [pid] = roomy.pids();
            if (pid !== undefined) {
              deaths++;
              process.kill(pid, 'SIGKILL');
            }
          },
        },
      )
      .catch((e: unknown) => e);
    expect(deaths).toBe(2);
    expect(error).toBeInstanceOf(ResourceLimitError);
    expect((error as Error).message).toMatch(
      /^the process reading it died twice while reading it \(page \d of 4 done\) \(it died \(SIGKILL\); it died \(SIGKILL\)\): not tried again/,
    );
    // And the pool reads the next document.
    expect((await steps.parse(await bytesOf('bacgiang-2024.pdf'), {})).pages).toHaveLength(4);
  }, 60_000);
});

describe('a document over a hard limit, under Temporal and in the core', () => {
  it('fails extraction with a non-retryable ApplicationFailure (MockActivityEnvironment)', async () => {
    const documentId = await register('tayninh-2025-h1.docx');
    // Parsed with room; then extracted where any step passes the memory cap.
    expect(await createActivities({ ...base, steps: isolatedSteps(roomy) }).parseDocument({ documentId })).toMatchObject({ ok: true });
    const cramp = createActivities({ ...base, steps: isolatedSteps(cramped) });
    const env = new MockActivityEnvironment();
    const failure = await env.run(cramp.extractCandidates, { documentId }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'ResourceLimitError', nonRetryable: true });
    expect((failure as Error).message).toMatch(/^used more than 40\.0 MiB of memory while extracting its values \(limits\.documentMemoryBytes\)/);
  }, 60_000);

  it('is recorded failed with resource_limit by the core, once, and the next run does not start it again', async () => {
    const documentId = await register('hcm-2024-9m.docx');
    const cramp = createActivities({ ...base, steps: isolatedSteps(cramped) });
    const outcome = await processReport(cramp, { documentId, trigger: 'ingest' });
    expect(outcome).toMatchObject({ status: 'failed', stage: 'parse', reason: expect.stringMatching(/^used more than 40\.0 MiB of memory while reading it/) });
    const row = await documentRow(documentId);
    expect(row).toMatchObject({ status: 'failed', failureCode: 'resource_limit', processingSince: null, interruptedRuns: 0 });
    expect(needsProcessing(row)).toBe(false);
  }, 60_000);

  it('a document whose last two runs died on it (their process killed) is not started again', async () => {
    const documentId = await register('bacgiang-2024.docx');
    const acts = createActivities({ ...base, steps: isolatedSteps(roomy) });
    // What two runs that died in the middle of it left: the mark of a run in progress, twice.
    await t.handle.db.update(documents).set({ processingSince: sql`now()`, interruptedRuns: 1 }).where(eq(documents.id, documentId));
    const outcome = await processReport(acts, { documentId, trigger: 'nightly' });
    expect(outcome).toMatchObject({
      status: 'failed',
      stage: 'parse',
      reason: expect.stringMatching(/^2 runs started reading it and never finished .*not tried again/),
    });
    expect(await documentRow(documentId)).toMatchObject({ status: 'failed', failureCode: 'resource_limit', interruptedRuns: 0 });
    // An analyst's re-run starts it afresh.
    expect(await processReport(acts, { documentId, trigger: 'rerun' })).toMatchObject({ status: 'extracted' });
  }, 60_000);
});
