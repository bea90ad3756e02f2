// The pipeline's activities with the model side, against real Postgres and the fake
// OpenAI-compatible server: runs record model, versions, tokens and cost; a re-run is
// answered from llm_cache with zero HTTP calls; retried activities never pass the cap.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities/index.ts';
import { folderStore } from '../../../activities/document-store.ts';
import { extractedValues, extractionRuns, llmCache } from '../../../db/schema.ts';
import { databaseLedger } from '../../../db/llm-cache.ts';
import { MAX_ATTEMPTS, memoryLedger, PROMPT_VERSION, SCHEMA_VERSION, type LedgerKey, type LlmClient, type LlmLedger } from '../../../extractors/llm/index.ts';
import type { GroupAnswer } from '../../../extractors/llm/schemas.ts';
import { DEFAULT_VERIFY_OPTIONS } from '../../../extractors/verify/index.ts';
import { processReport } from '../../../workflows/core/process-report.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { answer, FakeOpenAIServer, serverError, type ChatRequest } from './fake-openai-server.ts';
import { correctResponder, scriptedReadings } from './scripted-answers.ts';
import { loadFixtures, testClient, truthByIndicator, type Fixture } from './support.ts';

let t: TestDatabase;
let server: FakeOpenAIServer;
let work: string;
let fixtures: Fixture[];
let correct: (request: ChatRequest) => ReturnType<ReturnType<typeof correctResponder>>;
const logLines: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });

function activities(llm?: LlmClient) {
  return createActivities({
    db: t.handle.db,
    store: folderStore(join(work, 'store')),
    logger,
    limits: { maxFileBytes: 10 * 1024 * 1024 },
    verify: DEFAULT_VERIFY_OPTIONS,
    ...(llm ? { llm } : {}),
  });
}

const fixture = (file: string) => fixtures.find((f) => f.truth.file === file)!;

async function register(file: string): Promise<number> {
  return (await activities().registerFile({ path: fixture(file).path })).documentId;
}

async function currentRun(documentId: number) {
  const [run] = await t.handle.db
    .select()
    .from(extractionRuns)
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true)));
  return run!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = await FakeOpenAIServer.start();
  work = await mkdtemp(join(tmpdir(), 'baocao-llm-'));
  fixtures = await loadFixtures();
  correct = correctResponder(fixtures.flatMap((f) => scriptedReadings(f.doc, f.truth)));
  server.reset(correct);
});

afterAll(async () => {
  await server?.close();
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('without an API key', () => {
  it('extracts with the rules alone, records model null, and says so once per process', async () => {
    const acts = activities();
    for (const file of ['bacgiang-2024.pdf', 'bacgiang-2024.docx']) {
      const documentId = await register(file);
      const outcome = await processReport(acts, { documentId, trigger: 'ingest' });
      expect(outcome.status).toBe('extracted');
      const run = await currentRun(documentId);
      expect(run).toMatchObject({ model: null, promptVersion: null, schemaVersion: null, tokensIn: 0, tokensOut: 0 });
      expect(Number(run.cost)).toBe(0);
      expect(run.extractorConfig).toMatchObject({ extractors: ['rules'] });
    }
    expect(server.count).toBe(0);
    expect(logLines.filter((l) => l.includes('no OPENAI_API_KEY'))).toHaveLength(1);
  });
});

describe('with the model', () => {
  let documentId: number;
  let firstRequests: number;

  it('merges rules and model and stores the run with model, versions, tokens and cost', async () => {
    server.reset(correct);
    documentId = await register('tayninh-2025-h1.pdf');
    const outcome = await processReport(activities(testClient(server.url)), { documentId, trigger: 'ingest' });
    expect(outcome).toMatchObject({ status: 'extracted', flagged: 0 });
    firstRequests = server.count;
    expect(firstRequests).toBeGreaterThan(3);

    const run = await currentRun(documentId);
    expect(run).toMatchObject({ model: 'fake-model', promptVersion: PROMPT_VERSION, schemaVersion: SCHEMA_VERSION });
    expect(run.tokensIn).toBeGreaterThan(1000);
    expect(run.tokensOut).toBeGreaterThan(100);
    expect(Number(run.cost)).toBeGreaterThan(0);
    expect(run.extractorConfig).toMatchObject({ extractors: ['rules', 'llm'], llm: { requests: firstRequests, cacheHits: 0 } });

    const values = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, run.id));
    const truth = truthByIndicator(fixture('tayninh-2025-h1.pdf').truth);
    expect(values.map((v) => v.indicatorId).sort()).toEqual([...truth.keys()].sort());
    for (const v of values) {
      expect(Number(v.value), v.indicatorId).toBe(Number(truth.get(v.indicatorId)));
      expect(v.status).toBe('auto_accepted');
      // Rules and model agreed on every value: the agreement bonus.
      expect(v.confidence, v.indicatorId).toBeGreaterThanOrEqual(0.94);
    }
  });

  it('re-runs the same document with zero HTTP calls: every group answered from llm_cache', async () => {
    const before = await currentRun(documentId);
    const beforeValues = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, before.id));
    // A new process: a new client, the same database.
    const outcome = await processReport(activities(testClient(server.url)), { documentId, trigger: 'rerun' });
    expect(outcome.status).toBe('extracted');
    expect(server.count).toBe(firstRequests);

    const run = await currentRun(documentId);
    expect(run.id).not.toBe(before.id);
    expect(run).toMatchObject({ model: 'fake-model', tokensIn: 0, tokensOut: 0 });
    expect(Number(run.cost)).toBe(0);
    expect(run.extractorConfig).toMatchObject({ llm: { requests: 0, cacheHits: firstRequests } });
    const values = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, run.id));
    const strip = (vs: typeof values) => vs.map(({ id: _id, runId: _runId, ...rest }) => rest).sort((a, b) => a.indicatorId.localeCompare(b.indicatorId));
    expect(strip(values)).toEqual(strip(beforeValues));

    const cached = await t.handle.db.select().from(llmCache);
    expect(cached).toHaveLength(firstRequests);
    expect(cached.every((c) => c.status === 'answered' && c.attempts === 1 && c.tokensIn > 0)).toBe(true);
  });
});

describe('the attempt cap across retries', () => {
  async function parsed(file: string): Promise<number> {
    const documentId = await register(file);
    await activities().parseDocument({ documentId });
    return documentId;
  }
  const cacheRow = async (group: string, sha: string) =>
    (
      await t.handle.db
        .select()
        .from(llmCache)
        .where(and(eq(llmCache.groupId, group), eq(llmCache.documentSha256, sha)))
        .orderBy(desc(llmCache.id))
    )[0]!;

  it('holds when an activity that got invalid answers is retried: two attempts in all', async () => {
    const documentId = await parsed('hcm-2024-9m.pdf');
    server.reset((request) => (request.group === 'nhiem_vu' ? answer('not json') : correct(request)));
    const acts = activities(testClient(server.url));
    // As Temporal would retry the activity (or the workflow), three times over.
    for (let i = 0; i < 3; i++) await acts.extractCandidates({ documentId });
    expect(server.requestsFor('nhiem_vu')).toHaveLength(2);
    const { sha256 } = await activities().registerFile({ path: fixture('hcm-2024-9m.pdf').path });
    const row = await cacheRow('nhiem_vu', sha256);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, rawText: 'not json', errorKind: 'invalid_answer' });
    expect(row.tokensIn).toBeGreaterThan(0);
    // The other groups were answered once and cached.
    expect(server.requestsFor('thanh_tra')).toHaveLength(1);
  });

  it('holds when the server keeps failing: each retry spends at most what is left of the cap', async () => {
    const documentId = await parsed('danang-2025-q3.pdf');
    server.reset((request) => (request.group === 'thanh_tra' ? serverError() : correct(request)));
    const acts = activities(testClient(server.url, { maxRetries: 0 }));
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { usage } = await acts.extractCandidates({ documentId });
      expect(usage.model).toBe('fake-model');
      counts.push(server.requestsFor('thanh_tra').length);
    }
    expect(counts).toEqual([1, 2, 2]);
    const { sha256 } = await activities().registerFile({ path: fixture('danang-2025-q3.pdf').path });
    expect(await cacheRow('thanh_tra', sha256)).toMatchObject({ status: 'failed', attempts: 2, errorKind: 'attempt_cap' });
  });

  it('holds with client retries on: every HTTP request is reserved, so an always-failing server sees at most MAX_ATTEMPTS', async () => {
    const documentId = await parsed('bacgiang-2024.docx');
    server.reset((request) => (request.group === 'thanh_tra' ? serverError() : correct(request)));
    const acts = activities(testClient(server.url, { maxRetries: 2 }));
    for (let i = 0; i < 3; i++) {
      await acts.extractCandidates({ documentId });
      expect(server.requestsFor('thanh_tra').length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    }
    expect(server.requestsFor('thanh_tra')).toHaveLength(MAX_ATTEMPTS);
    const { sha256 } = await activities().registerFile({ path: fixture('bacgiang-2024.docx').path });
    expect(await cacheRow('thanh_tra', sha256)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });
});

describe('recording attempts that race', () => {
  const answerOf: GroupAnswer = { NV01: { value: '76', unit: 'nhiệm vụ', qualifier: null, quote: 'theo dõi 76 nhiệm vụ', page: 1, confidence: 0.9 } };
  const spend = { tokensIn: 10, tokensOut: 5, requests: 1 };
  const key = (group: string): LedgerKey => ({ documentSha256: 'r'.repeat(64), group, promptVersion: 'p', schemaVersion: 's', model: 'fake-model' });
  const ledgers: [string, () => LlmLedger][] = [
    ['in memory', () => memoryLedger()],
    ['on the database', () => databaseLedger(t.handle.db)],
  ];

  it.each(ledgers)('never downgrades an answered entry, whichever order the records arrive in (%s)', async (name, make) => {
    const ledger = make();
    // A paid answer recorded first, then a concurrent request's failure.
    const first = key(`answered-first-${name}`);
    await ledger.reserve(first, MAX_ATTEMPTS);
    await ledger.reserve(first, MAX_ATTEMPTS);
    await ledger.record(first, { status: 'answered', spend, cost: '0.01', answer: answerOf, rawText: '{}', errorKind: null, error: null });
    await ledger.record(first, { status: 'failed', spend: { ...spend, tokensOut: 0 }, cost: '0', errorKind: 'server_error', error: 'late 500' });
    await ledger.record(first, { status: 'pending', spend: { ...spend, tokensOut: 0 }, cost: '0', errorKind: 'timeout', error: 'late timeout' });
    expect(await ledger.get(first)).toMatchObject({ status: 'answered', answer: answerOf, errorKind: null });
    // The failure recorded first, the paid answer after it.
    const second = key(`failed-first-${name}`);
    await ledger.reserve(second, MAX_ATTEMPTS);
    await ledger.reserve(second, MAX_ATTEMPTS);
    await ledger.record(second, { status: 'failed', spend: NO_TOKENS, cost: '0', errorKind: 'attempt_cap', error: 'cap' });
    await ledger.record(second, { status: 'answered', spend, cost: '0.01', answer: answerOf, rawText: '{}', errorKind: null, error: null });
    expect(await ledger.get(second)).toMatchObject({ status: 'answered', answer: answerOf });
  });
});

const NO_TOKENS = { tokensIn: 0, tokensOut: 0, requests: 0 };
