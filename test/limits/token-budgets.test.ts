// Token budgets and the document deadline on the model side, set as an operator sets them
// (environment -> loadConfig -> the runtime's model client and activities), against the fake
// OpenAI-compatible server and real Postgres: a request that could pass llm.maxTokensPerDocument
// or llm.maxTokensPerNight is never sent, the group's values come from the rules, and the run
// and the log say why; a model that hangs past limits.documentTimeoutMs stops the document.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { activitiesOver } from '../../app/runtime.ts';
import { documents, extractedValues, extractionRuns, llmCache } from '../../db/schema.ts';
import { analyseReport } from '../../extractors/analyse.ts';
import { startOfDay } from '../../extractors/llm/index.ts';
import { processReport } from '../../workflows/core/process-report.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { FakeOpenAIServer, type ChatRequest } from '../extractors/llm/fake-openai-server.ts';
import { correctResponder, scriptedReadings } from '../extractors/llm/scripted-answers.ts';
import { loadFixtures, testClient, type Fixture } from '../extractors/llm/support.ts';

let server: FakeOpenAIServer;
let fixtures: Fixture[];
let correct: (request: ChatRequest) => ReturnType<ReturnType<typeof correctResponder>>;
let work: string;
let empty: string;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  fixtures = await loadFixtures();
  correct = correctResponder(fixtures.flatMap((f) => scriptedReadings(f.doc, f.truth)));
  work = await mkdtemp(join(tmpdir(), 'baocao-budgets-'));
  empty = join(work, 'empty.yaml');
  await writeFile(empty, '');
});
afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const fixture = (file: string) => fixtures.find((f) => f.truth.file === file)!;

/**
 * The pipeline as `baocao ingest` builds it, with the model pointed at the fake server; one
 * group request at a time, so that "after the budget is spent" is one order.
 */
function pipeline(t: TestDatabase, env: Record<string, string>) {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const config = loadConfig({
    file: empty,
    // Every group asked (llm.ask all): these tests count what the budgets let through.
    env: {
      BAOCAO_DATA_DIR: join(work, 'data'),
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: server.url,
      OPENAI_MODEL: 'fake-model',
      BAOCAO_LLM_MAX_CONCURRENCY: '1',
      BAOCAO_LLM_ASK: 'all',
      ...env,
    },
  });
  const runtime = activitiesOver(config, t.handle.db, logger);
  return { ...runtime, lines, config };
}

async function runReport(t: TestDatabase, env: Record<string, string>, file: string, trigger: 'ingest' | 'rerun' = 'ingest') {
  const p = pipeline(t, env);
  try {
    const { documentId } = await p.activities.registerFile({ path: fixture(file).path });
    const started = performance.now();
    const outcome = await processReport(p.activities, { documentId, trigger });
    return { documentId, outcome, lines: p.lines, ms: performance.now() - started };
  } finally {
    await p.close();
  }
}

async function currentRun(t: TestDatabase, documentId: number) {
  const [run] = await t.handle.db
    .select()
    .from(extractionRuns)
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.isCurrent, true)));
  return run!;
}

type NotAsked = { group: string; reason: string }[];
const notAskedOf = (run: { extractorConfig: unknown }) => (run.extractorConfig as { llm?: { notAsked?: NotAsked } }).llm?.notAsked ?? [];

async function spentTokens(t: TestDatabase): Promise<number> {
  const rows = await t.handle.db.select().from(llmCache);
  return rows.reduce((n, r) => n + r.tokensIn + r.tokensOut, 0);
}

describe('llm.maxTokensPerDocument', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('smaller than one request: the model is never asked, the values come from the rules, and the run says why', async () => {
    server.reset(correct);
    const { documentId, outcome, lines } = await runReport(t, { BAOCAO_LLM_MAX_TOKENS_PER_DOCUMENT: '1500' }, 'tayninh-2025-h1.pdf');
    expect(outcome.status).toBe('extracted');
    expect(server.count).toBe(0);

    const run = await currentRun(t, documentId);
    expect(run).toMatchObject({ model: 'fake-model', tokensIn: 0, tokensOut: 0 });
    expect(run.extractorConfig).toMatchObject({ extractors: ['rules', 'llm'], llm: { requests: 0, cacheHits: 0 } });
    const notAsked = notAskedOf(run);
    // Every group the report has text for: tayninh asks seven.
    expect(notAsked.map((g) => g.group).length).toBe(7);
    for (const { reason } of notAsked) {
      expect(reason).toMatch(
        /^the document's token budget \(llm\.maxTokensPerDocument = 1,500\) would be passed: 0 tokens spent on it so far, this request may take up to [\d,]+; the model was not asked, the group's values come from the rules$/,
      );
    }
    const values = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, run.id));
    expect(values.length).toBeGreaterThan(10);
    expect(values.every((v) => v.extractor === 'rules')).toBe(true);
    // The log says it too, group by group.
    const logged = lines.map((l) => JSON.parse(l) as { kind?: string; group?: string; error?: string }).filter((l) => l.kind === 'budget');
    expect(logged.map((l) => l.group).sort()).toEqual(notAsked.map((g) => g.group).sort());
    expect(logged[0]!.error).toMatch(/llm\.maxTokensPerDocument/);
  });

  it('a group kept from the model is not held against it: with budget, a re-run asks it', async () => {
    server.reset(correct);
    const { documentId, outcome } = await runReport(t, {}, 'tayninh-2025-h1.pdf', 'rerun');
    expect(outcome.status).toBe('extracted');
    expect(server.count).toBe(7);
    const run = await currentRun(t, documentId);
    expect(notAskedOf(run)).toEqual([]);
    expect(run.tokensIn).toBeGreaterThan(0);
  });

  it('counts what the document spent in earlier runs', async () => {
    // The document has spent its seven answers; a budget just above that leaves no room for a new prompt's requests.
    const spent = await spentTokens(t);
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.originalName, 'tayninh-2025-h1.pdf'));
    const cached = await t.handle.db.select().from(llmCache).where(eq(llmCache.documentSha256, doc!.sha256));
    expect(cached.reduce((n, r) => n + r.tokensIn + r.tokensOut, 0)).toBe(spent);
    // Forget the answers (as a new prompt version would): the tokens they cost stay on the document.
    await t.handle.db.update(llmCache).set({ promptVersion: 'an-older-prompt' }).where(eq(llmCache.documentSha256, doc!.sha256));
    server.reset(correct);
    const { documentId } = await runReport(t, { BAOCAO_LLM_MAX_TOKENS_PER_DOCUMENT: String(spent + 100) }, 'tayninh-2025-h1.pdf', 'rerun');
    expect(server.count).toBe(0);
    const reasons = notAskedOf(await currentRun(t, documentId)).map((g) => g.reason);
    expect(reasons).toHaveLength(7);
    expect(reasons[0]).toContain(`${spent.toLocaleString('en-US')} tokens spent on it so far`);
  });
});

describe('without a database (baocao extract)', () => {
  it('holds the document budget in memory for its one run', async () => {
    server.reset(correct);
    const client = testClient(server.url, { maxTokensPerDocument: 9000, maxConcurrency: 1 });
    const { llm } = await analyseReport(fixture('hcm-2024-9m.pdf').bytes, { llm: { client } });
    const asked = server.count;
    expect(asked).toBeGreaterThan(0);
    expect(llm!.usage.requests).toBe(asked);
    expect(llm!.usage.tokensIn + llm!.usage.tokensOut).toBeLessThanOrEqual(9000);
    expect(llm!.usage.notAsked!.length).toBeGreaterThan(0);
    expect(llm!.usage.notAsked!.every((g) => g.reason.includes('llm.maxTokensPerDocument = 9,000'))).toBe(true);
    expect(llm!.groups.filter((g) => g.error?.kind === 'budget').map((g) => g.group)).toEqual(llm!.usage.notAsked!.map((g) => g.group));
  });
});

describe('llm.maxTokensPerNight', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('stops asking the model once tonight has spent it, for this document and the next', async () => {
    const budget = 12_000;
    const env = { BAOCAO_LLM_MAX_TOKENS_PER_NIGHT: String(budget) };
    server.reset(correct);
    const first = await runReport(t, env, 'danang-2025-q3.pdf');
    expect(first.outcome.status).toBe('extracted');
    const asked = server.count;
    // Some groups were asked, then the budget stopped the rest (danang has nine).
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(9);
    const run = await currentRun(t, first.documentId);
    const notAsked = notAskedOf(run);
    expect(notAsked).toHaveLength(9 - asked);
    expect(notAsked[0]!.reason).toMatch(
      /^tonight's token budget \(llm\.maxTokensPerNight = 12,000\) would be passed: [\d,]+ tokens spent since midnight Asia\/Ho_Chi_Minh, this request may take up to [\d,]+;/,
    );
    // What was sent stayed within the budget: each request was checked at the most it could cost.
    expect(await spentTokens(t)).toBeLessThanOrEqual(budget);
    expect(run.tokensIn + run.tokensOut).toBe(await spentTokens(t));

    // Another report the same night: nothing left, nothing sent, rules alone.
    const second = await runReport(t, env, 'hcm-2024-9m.docx');
    expect(second.outcome.status).toBe('extracted');
    expect(server.count).toBe(asked);
    const secondRun = await currentRun(t, second.documentId);
    expect(notAskedOf(secondRun).length).toBeGreaterThan(0);
    expect(notAskedOf(secondRun).every((g) => g.reason.startsWith("tonight's token budget"))).toBe(true);
    const values = await t.handle.db.select().from(extractedValues).where(eq(extractedValues.runId, secondRun.id));
    expect(values.length).toBeGreaterThan(5);
    expect(values.every((v) => v.extractor === 'rules')).toBe(true);
  });

  it('the night ends at midnight in the schedule time zone', () => {
    const zone = 'Asia/Ho_Chi_Minh';
    // 01:00 and 23:59 on 21 September in Vietnam (UTC+7) are the same night; 00:30 on the 22nd is the next.
    expect(startOfDay(new Date('2025-09-20T18:00:00Z'), zone).toISOString()).toBe('2025-09-20T17:00:00.000Z');
    expect(startOfDay(new Date('2025-09-21T16:59:00Z'), zone).toISOString()).toBe('2025-09-20T17:00:00.000Z');
    expect(startOfDay(new Date('2025-09-21T17:30:00Z'), zone).toISOString()).toBe('2025-09-21T17:00:00.000Z');
    // A zone with summer time, on the day the clocks go forward.
    expect(startOfDay(new Date('2025-03-30T12:00:00Z'), 'Europe/Paris').toISOString()).toBe('2025-03-29T23:00:00.000Z');
  });
});

describe('limits.documentTimeoutMs during model extraction', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('a model that does not answer stops the document at the limit, not at llm.timeoutMs, for good', async () => {
    server.reset(() => ({ kind: 'hang' }));
    // The clock covers every step (parse, classify, the rules, the model): 5 s leave the model
    // request time to be sent however slow the shared machine is, and it hangs past them.
    const { documentId, outcome, ms } = await runReport(t, { BAOCAO_DOCUMENT_TIMEOUT_MS: '5000', BAOCAO_LLM_TIMEOUT_MS: '60000' }, 'bacgiang-2024.docx');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'extract' });
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    expect(reason).toBe(
      'extract failed: took longer than 5 s (limits.documentTimeoutMs): stopped during model extraction; not tried again (raise the limit and re-run the document)',
    );
    expect(ms).toBeLessThan(15_000);
    const [doc] = await t.handle.db.select().from(documents).where(eq(documents.id, documentId));
    expect(doc).toMatchObject({ status: 'failed', error: reason, failureCode: 'resource_limit' });
    // One request at a time: the one that hung, and nothing after it.
    expect(server.count).toBe(1);
  });
});
