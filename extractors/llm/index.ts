// Model extraction of one report: each indicator group with something to read is asked
// separately, over its routed blocks only, at most `maxConcurrency` at once. Answers come
// from the cache when the same document, group, prompt, schema and model were answered
// before. A group that fails is recorded (ledger, log) and left to the rules.
import type { Logger } from 'pino';
import { detectLocale } from '../numbers.ts';
import type { CandidateValue, ParsedDocument } from '../types.ts';
import { candidatesFromAnswer } from './candidates.ts';
import { LlmClient, type LlmSettings } from './client.ts';
import { costOf } from './cost.ts';
import type { LlmExtractionError } from './errors.ts';
import { extractGroup, type GroupOutcome } from './extract-group.ts';
import type { LlmLedger } from './ledger.ts';
import { PROMPT_VERSION } from './prompt.ts';
import { routeBlocks } from './routing.ts';
import { groupSpecs, SCHEMA_VERSION } from './schemas.ts';

export { LlmClient, type LlmSettings } from './client.ts';
export { LlmExtractionError, type LlmErrorKind } from './errors.ts';
export { MAX_ATTEMPTS, memoryLedger, type LlmLedger, type LedgerKey, type LedgerEntry } from './ledger.ts';
export { PROMPT_VERSION } from './prompt.ts';
export { SCHEMA_VERSION } from './schemas.ts';
export { measureRouting, type RoutingMeasure } from './measure.ts';

/** What the model side of one extraction used: the shape of ExtractionUsage (activities/contract.ts). */
export interface LlmUsage {
  model: string;
  promptVersion: string;
  schemaVersion: string;
  tokensIn: number;
  tokensOut: number;
  cost: string;
  requests: number;
  cacheHits: number;
}

export interface LlmExtraction {
  candidates: CandidateValue[];
  usage: LlmUsage;
  /** Per group asked: where its answer came from, or why there is none. */
  groups: { group: string; source: GroupOutcome['source']; error?: LlmExtractionError; unreadable?: string[] }[];
}

export interface LlmExtractOptions {
  client: LlmClient;
  ledger: LlmLedger;
  /** Identifies the document in the cache (SHA-256 of its bytes). */
  documentSha256: string;
  logger?: Logger;
  /** Called as each group is done (Temporal heartbeats); may throw to stop (a cancelled activity). */
  onGroupDone?: (group: string) => void;
}

/** Runs `task` over `items` with at most `limit` in flight, results in input order; stops taking new items after a failure. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function extractWithLlm(doc: ParsedDocument, options: LlmExtractOptions): Promise<LlmExtraction> {
  const { client } = options;
  const locale = detectLocale(doc.pages.flatMap((p) => p.blocks.map((b) => b.text)).join('\n').slice(0, 20_000));
  const work = groupSpecs()
    .map((spec) => ({ spec, blocks: routeBlocks(doc, spec.id) }))
    // Nothing in the report concerns the group: nothing to ask.
    .filter((w) => w.blocks.length > 0);
  const outcomes = await pool(work, client.settings.maxConcurrency, async ({ spec, blocks }) => {
    const outcome = await extractGroup({ client, ledger: options.ledger, documentSha256: options.documentSha256, logger: options.logger }, spec, blocks);
    options.onGroupDone?.(spec.id);
    return outcome;
  });

  const usage: LlmUsage = { model: client.model, promptVersion: PROMPT_VERSION, schemaVersion: SCHEMA_VERSION, tokensIn: 0, tokensOut: 0, cost: '0', requests: 0, cacheHits: 0 };
  const candidates: CandidateValue[] = [];
  const groups: LlmExtraction['groups'] = [];
  for (const outcome of outcomes) {
    usage.tokensIn += outcome.spend.tokensIn;
    usage.tokensOut += outcome.spend.tokensOut;
    usage.requests += outcome.spend.requests;
    if (outcome.source === 'cache') usage.cacheHits++;
    if (outcome.source === 'failed') {
      groups.push({ group: outcome.group, source: 'failed', error: outcome.error });
      continue;
    }
    const read = candidatesFromAnswer(outcome.answer, locale);
    candidates.push(...read.candidates);
    groups.push({ group: outcome.group, source: outcome.source, ...(read.unreadable.length > 0 ? { unreadable: read.unreadable } : {}) });
  }
  usage.cost = costOf(usage, client.settings.price);
  return { candidates, usage, groups };
}

/** The client from the `llm` configuration, or null when no API key is configured. */
export function createLlmClient(settings: Partial<LlmSettings> & Omit<LlmSettings, 'apiKey'>, logger?: Logger): LlmClient | null {
  if (!settings.apiKey) return null;
  return new LlmClient({ ...settings, apiKey: settings.apiKey }, { logger });
}

let rulesOnlyNoticed = false;

/** Says once per process that extraction runs on rules alone (no OPENAI_API_KEY). */
export function noticeRulesOnly(logger: Logger): void {
  if (rulesOnlyNoticed) return;
  rulesOnlyNoticed = true;
  logger.warn('no OPENAI_API_KEY configured: extraction runs on the rules alone');
}
