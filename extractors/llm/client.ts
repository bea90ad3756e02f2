// The model client: the official openai package pointed at OpenAI or any compatible server
// (OPENAI_BASE_URL: vLLM, Ollama, a test server). 429 and 5xx are retried by the client
// itself, honouring Retry-After (and retry-after-ms), with a bounded number of retries; each
// request has a timeout. Structured outputs (json_schema, strict) are used where the server
// takes them; in 'auto' a 400 that says response_format is unsupported switches this client
// to JSON mode (json_object) for the rest of the process.
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { Logger } from 'pino';
import { LlmExtractionError, type LlmSpend } from './errors.ts';
import type { ChatMessage, ResponseMode } from './prompt.ts';
import { responseFormatOf, type GroupSpec } from './schemas.ts';

export interface LlmSettings {
  apiKey: string;
  /** An OpenAI-compatible server; default api.openai.com. */
  baseUrl?: string;
  model: string;
  /** Per HTTP request, answer included. */
  timeoutMs: number;
  /** Group requests in flight at once for one report. */
  maxConcurrency: number;
  /** Client retries on 429, 5xx, timeouts and connection errors (Retry-After honoured). */
  maxRetries: number;
  responseFormat: 'auto' | 'json_schema' | 'json_object';
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

function transportError(error: unknown, requests: number): LlmExtractionError {
  const spend = { tokensIn: 0, tokensOut: 0, requests };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new LlmExtractionError('timeout', `no answer within the timeout: ${error.message}`, null, spend);
  if (error instanceof OpenAI.APIConnectionError) return new LlmExtractionError('connection', `cannot reach the model server: ${error.message}`, null, spend);
  if (error instanceof OpenAI.RateLimitError) return new LlmExtractionError('rate_limited', `rate limited (429) after retries: ${error.message}`, null, spend, 429);
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const kind = error.status >= 500 ? 'server_error' : 'request_rejected';
    return new LlmExtractionError(kind, `model server answered ${error.status}: ${error.message}`, null, spend, error.status);
  }
  return new LlmExtractionError('connection', error instanceof Error ? error.message : String(error), null, spend);
}

export class LlmClient {
  readonly settings: LlmSettings;
  private readonly openai: OpenAI;
  private readonly logger: Logger | undefined;
  private mode: ResponseMode;
  /** HTTP requests per call id: the openai client retries internally, this sees every request. */
  private readonly sent = new Map<string, number>();

  constructor(settings: LlmSettings, options: { logger?: Logger; fetch?: typeof fetch } = {}) {
    this.settings = settings;
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
      maxRetries: settings.maxRetries,
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
   * One chat completion for a group. Transport failures (after the client's retries) throw
   * an LlmExtractionError carrying the requests they took; the answer itself is returned
   * unjudged, for the caller to validate. `buildMessages` is asked again if the mode changes.
   */
  async complete(spec: GroupSpec, buildMessages: (mode: ResponseMode) => ChatMessage[]): Promise<Completion> {
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
            },
            { headers: { [CALL_HEADER]: callId } },
          );
          const choice = completion.choices[0];
          return {
            content: choice?.message.content ?? null,
            refusal: choice?.message.refusal ?? null,
            finishReason: choice?.finish_reason ?? null,
            spend: { tokensIn: completion.usage?.prompt_tokens ?? 0, tokensOut: completion.usage?.completion_tokens ?? 0, requests: this.sent.get(callId) ?? 1 },
            mode,
          };
        } catch (error) {
          if (mode === 'json_schema' && this.settings.responseFormat === 'auto' && formatUnsupported(error)) {
            this.mode = 'json_object';
            this.logger?.warn({ model: this.settings.model }, 'the model server does not support structured outputs (json_schema); using JSON mode for the rest of this process');
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
