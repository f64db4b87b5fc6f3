import { RateLimitedError } from './errors.js';
import { rateLimitWaitMs } from './retry-policy.js';

/**
 * The tenant's rate-limit bucket as the gateway last saw it (x-ratelimit-limit/-remaining/-reset),
 * used to spend the budget rather than 429s.
 *
 * While tokens remain, calls pass. When the bucket is known to be empty, calls are paced at the
 * bucket's refill rate instead of all waiting for the reset: Auth0's bucket refills continuously,
 * and its reset (the time it is full again, in whole seconds) would leave most of the refill unused.
 * The refill rate is learnt from the headers themselves: `limit - remaining` tokens refill by
 * `reset`, and since the reset is rounded up, the largest of these estimates is the closest. A 429
 * means the estimate was too high: the call waits for the reset, and the pace is capped a tenth lower.
 * A wait that would pass the request's deadline fails at once with RATE_LIMITED and the seconds
 * to the reset, so the caller can come back then.
 */
export class RateGate {
  private limit: number | null = null;
  private remaining: number | null = null;
  private resetAt = 0;
  /** Learnt refill rate, tokens per ms; null until learnt or after a 429. */
  private refillPerMs: number | null = null;
  private ceilingPerMs = Number.POSITIVE_INFINITY;
  private nextSlot = 0;
  private waits = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** How many times a call has waited for the bucket (for metrics and the benchmark). */
  get waitCount(): number {
    return this.waits;
  }

  async pass(deadline: number): Promise<void> {
    for (;;) {
      const now = this.now();
      // Past its reset the bucket is full again.
      if (this.remaining !== null && this.remaining <= 0 && now >= this.resetAt) this.remaining = this.limit;
      if (this.remaining === null || this.remaining > 0) {
        if (this.remaining !== null) this.remaining -= 1;
        return;
      }
      if (this.refillPerMs !== null) {
        // Paced: one call per refilled token, in turn.
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + 1 / this.refillPerMs;
        if (slot > deadline) throw this.limited();
        if (slot > now) {
          this.waits += 1;
          await this.sleep(slot - now);
        }
        return;
      }
      await this.waitUntil(this.resetAt, deadline);
    }
  }

  /**
   * After a 429: wait out the announced reset (RATE_LIMITED if that passes the deadline), and cap
   * the learnt rate a tenth below what it was, since it proved too high (answers' latency and other
   * clients of the tenant make it so).
   */
  async backOff(resetAt: number, deadline: number): Promise<void> {
    this.remaining = 0;
    this.resetAt = Math.max(this.resetAt, resetAt);
    if (this.refillPerMs !== null) {
      this.ceilingPerMs = this.refillPerMs * 0.9;
      this.refillPerMs = this.ceilingPerMs;
    }
    await this.waitUntil(resetAt, deadline);
  }

  observe(headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining)) return;
    const limit = Number(headers.get('x-ratelimit-limit'));
    const reset = Number(headers.get('x-ratelimit-reset')) * 1000;
    this.remaining = remaining;
    if (Number.isFinite(limit) && limit > 0) this.limit = limit;
    if (!Number.isFinite(reset) || !headers.has('x-ratelimit-reset')) return;
    this.resetAt = reset;
    const untilFull = reset - this.now();
    if (this.limit !== null && remaining < this.limit && untilFull > 0) {
      const estimate = (this.limit - remaining) / untilFull;
      this.refillPerMs = Math.min(this.ceilingPerMs, Math.max(this.refillPerMs ?? 0, estimate));
    }
    // Empty now: the next token is at most one refill interval away.
    if (remaining <= 0 && this.refillPerMs !== null) this.nextSlot = Math.max(this.nextSlot, this.now() + 1 / this.refillPerMs);
  }

  private async waitUntil(resetAt: number, deadline: number): Promise<void> {
    const wait = rateLimitWaitMs(resetAt - this.now());
    if (this.now() + wait > deadline) throw this.limited(resetAt);
    this.waits += 1;
    await this.sleep(wait);
  }

  private limited(resetAt = this.resetAt): RateLimitedError {
    return new RateLimitedError(Math.max(1, Math.ceil((resetAt - this.now()) / 1000)));
  }
}
