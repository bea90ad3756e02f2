// The model endpoint failing and recovering during a nightly run, against the fake
// OpenAI-compatible server (real HTTP on 127.0.0.1), the portal simulator and real Postgres.
// As the README's "LLM extraction" says: 429 and 5xx are retried within llm.maxRetries; a
// group that still has no answer takes its values from the rules, the failure is recorded in
// llm_cache, and a 429 gives its attempt back, so an outage does not use up the cap and a
// re-run after it asks again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, extractionRuns, llmCache } from '../../db/schema.ts';
import { upsertSources } from '../../db/sources.ts';
import type { LlmClient } from '../../extractors/llm/index.ts';
import { startPortalSimulator, type PortalSimulator } from '../../fixtures/portal-simulator.ts';
import { ingestSources, inProcessReport } from '../../workflows/core/ingest-sources.ts';
import { rerunExtraction } from '../../workflows/core/rerun.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { FakeOpenAIServer, rateLimited, type ChatRequest, type Reply } from '../extractors/llm/fake-openai-server.ts';
import { correctResponder, scriptedReadings } from '../extractors/llm/scripted-answers.ts';
import { loadFixtures, testClient } from '../extractors/llm/support.ts';
import { activitiesOn, halfWritten, reportsDir, snapshot, type Snapshot } from './support.ts';

/** Two provinces (a PDF and a DOCX each) keep the model's share of the run small. */
const ONLY = ['portal-48', 'portal-80'];

let server: FakeOpenAIServer;
let portal: PortalSimulator;
let work: string;
let correct: (request: ChatRequest) => Reply;
const databases: TestDatabase[] = [];
/** The same nightly run with the model answering every request, and with no model at all. */
let withModel: Snapshot;
let rulesOnly: Snapshot;

async function freshDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  databases.push(t);
  const codes = [...new Set(portal.reports.map((r) => r.province))];
  await upsertSources(
    t.handle.db,
    codes.map((code) => ({ name: `portal-${code}`, provinceCode: code, kind: 'http' as const, location: portal.indexUrl(code) })),
  );
  return t;
}

const activities = (t: TestDatabase, llm?: LlmClient) => activitiesOn(t.handle.db, join(work, t.url.split('/').pop()!), llm ? { llm } : {});
const nightly = (t: TestDatabase, llm?: LlmClient) => ingestSources(activities(t, llm), { trigger: 'nightly', concurrency: 2, only: ONLY });
// Retry-After: 0 keeps the retries quick; they are retries all the same.
const serverError = (): Reply => ({
  kind: 'status',
  status: 500,
  headers: { 'retry-after': '0' },
  body: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } },
});

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'baocao-llm-outage-'));
  portal = await startPortalSimulator({ reportsDir, indexStyle: { '48': 'json' } });
  const fixtures = await loadFixtures();
  correct = correctResponder(fixtures.flatMap((f) => scriptedReadings(f.doc, f.truth)));
  server = await FakeOpenAIServer.start(correct);

  const healthy = await freshDatabase();
  expect((await nightly(healthy, testClient(server.url))).failed).toBe(0);
  withModel = await snapshot(healthy.handle.db);
  const plain = await freshDatabase();
  expect((await nightly(plain)).failed).toBe(0);
  rulesOnly = await snapshot(plain.handle.db);
  // The model changes what is stored: otherwise these tests could not tell the two apart.
  expect(withModel.current).not.toEqual(rulesOnly.current);
  server.reset(correct);
});

afterAll(async () => {
  await server?.close();
  await portal?.close();
  for (const t of databases) await t.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the model endpoint failing and recovering', () => {
  it('429 and 5xx that pass within the retries: the nightly run stores what a healthy server gives', async () => {
    const t = await freshDatabase();
    // Each group of each report is first rate limited, then fails with a 500, then answered:
    // three HTTP requests, two of them billable. A PDF and its DOCX may send the same text;
    // they come from one source, one after the other, so counting in threes tells them apart.
    const seen = new Map<string, number>();
    server.reset((request) => {
      const key = `${request.group}\n${request.documentText}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return [rateLimited(0), serverError(), correct(request)][n % 3]!;
    });
    const summary = await nightly(t, testClient(server.url, { maxRetries: 2 }));
    expect(summary.failed).toBe(0);
    expect(await halfWritten(t.handle.db)).toEqual([]);
    expect(await snapshot(t.handle.db)).toEqual(withModel);

    const cache = await t.handle.db.select().from(llmCache);
    expect(cache.length).toBeGreaterThan(0);
    // The 429 gave its attempt back; the 500 kept its own.
    expect(cache.map((c) => [c.status, c.attempts])).toEqual(cache.map(() => ['answered', 2]));
    expect(server.count).toBe(3 * cache.length);
  });

  it('an outage through the whole nightly run: rules values, the failures recorded, and a re-run after recovery completes', async () => {
    const t = await freshDatabase();
    server.reset(() => rateLimited(0));
    const acts = () => activities(t, testClient(server.url, { maxRetries: 2 }));
    const during = await ingestSources(acts(), { trigger: 'nightly', concurrency: 2, only: ONLY });

    // Every report is stored, its groups' values from the rules: what a run without a model stores.
    expect(during.failed).toBe(0);
    expect(await halfWritten(t.handle.db)).toEqual([]);
    expect(await snapshot(t.handle.db)).toEqual(rulesOnly);
    const runs = await t.handle.db.select().from(extractionRuns);
    expect(runs.every((r) => r.model === 'fake-model' && r.tokensIn === 0)).toBe(true);
    // Recorded, retryable, and none of the cap spent (a 429 reached no model).
    const cache = await t.handle.db.select().from(llmCache);
    expect(cache.length).toBeGreaterThan(0);
    expect(cache.map((c) => [c.status, c.attempts, c.errorKind])).toEqual(cache.map(() => ['pending', 0, 'rate_limited']));
    expect(server.count).toBe(3 * cache.length);

    // The server is back. The finished reports are not fetched or extracted again by the
    // nightly run; the analyst's re-run (`baocao run rerun`) asks the model again.
    server.reset(correct);
    const after = await ingestSources(acts(), { trigger: 'nightly', concurrency: 2, only: ONLY });
    expect(after).toMatchObject({ newDocuments: 0, failed: 0 });
    expect(server.count).toBe(0);
    const documentIds = (await t.handle.db.select({ id: documents.id }).from(documents)).map((d) => d.id);
    const rerun = await rerunExtraction(acts(), { documentIds }, inProcessReport(acts()), 2);
    expect(rerun).toMatchObject({ selected: documentIds.length, extracted: documentIds.length, failed: 0 });
    expect(await halfWritten(t.handle.db)).toEqual([]);
    expect(await snapshot(t.handle.db)).toEqual(withModel);
    const answered = await t.handle.db.select().from(llmCache);
    expect(answered.map((c) => [c.status, c.attempts])).toEqual(answered.map(() => ['answered', 1]));
    expect(server.count).toBe(answered.length);
  });
});
