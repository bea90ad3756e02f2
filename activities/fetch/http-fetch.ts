// A careful HTTP GET for report files and index pages on provincial portals.
//
// - Only hosts in sources.allowedHosts are contacted, on every redirect hop; hosts that resolve to
//   (or are) private, loopback or link-local addresses only when in sources.privateNetworkHosts,
//   checked on the resolved address at connect time (see host-policy.ts).
// - Each call builds its own undici Agent with the guarded lookup and destroys it before
//   returning: no global dispatcher, no sockets or timers left behind.
// - Bodies are streamed and counted; the download stops as soon as it exceeds maxBytes.
// - Transient failures are retried with backoff (shared/retry.ts); errors are FetchError with a code
//   and a sentence an analyst can act on.
import { STATUS_CODES } from 'node:http';
import { Agent, buildConnector, request } from 'undici';
import { guardedLookup, refuseAddress, refuseHost, PrivateAddressRefusal, systemResolver, type HostRules, type Resolver } from './host-policy.ts';
import { backoffDelay, parseRetryAfter, sleep } from '../../shared/retry.ts';
import { displayRawUrl, displayUrl, formatBytes, formatSeconds } from './wording.ts';

export interface FetchPolicy {
  /** Hosts a URL may reach: exact ("portal.tayninh.gov.vn", "127.0.0.1") or a suffix pattern ("*.gov.vn"). Empty = nothing allowed. */
  allowedHosts: string[];
  /** Allowed hosts that may resolve to (or be) private, loopback or link-local addresses; every other host is refused there, checked on the resolved address at connect time (DNS rebinding) and for IP literals. */
  privateNetworkHosts: string[];
  /** Per attempt, headers and whole body. */
  timeoutMs: number;
  /** Extra attempts after a retryable failure (5xx, 429, connection reset/refused, timeout, truncated body). */
  retries: number;
  /** Backoff between attempts: exponential from initialMs, capped at maxMs, with jitter; a Retry-After header (seconds or HTTP date) is honoured up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
  maxRedirects: number;
  /** Bodies larger than this are refused: from Content-Length before reading, or while streaming (abort as soon as exceeded, never buffer more). */
  maxBytes: number;
  userAgent: string;
}

export interface Conditional {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchOutcome =
  | { status: 'not_modified'; url: string; attempts: number }
  | { status: 'ok'; url: string; bytes: Uint8Array; etag: string | null; lastModified: string | null; contentType: string | null; attempts: number };

export type FetchErrorCode =
  | 'bad_url'
  | 'host_not_allowed'
  | 'private_address'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'too_large'
  | 'http_status'
  | 'timeout'
  | 'network'
  | 'truncated';

export class FetchError extends Error {
  readonly code: FetchErrorCode;
  /** Whether the failure is of a transient kind (a later run may succeed), even when this call's retries are spent. */
  readonly retryable: boolean;
  /** The requested URL as shown in messages (no credentials, no fragment, secret query values hidden). */
  readonly url: string;
  /** The HTTP status, for 'http_status'. */
  readonly status?: number;
  /** Attempts made (0 when the URL was refused before any request). */
  readonly attempts: number;

  constructor(code: FetchErrorCode, message: string, details: { url: string; retryable: boolean; status?: number; attempts?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.code = code;
    this.retryable = details.retryable;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    this.attempts = details.attempts ?? 0;
  }
}

const MiB = 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

export const DEFAULT_FETCH_POLICY: Omit<FetchPolicy, 'allowedHosts' | 'privateNetworkHosts'> = Object.freeze({
  timeoutMs: 30_000,
  retries: 3,
  backoff: Object.freeze({ initialMs: 1_000, maxMs: 30_000 }),
  maxRedirects: 5,
  maxBytes: 50 * MiB,
  userAgent: 'baocao/0.1 (+ministry S&T indicators)',
});

/**
 * GET with If-None-Match / If-Modified-Since when given; follows redirects itself (each hop
 * re-checked against the policy; a loop or more than maxRedirects hops is refused); returns the
 * final URL.
 *
 * One attempt is one walk of the redirect chain from `url`; a retryable failure anywhere on it
 * starts the next attempt from `url` again. `timeoutMs` bounds each request of an attempt (connect,
 * headers and the whole body). When `signal` aborts, the call rejects with `signal.reason` (not a
 * FetchError) and everything it opened is closed.
 */
export async function fetchBytes(url: string, policy: FetchPolicy, conditional?: Conditional, signal?: AbortSignal): Promise<FetchOutcome> {
  return fetchBytesWith(systemResolver, url, policy, conditional, signal);
}

/** fetchBytes with a given resolver in place of the system DNS (tests; callers with their own resolver). */
export async function fetchBytesWith(
  resolve: Resolver,
  url: string,
  policy: FetchPolicy,
  conditional?: Conditional,
  signal?: AbortSignal,
): Promise<FetchOutcome> {
  checkPolicy(policy);
  const rules: HostRules = { allowedHosts: policy.allowedHosts, privateNetworkHosts: policy.privateNetworkHosts };

  let start: URL;
  try {
    start = new URL(url);
  } catch {
    throw new FetchError('bad_url', `${displayRawUrl(url)} is not a valid web address`, { url: displayRawUrl(url), retryable: false });
  }
  start.hash = '';
  const refused = refuseUrl(start, rules);
  if (refused) {
    throw new FetchError(refused.code, `${displayUrl(start)}: ${refused.reason}`, { url: displayUrl(start), retryable: false });
  }
  if (signal?.aborted) throw signal.reason;

  const headers: Record<string, string> = {
    'user-agent': policy.userAgent,
    accept: '*/*',
    // Bytes as stored on the server: Content-Length then counts what we receive.
    'accept-encoding': 'identity',
  };
  if (conditional?.etag) headers['if-none-match'] = conditional.etag;
  if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;

  const agent = createAgent(policy, rules, resolve);
  const ctx: Context = { policy, rules, agent, headers, conditionalSent: Boolean(conditional?.etag || conditional?.lastModified), signal };
  let attempts = 0;
  try {
    for (;;) {
      attempts++;
      try {
        const done = await followRedirects(start, ctx);
        return { ...done, attempts };
      } catch (err) {
        if (!(err instanceof Failure)) throw err; // the caller's abort (its own reason), or a bug
        if (!err.retryable || attempts > policy.retries) {
          const tally = attempts > 1 ? ` (${attempts} attempts)` : '';
          throw new FetchError(err.code, `${err.where ?? displayUrl(start)}: ${err.reason}${tally}`, {
            url: displayUrl(start),
            retryable: err.retryable,
            ...(err.status !== undefined ? { status: err.status } : {}),
            attempts,
            cause: err.cause,
          });
        }
        await sleep(backoffDelay(attempts, policy.backoff, err.retryAfterMs), signal);
      }
    }
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------

interface Context {
  policy: FetchPolicy;
  rules: HostRules;
  agent: Agent;
  headers: Record<string, string>;
  conditionalSent: boolean;
  signal: AbortSignal | undefined;
}

/** One failed request or refused hop, before it becomes a FetchError with the attempt count. */
class Failure extends Error {
  where: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | null;

  constructor(
    readonly code: FetchErrorCode,
    readonly reason: string,
    readonly retryable: boolean,
    extra: { status?: number; retryAfterMs?: number | null; cause?: unknown; where?: string } = {},
  ) {
    super(reason, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs ?? null;
    this.where = extra.where;
  }
}

function checkPolicy(policy: FetchPolicy): void {
  const bad = (what: string) => {
    throw new TypeError(`fetch policy: ${what}`);
  };
  if (!Array.isArray(policy.allowedHosts) || !Array.isArray(policy.privateNetworkHosts)) bad('allowedHosts and privateNetworkHosts must be lists');
  // Timers overflow (and fire at once) beyond 2^31-1 ms, about 24.8 days.
  if (!(policy.timeoutMs > 0 && policy.timeoutMs <= MAX_TIMER_MS)) bad('timeoutMs must be a positive number of milliseconds, at most 2147483647');
  if (!Number.isInteger(policy.retries) || policy.retries < 0) bad('retries must be a whole number >= 0');
  if (!Number.isInteger(policy.maxRedirects) || policy.maxRedirects < 0) bad('maxRedirects must be a whole number >= 0');
  if (!(policy.maxBytes > 0)) bad('maxBytes must be positive');
  if (!(policy.backoff.initialMs >= 0) || !(policy.backoff.maxMs >= 0 && policy.backoff.maxMs <= MAX_TIMER_MS))
    bad('backoff delays must be >= 0 and at most 2147483647 ms');
}

/** Why this URL may not be requested (scheme, credentials, host policy), or null. */
function refuseUrl(url: URL, rules: HostRules): { code: FetchErrorCode; reason: string } | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { code: 'bad_url', reason: `only http and https addresses can be fetched, not ${url.protocol}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { code: 'bad_url', reason: 'addresses with a user name or password are refused' };
  }
  return refuseHost(url.hostname, rules);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Done =
  | { status: 'not_modified'; url: string }
  | { status: 'ok'; url: string; bytes: Uint8Array; etag: string | null; lastModified: string | null; contentType: string | null };

type Step =
  | { kind: 'redirect'; location: string }
  | { kind: 'not_modified' }
  | { kind: 'ok'; bytes: Uint8Array; etag: string | null; lastModified: string | null; contentType: string | null };

/** One attempt: request `start`, following redirects, each hop checked before it is requested. */
async function followRedirects(start: URL, ctx: Context): Promise<Done> {
  const chain: URL[] = [start];
  let current = start;
  const origin = displayUrl(start);
  const chainText = (next: URL) => [...chain, next].map(displayUrl).join(' -> ');
  for (;;) {
    let step: Step;
    try {
      step = await requestOnce(current, ctx);
    } catch (err) {
      if (err instanceof Failure) err.where ??= current === start ? origin : `${origin} (redirected to ${displayUrl(current)})`;
      throw err;
    }
    if (step.kind === 'not_modified') return { status: 'not_modified', url: current.href };
    if (step.kind === 'ok') {
      const { kind: _, ...rest } = step;
      return { status: 'ok', url: current.href, ...rest };
    }

    let next: URL;
    try {
      next = new URL(step.location, current);
    } catch {
      throw new Failure('bad_url', `redirect to ${displayRawUrl(step.location)} refused: not a valid web address`, false, { where: origin });
    }
    next.hash = '';
    const refused = refuseUrl(next, ctx.rules);
    if (refused) throw new Failure(refused.code, `redirect to ${displayUrl(next)} refused: ${refused.reason}`, false, { where: origin });
    if (chain.some((u) => u.href === next.href)) {
      throw new Failure('redirect_loop', `redirect loop (${chainText(next)})`, false, { where: origin });
    }
    if (chain.length > ctx.policy.maxRedirects) {
      throw new Failure('too_many_redirects', `more than ${ctx.policy.maxRedirects} redirects (${chainText(next)})`, false, { where: origin });
    }
    chain.push(next);
    current = next;
  }
}

/** One request to one URL under the attempt timeout; the body is read here, within the cap. */
async function requestOnce(url: URL, ctx: Context): Promise<Step> {
  const { policy, signal } = ctx;
  const controller = new AbortController();
  const timeoutReason = new Error(`no answer within ${formatSeconds(policy.timeoutMs)}`);
  const timer = setTimeout(() => controller.abort(timeoutReason), policy.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  const progress: Progress = { stage: 'headers', received: 0, expected: null };
  try {
    const res = await request(url.href, {
      dispatcher: ctx.agent,
      method: 'GET',
      headers: ctx.headers,
      signal: controller.signal,
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
    });
    const { statusCode: status, headers, body } = res;
    // Failures surface through the iterator, dump() or our own checks; a destroyed body must
    // not also raise an unhandled 'error' event.
    body.on('error', ignore);

    if (status >= 200 && status < 300) {
      progress.stage = 'body';
      progress.expected = parseContentLength(header(headers, 'content-length'));
      if (progress.expected !== null && progress.expected > policy.maxBytes) {
        body.destroy();
        throw new Failure('too_large', `file is larger than ${formatBytes(policy.maxBytes)} (the server announced ${formatBytes(progress.expected)})`, false);
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        if (progress.received + chunk.byteLength > policy.maxBytes) {
          body.destroy();
          throw new Failure('too_large', `file is larger than ${formatBytes(policy.maxBytes)}`, false);
        }
        progress.received += chunk.byteLength;
        chunks.push(chunk);
      }
      if (progress.expected !== null && progress.received !== progress.expected) {
        throw new Failure('truncated', cutShort(progress), true);
      }
      const bytes = new Uint8Array(progress.received);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.byteLength;
      }
      return {
        kind: 'ok',
        bytes,
        etag: header(headers, 'etag'),
        lastModified: header(headers, 'last-modified'),
        contentType: header(headers, 'content-type'),
      };
    }

    const statusWords = `${status} ${STATUS_CODES[status] ?? res.statusText ?? ''}`.trim();
    if (status === 304 && ctx.conditionalSent) {
      await discard(body);
      return { kind: 'not_modified' };
    }
    if (REDIRECTS.has(status)) {
      const location = header(headers, 'location');
      await discard(body);
      if (!location) throw new Failure('http_status', `the server answered ${statusWords} without saying where to`, false, { status });
      return { kind: 'redirect', location };
    }
    body.destroy();
    const retryable = status === 408 || status === 429 || status >= 500;
    throw new Failure('http_status', `the server answered ${statusWords}`, retryable, {
      status,
      retryAfterMs: retryable ? parseRetryAfter(header(headers, 'retry-after')) : null,
    });
  } catch (err) {
    if (err instanceof Failure) throw err;
    if (signal?.aborted) throw signal.reason;
    const timedOut = controller.signal.aborted && controller.signal.reason === timeoutReason;
    throw describeError(err, timedOut, progress, url, policy);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

interface Progress {
  stage: 'headers' | 'body';
  received: number;
  expected: number | null;
}

function cutShort(p: Progress): string {
  if (p.expected !== null && p.received > p.expected) return `the server sent ${p.received} bytes but announced ${p.expected}`;
  return `download cut short after ${p.received}${p.expected !== null ? ` of ${p.expected}` : ''} bytes`;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

/** A transport error (not an HTTP status) as a Failure. */
function describeError(err: unknown, timedOut: boolean, p: Progress, url: URL, policy: FetchPolicy): Failure {
  const refusal = findError(err, (e): e is PrivateAddressRefusal => e instanceof PrivateAddressRefusal);
  if (refusal) return new Failure('private_address', refusal.message, false, { cause: err });

  const codes = errorCodes(err);
  const has = (...cs: string[]) => cs.some((c) => codes.has(c));
  const seconds = formatSeconds(policy.timeoutMs);
  if (timedOut || [...codes].some((c) => TIMEOUT_CODES.has(c))) {
    const reason =
      p.stage === 'headers'
        ? `no answer within ${seconds}`
        : `download not finished within ${seconds} (${p.received}${p.expected !== null ? ` of ${p.expected}` : ''} bytes received)`;
    return new Failure('timeout', reason, true, { cause: err });
  }
  if (p.stage === 'body') return new Failure('truncated', cutShort(p), true, { cause: err });

  const host = url.hostname;
  if (has('ENOTFOUND')) return new Failure('network', `host ${host} was not found in DNS`, false, { cause: err });
  if (has('EAI_AGAIN')) return new Failure('network', `the DNS lookup of ${host} failed for now`, true, { cause: err });
  if (has('ECONNREFUSED')) return new Failure('network', 'the server refused the connection', true, { cause: err });
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED')) {
    return new Failure('network', 'the connection was closed before the server answered', true, { cause: err });
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN')) return new Failure('network', `host ${host} cannot be reached`, true, { cause: err });
  if ([...codes].some((c) => TLS_CODE.test(c))) {
    return new Failure('network', `the secure connection failed: ${messageOf(err)}`, false, { cause: err });
  }
  return new Failure('network', `the connection failed: ${messageOf(err)}`, true, { cause: err });
}

/** The error or one it wraps (cause, AggregateError.errors) that satisfies `test`. */
function findError<T>(err: unknown, test: (e: unknown) => e is T, depth = 0): T | null {
  if (err == null || depth > 5) return null;
  if (test(err)) return err;
  if (typeof err !== 'object') return null;
  const e = err as { cause?: unknown; errors?: unknown };
  const fromCause = findError(e.cause, test, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = findError(inner, test, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function errorCodes(err: unknown): Set<string> {
  const codes = new Set<string>();
  findError(err, (e): e is never => {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string') codes.add(code);
    return false;
  });
  return codes;
}

function ignore(): void {}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}

function parseContentLength(v: string | null): number | null {
  if (v === null || !/^\s*\d+\s*$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** Drain a small unwanted body (so the connection can be reused), or drop it when large. */
async function discard(body: { dump(opts?: { limit: number }): Promise<void> }): Promise<void> {
  await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
}

/**
 * An Agent whose sockets go only where the policy allows: names resolve through the guarded
 * lookup (a non-public address is refused before connecting), and every connected socket's
 * remote address is checked again (covers IP literals and anything the lookup did not see).
 */
function createAgent(policy: FetchPolicy, rules: HostRules, resolve: Resolver): Agent {
  const base = buildConnector({ timeout: policy.timeoutMs, lookup: guardedLookup(rules, resolve) });
  const connect: buildConnector.connector = (opts, callback) => {
    base(opts, (...args) => {
      const [err, socket] = args;
      if (err) return callback(err, null);
      const refusal = refuseAddress(opts.hostname, socket.remoteAddress ?? '', rules);
      if (refusal) {
        socket.destroy();
        return callback(refusal, null);
      }
      return callback(null, socket);
    });
  };
  return new Agent({
    connect,
    headersTimeout: policy.timeoutMs,
    bodyTimeout: policy.timeoutMs,
    connections: 4,
    keepAliveTimeout: 4_000,
  });
}
