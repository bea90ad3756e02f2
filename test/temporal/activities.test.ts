// Activities as Temporal runs them, in MockActivityEnvironment: heartbeats while parsing, and
// a cancelled activity stopping at its next heartbeat. Real files, a real database.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/common';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { temporalHeartbeat } from '../../activities/heartbeat.ts';
import type { ParseResult } from '../../activities/contract.ts';
import { createActivities } from '../../activities/index.ts';
import { registerIncoming } from '../../activities/register.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const reports = new URL('../../fixtures/reports/', import.meta.url).pathname;
let t: TestDatabase;
let work: string;
let deps: Parameters<typeof createActivities>[0];

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-activity-'));
  deps = {
    db: t.handle.db,
    store: folderStore(work),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 50 * 1024 * 1024 },
    heartbeat: temporalHeartbeat,
  };
});
afterAll(async () => {
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function register(name: string): Promise<number> {
  return (await registerIncoming(deps, { bytes: new Uint8Array(await readFile(join(reports, name))), name })).documentId;
}

describe('activities under Temporal', () => {
  it('parseDocument heartbeats once per page', async () => {
    const documentId = await register('hcm-2024-9m.pdf');
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const result = (await env.run(createActivities(deps).parseDocument, { documentId })) as ParseResult;
    expect(result).toMatchObject({ ok: true });
    const pages = result.ok ? result.pages : 0;
    expect(pages).toBeGreaterThan(1);
    expect(beats).toEqual(Array.from({ length: pages }, (_, i) => ({ documentId, page: i + 1, pages })));
  });

  it('a cancelled parse stops at its next heartbeat', async () => {
    const documentId = await register('tayninh-2025-h1.pdf');
    const env = new MockActivityEnvironment();
    env.on('heartbeat', () => env.cancel());
    await expect(env.run(createActivities(deps).parseDocument, { documentId })).rejects.toBeInstanceOf(CancelledFailure);
  });

  it('outside an activity the heartbeat does nothing', () => {
    expect(() => temporalHeartbeat({ page: 1 })).not.toThrow();
  });
});
