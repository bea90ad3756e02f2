// Model extraction of one report: each indicator group with something to read is asked
// separately, over its routed blocks only (at most llm.maxInputTokens of them), at most
// `maxConcurrency` at once. Answers come from the cache when the same document, group,
// prompt, schema and model were answered before. A group that fails is recorded (ledger,
// log) and left to the rules.
import type { Logger } from 'pino';
import type { CandidateValue, ParsedDocument } from '../types.ts';
import { instructionBlocks } from '../verify/grounding.ts';
import { candidatesFromAnswer } from './candidates.ts';
import { LlmClient, type LlmSettings } from './client.ts';
import { costOf } from './cost.ts';
import type { LlmExtractionError } from './errors.ts';
import { extractGroup, type GroupOutcome } from './extract-group.ts';
import type { LlmLedger } from './ledger.ts';
import { PROMPT_VERSION } from './prompt.ts';
import { reportLocale, routeReport, type RoutingOptions } from './routing.ts';
import { groupSpecs, SCHEMA_VERSION } from './schemas.ts';
import { mapWithConcurrency } from '../../shared/pool.ts';

export { LlmClient, type LlmSettings } from './client.ts';
export { LlmExtractionError, type LlmErrorKind } from './errors.ts';
export { MAX_ATTEMPTS, memoryLedger, type LlmLedger, type LedgerKey, type LedgerEntry, type SpentTokens } from './ledger.ts';
export { startOfDay, TokenBudget, type BudgetSettings } from './budget.ts';
export { PROMPT_VERSION } from './prompt.ts';
export { SCHEMA_VERSION } from './schemas.ts';
export { measureRouting, type RoutingMeasure } from './measure.ts';

/** A group the model was not asked about because a token budget would have been passed, and why. */
export interface NotAskedGroup {
  group: string;
  reason: string;
}

/**
 * What the model side of one extraction used: model, prompt and schema versions are null, and
 * every count zero, when it ran on rules alone (RULES_ONLY_USAGE, activities/usage.ts).
 */
export interface ExtractionUsage {
  model: string | null;
  promptVersion: string | null;
  schemaVersion: string | null;
  tokensIn: number;
  tokensOut: number;
  /** In US dollars, as a decimal string. */
  cost: string;
  /** Requests sent to the model server, and answers taken from the cache instead. */
  requests: number;
  cacheHits: number;
  /** Groups the model was not asked about (a token budget would have been passed), and why: the run records them. */
  notAsked?: NotAskedGroup[];
}

export interface LlmExtraction {
  candidates: CandidateValue[];
  usage: ExtractionUsage;
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
  /** Called before each HTTP request (Temporal heartbeats); may throw to stop. */
  onRequest?: (group: string) => void;
  /** Aborts the requests in flight and any retry wait: extractWithLlm then throws the signal's reason. */
  signal?: AbortSignal;
  /**
   * What the rules could not settle: only those sentences and rows are sent, and a group with
   * none is not asked. Without it every sentence naming a group's subject is sent.
   */
  focus?: RoutingOptions['focus'];
}

export async function extractWithLlm(doc: ParsedDocument, options: LlmExtractOptions): Promise<LlmExtraction> {
  const { client, logger } = options;
  const locale = reportLocale(doc);
  const instructions = instructionBlocks(doc);
  if (instructions.length > 0) {
    logger?.warn(
      { blocks: instructions.map(({ block }) => ({ page: block.page, text: block.text.slice(0, 200) })) },
      'blocks that read as instructions to a model are not sent, and nothing is grounded in them',
    );
  }
  const { maxInputTokens } = client.settings;
  const specs = groupSpecs();
  const routing = routeReport(
    doc,
    specs.map((s) => s.id),
    { maxInputTokens, locale, ...(options.focus ? { focus: options.focus } : {}) },
  );
  for (const r of routing) {
    if (r.dropped > 0)
      logger?.warn(
        { group: r.group, dropped: r.dropped, kept: r.blocks.length, maxInputTokens },
        'routed text over llm.maxInputTokens: the blocks that name the group least were left out',
      );
  }
  const work = specs
    .map((spec, i) => ({ spec, blocks: routing[i]!.blocks }))
    // Nothing in the report concerns the group: nothing to ask.
    .filter((w) => w.blocks.length > 0);
  const outcomes = await mapWithConcurrency(work, client.settings.maxConcurrency, async ({ spec, blocks }) => {
    const { ledger, documentSha256, signal, onRequest } = options;
    const outcome = await extractGroup({ client, ledger, documentSha256, logger, signal, onRequest: () => onRequest?.(spec.id) }, spec, blocks);
    options.onGroupDone?.(spec.id);
    return outcome;
  });

  const usage: ExtractionUsage = {
    model: client.model,
    promptVersion: PROMPT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    tokensIn: 0,
    tokensOut: 0,
    cost: '0',
    requests: 0,
    cacheHits: 0,
  };
  const candidates: CandidateValue[] = [];
  const groups: LlmExtraction['groups'] = [];
  for (const outcome of outcomes) {
    usage.tokensIn += outcome.spend.tokensIn;
    usage.tokensOut += outcome.spend.tokensOut;
    usage.requests += outcome.spend.requests;
    if (outcome.source === 'cache') usage.cacheHits++;
    if (outcome.source === 'failed') {
      groups.push({ group: outcome.group, source: 'failed', error: outcome.error });
      if (outcome.error.kind === 'budget') (usage.notAsked ??= []).push({ group: outcome.group, reason: outcome.error.message });
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
