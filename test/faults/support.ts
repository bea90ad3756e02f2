// Shared by the fault tests: what the database holds, in a form two databases can be compared
// in (no ids, no timestamps), and the checks that nothing is half-written.
import { asc } from 'drizzle-orm';
import pino from 'pino';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { folderStore } from '../../activities/document-store.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../activities/fetch/http-fetch.ts';
import type { Database } from '../../db/client.ts';
import { documents, extractedValues, extractionRuns, publishedValues, sourceEntries, sources } from '../../db/schema.ts';

export const reportsDir = new URL('../../fixtures/reports/', import.meta.url).pathname;

export const fetchPolicy: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowedHosts: ['127.0.0.1'],
  privateNetworkHosts: ['127.0.0.1'],
  timeoutMs: 3_000,
  retries: 1,
  backoff: { initialMs: 10, maxMs: 50 },
};

export function activitiesOn(db: Database, storeDir: string, overrides: Partial<ActivityDeps> = {}) {
  return createActivities({
    db,
    store: folderStore(storeDir),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 10 * 1024 * 1024 },
    fetchPolicy,
    ...overrides,
  });
}

export interface Snapshot {
  documents: {
    sha256: string;
    status: string;
    provinceCode: string | null;
    periodKey: string | null;
    reportKind: string | null;
    documentNumber: string | null;
    source: string | null;
    supersedes: string | null;
  }[];
  /** The values of each document's current run. */
  current: {
    sha256: string;
    indicator: string;
    value: string;
    unit: string;
    qualifier: string | null;
    status: string;
    reasons: string[];
    page: number;
    extractor: string;
    confidence: number;
    evidence: string;
  }[];
  published: { provinceCode: string; periodKey: string; indicator: string; value: string; unit: string }[];
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/** Everything a run decides, keyed by content (SHA-256) rather than by ids. */
export async function snapshot(db: Database): Promise<Snapshot> {
  const docs = await db.select().from(documents).orderBy(asc(documents.id));
  const runs = await db.select().from(extractionRuns);
  const values = await db.select().from(extractedValues);
  const published = await db.select().from(publishedValues);
  const sourceRows = await db.select().from(sources);
  const shaOf = new Map(docs.map((d) => [d.id, d.sha256]));
  const sourceName = new Map(sourceRows.map((s) => [s.id, s.name]));
  const currentRuns = new Map(runs.filter((r) => r.isCurrent).map((r) => [r.id, r.documentId]));
  return {
    documents: docs
      .map((d) => ({
        sha256: d.sha256,
        status: d.status,
        provinceCode: d.provinceCode,
        periodKey: d.periodKey,
        reportKind: d.reportKind,
        documentNumber: d.documentNumber,
        source: d.sourceId === null ? null : (sourceName.get(d.sourceId) ?? null),
        supersedes: d.supersedesId === null ? null : (shaOf.get(d.supersedesId) ?? null),
      }))
      .sort(byKey((d) => d.sha256)),
    current: values
      .filter((v) => currentRuns.has(v.runId))
      .map((v) => ({
        sha256: shaOf.get(currentRuns.get(v.runId)!)!,
        indicator: v.indicatorId,
        value: v.value,
        unit: v.unit,
        qualifier: v.qualifier,
        status: v.status,
        reasons: [...v.reasons].sort(),
        page: v.page,
        extractor: v.extractor,
        confidence: v.confidence,
        evidence: v.evidence,
      }))
      .sort(byKey((v) => `${v.sha256}/${v.indicator}`)),
    published: published
      .map((p) => ({ provinceCode: p.provinceCode, periodKey: p.periodKey, indicator: p.indicatorId, value: p.value, unit: p.unit }))
      .sort(byKey((p) => `${p.provinceCode}/${p.periodKey}/${p.indicator}`)),
  };
}

/**
 * What a crash, a restart or a race may never leave behind. Every document is either done
 * (extracted, exactly one current run, succeeded, with values) or left for the next run
 * (not extracted, no current run). Empty when all is well; otherwise one line per problem.
 */
export async function halfWritten(db: Database): Promise<string[]> {
  const problems: string[] = [];
  const docs = await db.select().from(documents);
  const runs = await db.select().from(extractionRuns);
  const values = await db.select().from(extractedValues);
  const published = await db.select().from(publishedValues);
  const entries = await db.select().from(sourceEntries);
  const valuesOf = new Map<number, number>();
  for (const v of values) valuesOf.set(v.runId, (valuesOf.get(v.runId) ?? 0) + 1);
  for (const r of runs) {
    if (r.status !== 'succeeded') problems.push(`run ${r.id} of document ${r.documentId} is ${r.status}${r.isCurrent ? ' and current' : ''}`);
  }
  const shas = new Set<string>();
  for (const d of docs) {
    if (shas.has(d.sha256)) problems.push(`two documents with sha256 ${d.sha256}`);
    shas.add(d.sha256);
    const current = runs.filter((r) => r.documentId === d.id && r.isCurrent);
    if (d.status === 'extracted') {
      if (current.length !== 1) problems.push(`document ${d.id} (${d.originalName}) is extracted with ${current.length} current runs`);
      else if (!valuesOf.get(current[0]!.id)) problems.push(`document ${d.id} (${d.originalName}): its current run ${current[0]!.id} has no values`);
    } else if (current.length > 0) {
      // It would be processed again by the next run, and stored a second time.
      problems.push(`document ${d.id} (${d.originalName}) is ${d.status} but has a current run`);
    }
  }
  const runById = new Map(runs.map((r) => [r.id, r]));
  const valueById = new Map(values.map((v) => [v.id, v]));
  for (const p of published) {
    const run = runById.get(p.runId);
    const value = valueById.get(p.valueId);
    if (!run?.isCurrent && p.decisionId === null)
      problems.push(`published ${p.indicatorId} of ${p.provinceCode}/${p.periodKey} comes from run ${p.runId}, which is not current`);
    if (!value || value.runId !== p.runId)
      problems.push(`published ${p.indicatorId} of ${p.provinceCode}/${p.periodKey} points at value ${p.valueId}, not in its run`);
  }
  const locators = new Set<string>();
  for (const e of entries) {
    const key = `${e.sourceId} ${e.locator}`;
    if (locators.has(key)) problems.push(`two entries for ${key}`);
    locators.add(key);
  }
  return problems;
}

/** Runs of each document (document id -> number of runs), for "processed once". */
export async function runsPerDocument(db: Database): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const r of await db.select().from(extractionRuns)) out.set(r.documentId, (out.get(r.documentId) ?? 0) + 1);
  return out;
}

/** Polls until `check` is true, or fails with `what` after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Errors nobody handled, seen while `fn` runs: a pg client's 'error' event with no listener
 * ends a real process, so a test that survives only because vitest catches it must fail.
 */
export async function withoutUnhandledErrors<T>(fn: () => Promise<T>): Promise<{ result: T; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const onError = (error: unknown) => unhandled.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  try {
    return { result: await fn(), unhandled };
  } finally {
    // Late events (a socket closing just after) still count.
    await new Promise((r) => setTimeout(r, 50));
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  }
}
