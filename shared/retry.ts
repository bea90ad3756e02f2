// Waiting between attempts: exponential backoff with jitter, and the server's Retry-After.
// One of each for every client that retries (the fetcher, the model client).

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before the next attempt after `failures` failed attempts (1 for the first retry):
 * base = min(maxMs, initialMs * 2^(failures-1)), then "equal jitter": a random point in
 * [base/2, base]. A Retry-After (ms) from the server raises the delay to at least that, but
 * never above maxMs.
 */
export function backoffDelay(failures: number, backoff: Backoff, retryAfterMs: number | null = null, random: () => number = Math.random): number {
  const exponent = Math.max(0, failures - 1);
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(exponent, 30));
  const jittered = base / 2 + random() * (base / 2);
  const wanted = retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
  return Math.max(0, Math.round(Math.min(backoff.maxMs, wanted)));
}

/**
 * A Retry-After header in milliseconds from now: delta-seconds ("120", "2.5") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"; a date in the past gives 0). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date names its day and month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(v)) return null;
  const when = Date.parse(v);
  if (Number.isNaN(when)) return null;
  return Math.max(0, when - now);
}

/** The wait a response asks for, in ms: `retry-after-ms` (OpenAI-style servers), else Retry-After; null when it asks none. */
export function retryAfterOf(headers: { get(name: string): string | null }, now: number = Date.now()): number | null {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms) return /^\d+(\.\d+)?$/.test(ms) ? Number(ms) : null;
  return parseRetryAfter(headers.get('retry-after'), now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (the timer is cleared). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
