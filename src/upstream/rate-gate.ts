import type { HeaderReader } from './transport.js';
import { RateLimitedError } from './errors.js';
import { rateLimitWaitMs } from './retry-policy.js';

/**
 * A mirror of the tenant's rate-limit bucket, kept from the x-ratelimit-* headers, so that the
 * gateway spends the budget on calls rather than on 429s.
 *
 * Auth0's bucket holds `x-ratelimit-limit` tokens and refills continuously; `x-ratelimit-reset` is
 * when it is full again (Unix seconds, rounded up). So `limit - remaining` tokens refill by the
 * reset, which gives the refill rate; the rounding only ever makes that estimate low, so the
 * largest estimate seen is the best. The mirror refills at that rate, spends a token per call, and
 * never believes it holds more than the last answer said (answers to calls sent earlier are stale
 * only upwards). A call waits for its token; a wait past the request's deadline fails at once with
 * RATE_LIMITED and the seconds until the bucket has a token again.
 *
 * A 429 means the mirror was wrong (other clients of the tenant spend the same bucket): the mirror
 * is emptied, and the call waits for the announced reset before taking its turn again.
 */
export class RateGate {
  private limit: number | null = null;
  private tokens = 0;
  private updatedAt = 0;
  private resetAt = 0;
  /** Tokens per ms; null until learnt. */
  private rate: number | null = null;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onWait: () => void;

  constructor(options: { now?: () => number; sleep?: (ms: number) => Promise<void>; onWait?: () => void } = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.onWait = options.onWait ?? (() => {});
  }

  async pass(deadline: number): Promise<void> {
    for (;;) {
      if (this.limit === null) return;
      const now = this.now();
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const wait = this.rate ? Math.ceil((1 - this.tokens) / this.rate) : rateLimitWaitMs(this.resetAt - now);
      if (now + wait > deadline) throw new RateLimitedError(Math.max(1, Math.ceil(wait / 1000)));
      this.onWait();
      await this.sleep(wait);
    }
  }

  /** After a 429: wait out the announced reset (RATE_LIMITED if that passes the deadline). */
  async backOff(resetAt: number, deadline: number): Promise<void> {
    const now = this.now();
    this.refill(now);
    this.tokens = 0;
    this.resetAt = Math.max(this.resetAt, resetAt);
    const wait = rateLimitWaitMs(resetAt - now);
    if (now + wait > deadline) throw new RateLimitedError(Math.max(1, Math.ceil((resetAt - now) / 1000)));
    this.onWait();
    // The mirror is left to refill meanwhile: calls paced during the wait spend the refill too,
    // so this call then takes its turn like any other.
    await this.sleep(wait);
  }

  observe(headers: HeaderReader): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const limit = Number(headers.get('x-ratelimit-limit'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(limit) || limit <= 0) return;
    const now = this.now();
    const first = this.limit === null;
    this.limit = limit;
    const reset = Number(headers.get('x-ratelimit-reset')) * 1000;
    if (headers.has('x-ratelimit-reset') && Number.isFinite(reset)) {
      this.resetAt = reset;
      if (remaining < limit && reset > now) {
        // 2% under the estimate: an answer reaches us a little after the tenant stamped it, which
        // makes `reset - now` short and the estimate a little high.
        this.rate = Math.max(this.rate ?? 0, (0.98 * (limit - remaining)) / (reset - now));
      }
    }
    this.refill(now);
    this.tokens = first ? remaining : Math.min(this.tokens, remaining);
  }

  private refill(now: number): void {
    if (this.rate !== null && this.limit !== null) this.tokens = Math.min(this.limit, this.tokens + (now - this.updatedAt) * this.rate);
    this.updatedAt = now;
  }
}
