// The workflows on a real Temporal server: runs where one exists (TEMPORAL_ADDRESS, or a
// `temporal` CLI binary at TEMPORAL_CLI_PATH for a local dev server) and is skipped, with one
// line saying why, where none does. Covers: nightly ingestion over two sources against the
// portal simulator, a worker killed in the middle of a report (another worker finishes it),
// and the review signal ending reviewDeadline early.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/contract.ts';
import { folderStore } from '../../activities/document-store.ts';
import { DEFAULT_FETCH_POLICY } from '../../activities/fetch/http-fetch.ts';
import { temporalHeartbeat } from '../../activities/heartbeat.ts';
import { createActivities } from '../../activities/index.ts';
import { registerIncoming } from '../../activities/register.ts';
import { WORKFLOWS_PATH } from '../../app/temporal.ts';
import { upsertSources } from '../../db/sources.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const address = process.env.TEMPORAL_ADDRESS;
const cliPath = process.env.TEMPORAL_CLI_PATH;
const skipReason = address || cliPath ? null : 'neither TEMPORAL_ADDRESS nor TEMPORAL_CLI_PATH is set: no Temporal server on this machine';
if (skipReason) console.log(`Temporal integration suite skipped: ${skipReason}`);

const reports = new URL('../../fixtures/reports/', import.meta.url).pathname;

describe.skipIf(skipReason !== null)('workflows on a Temporal server', () => {
  let env: TestWorkflowEnvironment;
  let t: TestDatabase;
  let work: string;
  let portal: PortalSimulator;
  let activities: Activities;
  const taskQueue = `baocao-it-${process.pid}`;

  const newWorker = (acts: Activities = activities) =>
    Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowsPath: WORKFLOWS_PATH, activities: acts });

  beforeAll(async () => {
    env = address
      ? await TestWorkflowEnvironment.createFromExistingServer({ address })
      : await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cliPath! } } });
    t = await createTestDatabase();
    work = await mkdtemp(join(tmpdir(), 'baocao-it-'));
    portal = await startPortalSimulator({ reportsDir: reports });
    activities = createActivities({
      db: t.handle.db,
      store: folderStore(work),
      logger: pino({ level: 'silent' }),
      limits: { maxFileBytes: 50 * 1024 * 1024 },
      fetchPolicy: {
        ...DEFAULT_FETCH_POLICY,
        allowedHosts: ['127.0.0.1'],
        privateNetworkHosts: ['127.0.0.1'],
        retries: 1,
        backoff: { initialMs: 10, maxMs: 50 },
      },
      heartbeat: temporalHeartbeat,
    });
    await upsertSources(t.handle.db, [
      { name: 'it-80', provinceCode: '80', kind: 'http', location: portal.indexUrl('80') },
      { name: 'it-48', provinceCode: '48', kind: 'http', location: portal.indexUrl('48') },
    ]);
  }, 120_000);

  afterAll(async () => {
    await portal?.close();
    await env?.teardown();
    await t?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('nightly ingestion over two sources fetches and processes every report', async () => {
    const worker = await newWorker();
    const summary = await worker.runUntil(
      env.client.workflow.execute('nightlyIngestion', {
        taskQueue,
        workflowId: `it-nightly-${Date.now()}`,
        args: [{ only: ['it-80', 'it-48'], concurrency: 2 }],
      }),
    );
    expect(summary).toMatchObject({ newDocuments: 4, failed: 0 });
  }, 180_000);

  it('a report whose worker dies half-way is finished by another worker', async () => {
    const { documentId } = await registerIncoming(
      { db: t.handle.db, store: folderStore(work), logger: pino({ level: 'silent' }), limits: { maxFileBytes: 50 * 1024 * 1024 } },
      {
        bytes: new Uint8Array(Buffer.concat([Buffer.from(portal.reports[0]!.bytes), Buffer.from('\n% it\n')])),
        name: 'it-crash.pdf',
      },
    );
    let entered!: () => void;
    const parsing = new Promise<void>((resolve) => (entered = resolve));
    // The first worker hangs in parseDocument (never heartbeats again) and is shut down.
    const hanging: Activities = { ...activities, parseDocument: async () => (entered(), new Promise(() => {})) };
    const first = await newWorker(hanging);
    const running = first.run();
    const handle = await env.client.workflow.start('processReport', {
      taskQueue,
      workflowId: `it-crash-${Date.now()}`,
      args: [{ documentId, trigger: 'manual' }],
    });
    await parsing;
    first.shutdown();
    await running.catch(() => {});
    // After the heartbeat timeout the activity is retried on the second worker.
    const second = await newWorker();
    const outcome = await second.runUntil(handle.result());
    expect(outcome).toMatchObject({ status: 'extracted' });
  }, 240_000);

  it('the reviewCompleted signal ends reviewDeadline early, long before the next reminder', async () => {
    let decided = false;
    let reminded!: () => void;
    const firstReminder = new Promise<void>((resolve) => (reminded = resolve));
    const worker = await newWorker({
      ...activities,
      pendingReviews: async () => ({ pending: decided ? 0 : 2, provinceCode: '80', periodKey: '2025-H1' }),
      remindReviewers: async () => (reminded(), { reviewerCount: 0 }),
    });
    const handle = await env.client.workflow.start('reviewDeadline', {
      taskQueue,
      workflowId: `it-review-${Date.now()}`,
      args: [{ documentId: 1, reminderEveryHours: 24, escalateAfterDays: 3 }],
    });
    const result = await worker.runUntil(async () => {
      await firstReminder;
      decided = true; // the reviewer decided the last value ...
      await handle.signal('reviewCompleted'); // ... and the review application says so
      return handle.result();
    });
    expect(result).toEqual({ reminders: 1, escalated: false });
  }, 120_000);
});
