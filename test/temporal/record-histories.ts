// Writes test/temporal/histories/*.json from real in-process runs of the processReport core
// (against a fresh test database): `node cli/run-ts.js test/temporal/record-histories.ts`.
// Re-record only when processReport changes on purpose; the replay test then guards the new shape.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities } from '../../activities/index.ts';
import { registerIncoming } from '../../activities/register.ts';
import { processReport } from '../../workflows/core/process-report.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { buildHistory, recording } from './history.ts';

const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
const out = new URL('./histories/', import.meta.url).pathname;

const t = await createTestDatabase();
const work = await mkdtemp(join(tmpdir(), 'baocao-record-'));
try {
  const deps = { db: t.handle.db, store: folderStore(work), logger: pino({ level: 'silent' }), limits: { maxFileBytes: 50 * 1024 * 1024 } };
  for (const [name, file] of [
    ['process-report-extracted', 'reports/danang-2025-q3.pdf'],
    ['process-report-bad-input', 'broken/encrypted.pdf'],
  ] as const) {
    const registered = await registerIncoming(deps, { bytes: new Uint8Array(await readFile(join(fixtures, file))), name: file });
    const { activities, calls } = recording(createActivities(deps));
    const input = { documentId: registered.documentId, trigger: 'nightly' as const };
    const result = await processReport(activities, input);
    const history = buildHistory({ workflowType: 'processReport', taskQueue: 'baocao', input, calls, result, startTime: '2025-09-21T01:00:00Z' });
    await writeFile(join(out, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
    console.log(`${name}: ${calls.map((c) => c.activityType).join(' -> ')} (${history.events.length} events)`);
  }
} finally {
  await t.drop();
  await rm(work, { recursive: true, force: true });
}
