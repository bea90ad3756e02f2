// Typed failures of a model request. Each keeps what the server sent back (the raw text) and
// what the request cost (tokens, HTTP requests), so a failure is recorded with its cost and
// never silently re-spent.

export interface LlmSpend {
  tokensIn: number;
  tokensOut: number;
  /** HTTP requests sent (retries on 429/5xx/timeouts included). */
  requests: number;
}

export const NO_SPEND: LlmSpend = { tokensIn: 0, tokensOut: 0, requests: 0 };

export function addSpend(a: LlmSpend, b: LlmSpend): LlmSpend {
  return { tokensIn: a.tokensIn + b.tokensIn, tokensOut: a.tokensOut + b.tokensOut, requests: a.requests + b.requests };
}

export type LlmErrorKind =
  /** The model declined to answer (message.refusal). Final: asking again does not help. */
  | 'refusal'
  /** No content at all. */
  | 'empty'
  /** Content that is not JSON, or JSON that does not match the group's schema, after the one retry. */
  | 'invalid_answer'
  /** The attempt cap for this request was reached earlier (other runs, retries): nothing is sent. */
  | 'attempt_cap'
  /** 429 after llm.maxRetries retries, honouring Retry-After. */
  | 'rate_limited'
  /** 5xx after llm.maxRetries retries. */
  | 'server_error'
  /** No answer within the request timeout, after llm.maxRetries retries. */
  | 'timeout'
  /** Connection refused, reset, DNS. */
  | 'connection'
  /** Any other 4xx (bad key, unknown model, bad request). */
  | 'request_rejected'
  /**
   * Not sent: the request could have taken the document or the night past its token budget
   * (llm.maxTokensPerDocument, llm.maxTokensPerNight). Never recorded in the ledger, so the
   * group is asked again once there is budget.
   */
  | 'budget';

/** A request that produced no usable object: what the AI SDK calls NoObjectGeneratedError. */
export class LlmExtractionError extends Error {
  override readonly name = 'LlmExtractionError';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    /** The last text the model sent, when it sent any. */
    readonly rawText: string | null,
    /** What was spent on the request, failures included. */
    readonly spend: LlmSpend,
    /** HTTP status, for transport failures. */
    readonly status?: number,
    /** How long the server asked to wait before asking again (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /**
   * Final failures are recorded and never asked again for the same document, group, prompt,
   * schema and model. Transport failures are not final.
   */
  get final(): boolean {
    return this.kind === 'refusal' || this.kind === 'empty' || this.kind === 'invalid_answer' || this.kind === 'attempt_cap';
  }

  /**
   * The request reached no model, so nothing was billed: rate limited (429), no connection, or
   * refused outright (bad key, unknown model). Its attempt is given back. 5xx and timeouts
   * may have been billed and keep theirs.
   */
  get free(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'connection' || this.kind === 'request_rejected';
  }

  /** Worth sending again, within llm.maxRetries and the attempt cap. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'connection' || this.kind === 'server_error' || this.kind === 'timeout';
  }
}
