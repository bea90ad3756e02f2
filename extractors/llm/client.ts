// The model client: the official openai package pointed at OpenAI or any compatible server
// (OPENAI_BASE_URL: vLLM, Ollama, a test server). One call is one HTTP request (the openai
// client's own retries are off): retries are the caller's (extract-group.ts), so that each
// request is counted against the attempt cap before it is sent; retryDelayMs says how long
// to wait, honouring Retry-After (and retry-after-ms). Each request has a timeout, a bound on
// the answer's length (max_completion_tokens) and the caller's abort signal. Structured
// outputs (json_schema, strict) are used where the server takes them; in 'auto' a 400 that
// says response_format is unsupported switches this client to JSON mode (json_object) for
// the rest of the process.
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { Logger } from 'pino';
import { TokenBudget, type BudgetSettings } from './budget.ts';
import { LlmExtractionError, type LlmSpend } from './errors.ts';
import type { ChatMessage, ResponseMode } from './prompt.ts';
import { responseFormatOf, type GroupSpec } from './schemas.ts';
import { backoffDelay, retryAfterOf } from '../../shared/retry.ts';

export interface LlmSettings extends BudgetSettings {
  apiKey: string;
  /** An OpenAI-compatible server; default api.openai.com. */
  baseUrl?: string;
  model: string;
  /** Per HTTP request, answer included. */
  timeoutMs: number;
  /** Group requests in flight at once for one report. */
  maxConcurrency: number;
  /** Retries of one request on 429, 5xx, timeouts and connection errors (Retry-After honoured), within the attempt cap. */
  maxRetries: number;
  /** max_completion_tokens of every request: the longest answer a group may cost. */
  maxCompletionTokens: number;
  /** Estimated tokens of the report text one group's request may carry (routing leaves out the least relevant blocks beyond it). */
  maxInputTokens: number;
  responseFormat: 'auto' | 'json_schema' | 'json_object';
  /**
   * What the model is asked about: 'unsettled', only the sentences and rows the rules could not
   * settle (a group with none is not asked); 'all', every sentence naming a group's subject.
   * Unset: 'unsettled'.
   */
  ask?: 'unsettled' | 'all';
  /** US dollars per million tokens. */
  price: { inputPerMillion: number; outputPerMillion: number };
}

/** What one completion call returned: the message as sent, and what it cost. */
export interface Completion {
  content: string | null;
  refusal: string | null;
  finishReason: string | null;
  spend: LlmSpend;
  mode: ResponseMode;
}

const CALL_HEADER = 'x-baocao-call';

/** A 400 that means the server does not take `response_format: json_schema`. */
function formatUnsupported(error: unknown): boolean {
  return error instanceof OpenAI.BadRequestError && /response_format|json_schema|structured output|schema/i.test(error.message);
}

/** The wait a response asks for (retry-after-ms, or Retry-After in seconds or as a date). */
const retryAfterMs = (headers: Headers | undefined): number | undefined => (headers ? (retryAfterOf(headers) ?? undefined) : undefined);

function transportError(error: unknown, requests: number): LlmExtractionError {
  const spend = { tokensIn: 0, tokensOut: 0, requests };
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new LlmExtractionError('timeout', `no answer within the timeout: ${error.message}`, null, spend);
  if (error instanceof OpenAI.APIConnectionError) return new LlmExtractionError('connection', `cannot reach the model server: ${error.message}`, null, spend);
  if (error instanceof OpenAI.RateLimitError)
    return new LlmExtractionError('rate_limited', `rate limited (429): ${error.message}`, null, spend, 429, retryAfterMs(error.headers));
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const kind = error.status >= 500 ? 'server_error' : 'request_rejected';
    return new LlmExtractionError(kind, `model server answered ${error.status}: ${error.message}`, null, spend, error.status, retryAfterMs(error.headers));
  }
  return new LlmExtractionError('connection', error instanceof Error ? error.message : String(error), null, spend);
}

export class LlmClient {
  readonly settings: LlmSettings;
  /** One per client, so that the budgets see every request this process has in flight. */
  readonly budget: TokenBudget;
  private readonly openai: OpenAI;
  private readonly logger: Logger | undefined;
  private mode: ResponseMode;
  /** HTTP requests per call id (a call may take two: the json_schema fallback), as sent. */
  private readonly sent = new Map<string, number>();

  constructor(settings: LlmSettings, options: { logger?: Logger; fetch?: typeof fetch } = {}) {
    this.settings = settings;
    this.budget = new TokenBudget(settings);
    this.logger = options.logger;
    this.mode = settings.responseFormat === 'json_object' ? 'json_object' : 'json_schema';
    const baseFetch = options.fetch ?? globalThis.fetch;
    const counting = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const id = new Headers(init?.headers).get(CALL_HEADER);
      if (id !== null) this.sent.set(id, (this.sent.get(id) ?? 0) + 1);
      return baseFetch(input, init);
    };
    this.openai = new OpenAI({
      apiKey: settings.apiKey,
      ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
      timeout: settings.timeoutMs,
      // Retries are the caller's, each one reserved against the attempt cap first.
      maxRetries: 0,
      fetch: counting,
    });
  }

  get model(): string {
    return this.settings.model;
  }

  /** The response format this client uses now (json_object once a server refused json_schema). */
  get responseMode(): ResponseMode {
    return this.mode;
  }

  /**
   * One chat completion for a group: one HTTP request (two when the server turns json_schema
   * down). Transport failures throw an LlmExtractionError carrying the requests they took; the
   * answer itself is returned unjudged, for the caller to validate. `buildMessages` is asked
   * again if the mode changes. An aborted `signal` ends the request at once.
   */
  async complete(spec: GroupSpec, buildMessages: (mode: ResponseMode) => ChatMessage[], options: { signal?: AbortSignal } = {}): Promise<Completion> {
    const callId = randomUUID();
    try {
      for (;;) {
        const mode = this.mode;
        try {
          const completion = await this.openai.chat.completions.create(
            {
              model: this.settings.model,
              messages: buildMessages(mode),
              response_format: mode === 'json_schema' ? responseFormatOf(spec) : { type: 'json_object' },
              max_completion_tokens: this.settings.maxCompletionTokens,
            },
            { headers: { [CALL_HEADER]: callId }, ...(options.signal ? { signal: options.signal } : {}) },
          );
          const choice = completion.choices[0];
          return {
            content: choice?.message.content ?? null,
            refusal: choice?.message.refusal ?? null,
            finishReason: choice?.finish_reason ?? null,
            spend: {
              tokensIn: completion.usage?.prompt_tokens ?? 0,
              tokensOut: completion.usage?.completion_tokens ?? 0,
              requests: this.sent.get(callId) ?? 1,
            },
            mode,
          };
        } catch (error) {
          if (mode === 'json_schema' && this.settings.responseFormat === 'auto' && formatUnsupported(error)) {
            this.mode = 'json_object';
            this.logger?.warn(
              { model: this.settings.model },
              'the model server does not support structured outputs (json_schema); using JSON mode for the rest of this process',
            );
            continue;
          }
          throw transportError(error, this.sent.get(callId) ?? 1);
        }
      }
    } finally {
      this.sent.delete(callId);
    }
  }
}

/** The longest wait a server's Retry-After is honoured for; beyond it, the usual backoff. */
const MAX_RETRY_AFTER_MS = 60_000;

const BACKOFF = { initialMs: 500, maxMs: 8_000 };

/** How long to wait before retry number `retry` (0-based): what the server asked, else 0.5 s doubling up to 8 s, with jitter. */
export function retryDelayMs(error: LlmExtractionError, retry: number): number {
  if (error.retryAfterMs !== undefined && error.retryAfterMs <= MAX_RETRY_AFTER_MS) return error.retryAfterMs;
  return backoffDelay(retry + 1, BACKOFF);
}
