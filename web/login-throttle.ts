// Failed logins counted per client address and per username over a sliding window: past the
// limit, logins are refused (429) until the oldest failure leaves the window, even with the
// right password, so guessing gets a handful of tries per window whichever way it spreads.
// (@fastify/rate-limit counts every request; what matters here is failures.)
//
// In memory: one server process. Behind several processes the limit is per process.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

/** Keys tracked at most; beyond it the longest-unused are dropped (a flood of made-up usernames must not grow memory without end). */
const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  static keys(ip: string, username: string): string[] {
    return [`ip:${ip}`, `user:${username.normalize('NFC').trim().toLowerCase()}`];
  }

  private recent(key: string, at: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => at - t < this.policy.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Milliseconds until a login may be tried for these keys; 0 when it may now. */
  retryAfterMs(keys: string[]): number {
    const at = this.now();
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key, at);
      if (times.length >= this.policy.maxFailures) wait = Math.max(wait, times[times.length - this.policy.maxFailures]! + this.policy.windowMs - at);
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const at = this.now();
    for (const key of keys) {
      const times = this.recent(key, at);
      // Re-inserted so Map order is least recently failed first.
      this.failures.delete(key);
      this.failures.set(key, [...times, at]);
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  /** After a successful login: the account's failures are forgotten (the address's are not). */
  forget(key: string): void {
    this.failures.delete(key);
  }
}
