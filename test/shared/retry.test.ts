// Waiting between attempts, as the fetcher and the model client both do.
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryAfterOf, sleep } from '../../shared/retry.ts';

describe('backoff', () => {
  const backoff = { initialMs: 1_000, maxMs: 30_000 };
  it('doubles from initialMs with jitter in [base/2, base], capped at maxMs', () => {
    expect(backoffDelay(1, backoff, null, () => 0)).toBe(500);
    expect(backoffDelay(1, backoff, null, () => 1)).toBe(1_000);
    expect(backoffDelay(2, backoff, null, () => 1)).toBe(2_000);
    expect(backoffDelay(3, backoff, null, () => 0.5)).toBe(3_000);
    expect(backoffDelay(10, backoff, null, () => 1)).toBe(30_000);
    expect(backoffDelay(100, backoff, null, () => 1)).toBe(30_000);
  });
  it('waits at least Retry-After, but never above maxMs', () => {
    expect(backoffDelay(1, backoff, 5_000, () => 0)).toBe(5_000);
    expect(backoffDelay(1, backoff, 100, () => 1)).toBe(1_000);
    expect(backoffDelay(1, backoff, 3_600_000, () => 0)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['1', 1_000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
    ['-5', null],
  ])('%j -> %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason and clears its timer', async () => {
    const c = new AbortController();
    const p = sleep(60_000, c.signal);
    c.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});

describe('retryAfterOf', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const headers = (h: Record<string, string>) => new Headers(h);
  it('takes retry-after-ms first, then Retry-After in seconds or as a date', () => {
    expect(retryAfterOf(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1_500);
    expect(retryAfterOf(headers({ 'retry-after': '2.5' }), now)).toBe(2_500);
    expect(retryAfterOf(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterOf(headers({ 'retry-after-ms': 'soon' }), now)).toBeNull();
    expect(retryAfterOf(headers({}), now)).toBeNull();
  });
});
