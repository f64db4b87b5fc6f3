import { RateLimitedError } from './errors.js';
import { rateLimitWaitMs } from './retry-policy.js';

/**
 * The tenant's rate-limit bucket as the gateway last saw it (x-ratelimit-limit/-remaining/-reset).
 * When the bucket is known to be empty, new calls wait for its reset instead of spending
 * themselves on 429s; a wait that would pass the request's deadline fails at once with
 * RATE_LIMITED and the seconds to the reset, so the caller can come back then.
 */
export class RateGate {
  private remaining: number | null = null;
  private resetAt = 0;
  private waits = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** How many times a call has waited for a reset (for metrics and the benchmark). */
  get waitCount(): number {
    return this.waits;
  }

  async pass(deadline: number): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.remaining === null || this.remaining > 0 || now >= this.resetAt) {
        if (this.remaining !== null && this.remaining > 0) this.remaining -= 1;
        return;
      }
      await this.waitUntil(this.resetAt, deadline);
      // The bucket refills by its reset; the next answer will say by how much exactly.
      if (this.now() >= this.resetAt) this.remaining = null;
    }
  }

  /** Waits out a 429 until `resetAt` (Unix ms), or throws RATE_LIMITED when that passes the deadline. */
  async waitUntil(resetAt: number, deadline: number): Promise<void> {
    const wait = rateLimitWaitMs(resetAt - this.now());
    if (this.now() + wait > deadline) throw new RateLimitedError(Math.max(1, Math.ceil((resetAt - this.now()) / 1000)));
    this.waits += 1;
    await this.sleep(wait);
  }

  observe(headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining)) return;
    this.remaining = remaining;
    if (headers.has('x-ratelimit-reset') && Number.isFinite(reset)) this.resetAt = reset * 1000;
  }
}
