// One indicator group of one report: the cache first, then HTTP requests, each reserved in
// the ledger before it is sent (see ledger.ts), so that no more than MAX_ATTEMPTS can ever
// be billed for it. An answer that fails zod (not JSON, wrong types, a value that is not a
// number, cut off) is asked again with the validation error fed back; a refusal is final at
// once. 429, 5xx, timeouts and connection errors are retried up to llm.maxRetries times
// (Retry-After honoured); a request that reached no model (429, no connection, refused
// outright) gives its attempt back. Every outcome is recorded in the ledger with its raw text
// and what it cost.
import { sleep } from '../../shared/retry.ts';
import type { Logger } from 'pino';
import { z } from 'zod';
import { retryDelayMs, type LlmClient, type Completion } from './client.ts';
import { costOf } from './cost.ts';
import { addSpend, LlmExtractionError, NO_SPEND, type LlmErrorKind, type LlmSpend } from './errors.ts';
import { MAX_ATTEMPTS, type LedgerKey, type LlmLedger } from './ledger.ts';
import { buildMessages, feedbackMessages, PROMPT_VERSION, type ChatMessage, type ResponseMode } from './prompt.ts';
import type { RoutedBlock } from './routing.ts';
import { fillMissingIndicators, jsonSchemaOf, SCHEMA_VERSION, type GroupAnswer, type GroupSpec } from './schemas.ts';
import { estimateMessagesTokens, estimateTokens } from './tokens.ts';

export interface GroupContext {
  client: LlmClient;
  ledger: LlmLedger;
  documentSha256: string;
  logger?: Logger;
  /** Aborts the request in flight and any wait; the extraction then throws the signal's reason. */
  signal?: AbortSignal;
  /** Called before each HTTP request (Temporal heartbeats); may throw to stop. */
  onRequest?: () => void;
}

export type GroupOutcome =
  | { group: string; source: 'model' | 'cache'; answer: GroupAnswer; spend: LlmSpend }
  /** No usable answer: the error says why, with the raw text; `spend` is what this run spent on it. */
  | { group: string; source: 'failed'; error: LlmExtractionError; spend: LlmSpend };

type Judgement = { ok: true; answer: GroupAnswer } | { ok: false; kind: LlmErrorKind; problem: string; raw: string | null };

const MAX_PROBLEM_CHARS = 1500;

/** Whether a completion is a usable answer for the group, and if not, what is wrong with it. */
export function judgeCompletion(completion: Pick<Completion, 'content' | 'refusal' | 'finishReason'>, spec: GroupSpec): Judgement {
  const raw = completion.content;
  if (completion.refusal) return { ok: false, kind: 'refusal', problem: `the model refused: ${completion.refusal}`, raw: raw ?? completion.refusal };
  if (raw === null || raw.trim() === '') return { ok: false, kind: 'empty', problem: 'the answer was empty', raw };
  if (completion.finishReason === 'length') return { ok: false, kind: 'invalid_answer', problem: 'the answer was cut off before the JSON object ended', raw };
  let parsed: unknown;
  try {
    // Some servers in JSON mode wrap the object in a Markdown code fence.
    parsed = JSON.parse(raw.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1'));
  } catch (error) {
    return { ok: false, kind: 'invalid_answer', problem: `the answer is not valid JSON (${(error as Error).message})`, raw };
  }
  const result = spec.schema.safeParse(fillMissingIndicators(parsed, spec));
  if (!result.success) {
    const problem = `the JSON does not match the schema:\n${z.prettifyError(result.error)}`;
    return { ok: false, kind: 'invalid_answer', problem: problem.slice(0, MAX_PROBLEM_CHARS), raw };
  }
  return { ok: true, answer: result.data };
}

/**
 * The most one request can cost: its messages and schema as the routing estimates them, and
 * the longest answer it may get (max_completion_tokens).
 */
function requestEstimate(client: LlmClient, spec: GroupSpec, messagesOf: (mode: ResponseMode) => ChatMessage[]): number {
  const mode = client.responseMode;
  // In JSON mode the schema is in the system message; with structured outputs it is sent beside.
  const schema = mode === 'json_schema' ? estimateTokens(JSON.stringify(jsonSchemaOf(spec))) : 0;
  return estimateMessagesTokens(messagesOf(mode)) + schema + client.settings.maxCompletionTokens;
}

export async function extractGroup(ctx: GroupContext, spec: GroupSpec, blocks: RoutedBlock[]): Promise<GroupOutcome> {
  const { client, ledger, logger } = ctx;
  const price = client.settings.price;
  const key: LedgerKey = {
    documentSha256: ctx.documentSha256,
    group: spec.id,
    promptVersion: PROMPT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    model: client.model,
  };
  const failed = (error: LlmExtractionError, spend: LlmSpend): GroupOutcome => {
    logger?.warn(
      { group: spec.id, kind: error.kind, error: error.message, requests: spend.requests },
      'model extraction of a group failed; its values come from the rules alone',
    );
    return { group: spec.id, source: 'failed', error, spend };
  };

  const known = await ledger.get(key);
  if (known?.status === 'answered' && known.answer) return { group: spec.id, source: 'cache', answer: known.answer, spend: NO_SPEND };
  if (known?.status === 'failed') {
    const error = new LlmExtractionError(
      known.errorKind ?? 'invalid_answer',
      `recorded earlier, not asked again: ${known.error ?? 'failed'}`,
      known.rawText,
      NO_SPEND,
    );
    return failed(error, NO_SPEND);
  }

  let spend: LlmSpend = NO_SPEND;
  let retries = 0;
  for (;;) {
    ctx.signal?.throwIfAborted();
    ctx.onRequest?.();
    const slot = await ledger.reserve(key, MAX_ATTEMPTS);
    if (!slot) {
      const now = await ledger.get(key);
      if (now?.status === 'answered' && now.answer) return { group: spec.id, source: 'cache', answer: now.answer, spend };
      const message = `the cap of ${MAX_ATTEMPTS} attempts for this document, group, prompt and model was reached (earlier runs or retries); nothing was sent`;
      if (now?.status !== 'failed') await ledger.record(key, { status: 'failed', spend: NO_SPEND, cost: '0', errorKind: 'attempt_cap', error: message });
      return failed(new LlmExtractionError('attempt_cap', message, now?.rawText ?? null, spend), spend);
    }
    // The validation retry sees the answer that failed and what was wrong with it.
    const invalid = slot.errorKind === 'invalid_answer' || slot.errorKind === 'empty';
    const feedback = invalid && slot.rawText !== null && slot.error !== null ? feedbackMessages(slot.rawText, slot.error) : [];
    const messagesOf = (mode: ResponseMode) => [...buildMessages(spec, blocks, mode), ...feedback];

    // Estimating costs a pass over the prompt: only when there is a budget to hold it to.
    const budget = await client.budget.reserve(ledger, ctx.documentSha256, client.budget.limited ? requestEstimate(client, spec, messagesOf) : 0);
    if (!budget.ok) {
      // Nothing was sent: the attempt is given back, and nothing is recorded, so that the group
      // is asked once there is budget again (tomorrow night, or with a larger budget).
      await ledger.release(key);
      return failed(new LlmExtractionError('budget', budget.reason, null, spend), spend);
    }
    const { hold } = budget;
    try {
      let completion: Completion;
      try {
        completion = await client.complete(spec, messagesOf, { signal: ctx.signal });
      } catch (error) {
        // Aborted: the request may have reached the model, so its attempt is kept.
        if (ctx.signal?.aborted) throw ctx.signal.reason;
        const e = error instanceof LlmExtractionError ? error : new LlmExtractionError('connection', String(error), null, { ...NO_SPEND, requests: 1 });
        spend = addSpend(spend, e.spend);
        if (e.free) await ledger.release(key);
        const retry = e.retryable && retries < client.settings.maxRetries;
        // While retrying only the spend is recorded: a failed answer and its problem stay for the validation retry.
        await ledger.record(key, { status: 'pending', spend: e.spend, cost: '0', ...(retry ? {} : { errorKind: e.kind, error: e.message }) });
        // Recorded, so the ledger counts it now; the wait need not hold the budget.
        hold.release();
        if (retry) {
          const wait = retryDelayMs(e, retries++);
          logger?.info({ group: spec.id, kind: e.kind, waitMs: Math.round(wait) }, 'model request failed; retrying');
          await sleep(wait, ctx.signal);
          continue;
        }
        return failed(new LlmExtractionError(e.kind, e.message, null, spend, e.status), spend);
      }
      spend = addSpend(spend, completion.spend);
      const cost = costOf(completion.spend, price);
      const judged = judgeCompletion(completion, spec);
      if (judged.ok) {
        await ledger.record(key, {
          status: 'answered',
          spend: completion.spend,
          cost,
          answer: judged.answer,
          rawText: completion.content,
          errorKind: null,
          error: null,
        });
        return { group: spec.id, source: 'model', answer: judged.answer, spend };
      }
      const final = judged.kind === 'refusal' || slot.attempts >= MAX_ATTEMPTS;
      await ledger.record(key, {
        status: final ? 'failed' : 'pending',
        spend: completion.spend,
        cost,
        rawText: judged.raw,
        errorKind: judged.kind,
        error: judged.problem,
      });
      if (final) return failed(new LlmExtractionError(judged.kind, judged.problem, judged.raw, spend), spend);
      logger?.info({ group: spec.id, problem: judged.problem }, 'model answer failed validation; asking once more with the error');
    } finally {
      // Only once the attempt is recorded (or abandoned): until then its tokens are in neither
      // the ledger nor the hold, and a concurrent group would see headroom that is not there.
      hold.release();
    }
  }
}
