// The cache of model answers and the ledger of attempts, one entry per request identity:
// (document sha256, indicator group, prompt version, schema version, model).
//
// The hard cap: before every HTTP request (a first try, a retry after a 5xx or a timeout,
// the validation retry) an attempt is reserved here, atomically, and only while fewer than
// the cap were reserved before. An entry is never reset: a retried activity, a re-run of the
// workflow or a second worker all see the same count, so no more than MAX_ATTEMPTS requests
// can ever be billed for one (document, group, prompt, schema, model), however the retries
// stack up. A request that reached no model (429, no connection, refused outright) gives its
// attempt back. An answered entry is the cache: it is returned without sending anything, and
// no later record changes it.
import type { LlmErrorKind, LlmSpend } from './errors.ts';
import type { GroupAnswer } from './schemas.ts';

/** Requests that may be billed, in all: one try plus one retry (after a 5xx or timeout, or with the validation error fed back). */
export const MAX_ATTEMPTS = 2;

export interface LedgerKey {
  documentSha256: string;
  group: string;
  promptVersion: string;
  schemaVersion: string;
  model: string;
}

export type LedgerStatus = 'pending' | 'answered' | 'failed';

export interface LedgerEntry {
  status: LedgerStatus;
  attempts: number;
  answer: GroupAnswer | null;
  /** The last raw answer, with what was wrong with it: the validation retry feeds both back. */
  rawText: string | null;
  errorKind: LlmErrorKind | null;
  error: string | null;
}

/** What an attempt spent and how it ended, added to the entry. */
export interface AttemptRecord {
  spend: LlmSpend;
  /** US dollars, decimal string. */
  cost: string;
  rawText?: string | null;
  errorKind?: LlmErrorKind | null;
  error?: string | null;
  /** answered: with `answer`; failed: final; pending: more attempts may follow (up to the cap). */
  status: LedgerStatus;
  answer?: GroupAnswer;
}

export interface LlmLedger {
  get(key: LedgerKey): Promise<LedgerEntry | null>;
  /**
   * Reserves the next attempt: the entry's attempt count after reserving (1-based), or null
   * when the entry is answered, failed, or already has `cap` attempts.
   */
  reserve(key: LedgerKey, cap: number): Promise<LedgerEntry | null>;
  /** Gives an attempt back: only for requests that reached no model (nothing billed). */
  release(key: LedgerKey): Promise<void>;
  /** Adds an attempt's outcome; an answered entry is never changed (a late failure of a concurrent request cannot undo a paid answer). */
  record(key: LedgerKey, attempt: AttemptRecord): Promise<void>;
  /**
   * Tokens (in + out) recorded so far: on the document (every group, prompt, schema and model),
   * and on the entries of any document last reserved or recorded at or after `since`.
   */
  spentTokens(documentSha256: string, since: Date): Promise<SpentTokens>;
}

export interface SpentTokens {
  document: number;
  since: number;
}

export function ledgerKeyString(key: LedgerKey): string {
  return [key.documentSha256, key.group, key.promptVersion, key.schemaVersion, key.model].join('\u0000');
}

/**
 * A ledger in memory, for `baocao extract` (no database): the cap and the cache hold
 * within one process.
 */
export function memoryLedger(): LlmLedger & { entries: Map<string, LedgerEntry & { spend: LlmSpend; documentSha256: string; updatedAt: number }> } {
  const entries = new Map<string, LedgerEntry & { spend: LlmSpend; documentSha256: string; updatedAt: number }>();
  return {
    entries,
    async get(key) {
      const e = entries.get(ledgerKeyString(key));
      return e ? { ...e } : null;
    },
    async reserve(key, cap) {
      const k = ledgerKeyString(key);
      const e = entries.get(k) ?? {
        status: 'pending',
        attempts: 0,
        answer: null,
        rawText: null,
        errorKind: null,
        error: null,
        spend: { tokensIn: 0, tokensOut: 0, requests: 0 },
        documentSha256: key.documentSha256,
        updatedAt: Date.now(),
      };
      if (e.status !== 'pending' || e.attempts >= cap) return null;
      e.attempts++;
      e.updatedAt = Date.now();
      entries.set(k, e);
      return { ...e };
    },
    async release(key) {
      const e = entries.get(ledgerKeyString(key));
      if (e && e.attempts > 0) e.attempts--;
    },
    async record(key, attempt) {
      const e = entries.get(ledgerKeyString(key));
      if (!e || e.status === 'answered') return;
      e.status = attempt.status;
      e.updatedAt = Date.now();
      e.spend = {
        tokensIn: e.spend.tokensIn + attempt.spend.tokensIn,
        tokensOut: e.spend.tokensOut + attempt.spend.tokensOut,
        requests: e.spend.requests + attempt.spend.requests,
      };
      if (attempt.answer !== undefined) e.answer = attempt.answer;
      if (attempt.rawText !== undefined) e.rawText = attempt.rawText;
      if (attempt.errorKind !== undefined) e.errorKind = attempt.errorKind;
      if (attempt.error !== undefined) e.error = attempt.error;
    },
    async spentTokens(documentSha256, since) {
      let document = 0;
      let recent = 0;
      for (const e of entries.values()) {
        const tokens = e.spend.tokensIn + e.spend.tokensOut;
        if (e.documentSha256 === documentSha256) document += tokens;
        if (e.updatedAt >= since.getTime()) recent += tokens;
      }
      return { document, since: recent };
    },
  };
}
