import type { HeaderReader } from './transport.js';
import { RateLimitedError } from './errors.js';
import { TenantClock } from './tenant-clock.js';

/**
 * No Auth0 plan refills its Management API bucket slower than 2 calls a second; until a rate is
 * learnt, the mirror assumes half that, so a bucket it believes empty always refills.
 */
const FLOOR_RATE_PER_MS = 1 / 1_000;
/** During a long hold, one call goes through this often to see whether the tenant answers again. */
export const PROBE_INTERVAL_MS = 5_000;
/**
 * A 429 whose reset is not in the future (skewed clocks, a slow answer) holds calls for 250 ms to
 * 1 s, doubled for each further 429 in a row, up to PROBE_INTERVAL_MS.
 */
const SOON_MS = 250;

export interface RateGateOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** A call waits for the bucket (paced, or held after a 429). */
  onWait?: () => void;
  /** The tenant's clock is more than a second away from ours (reported once). */
  onSkew?: (skewMs: number) => void;
}

export interface RateGateStatus {
  /** Until when calls are held after a 429 (ms since the epoch, our clock), or null. */
  heldUntil: number | null;
  /** The learnt refill rate in calls per second, or null. */
  ratePerSecond: number | null;
  /** How far the tenant's clock is ahead of ours, as corrected for. */
  clockOffsetMs: number;
}

/**
 * A mirror of the tenant's rate-limit bucket, kept from the x-ratelimit-* headers, so that the
 * gateway spends the budget on calls rather than on 429s.
 *
 * Auth0's bucket holds `x-ratelimit-limit` tokens and refills continuously; `x-ratelimit-reset` is
 * when it is full again (Unix seconds by the tenant's clock, rounded up). So `limit - remaining`
 * tokens refill by the reset, which gives the refill rate; the rounding only ever makes that
 * estimate low, so the largest estimate seen is the best. The mirror refills at that
 * rate, spends a token per call, and never believes it holds more than the last answer said
 * (answers to calls sent earlier are stale only upwards). A call waits for its token; a wait past
 * the request's deadline fails at once with RATE_LIMITED and the seconds until a token is due.
 *
 * A 429 means the mirror was wrong (other clients of the tenant spend the same bucket, or the
 * tenant's limit went down): the mirror is emptied, and calls are
 * held until the announced time (`Retry-After`, else the reset). Nothing the headers say can hold
 * calls forever: a reset at or before now (the tenant's clock ahead of ours, or a slow answer)
 * holds for a short jittered moment; a reset far away holds, but lets one probe call through every
 * PROBE_INTERVAL_MS, and any answer that is not a 429 ends the hold; and an empty mirror refills
 * at the floor rate even before a rate is learnt.
 */
export class RateGate {
  private limit: number | null = null;
  private tokens = 0;
  private updatedAt = 0;
  /** Tokens per ms; null until learnt. */
  private rate: number | null = null;
  private heldUntil = 0;
  private nextProbeAt = 0;
  private limitedInARow = 0;
  /** When the last 429 arrived: only answers to calls sent later say how the bucket is since. */
  private limitedAt = 0;
  /** Whether such an answer has set the mirror's level since (the first one is believed outright). */
  private resynced = true;
  private readonly clock: TenantClock;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onWait: () => void;

  constructor(options: RateGateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.onWait = options.onWait ?? (() => {});
    this.clock = new TenantClock(this.now, options.onSkew);
  }

  /** Waits until a call may be sent, or throws RateLimitedError when that is past `deadline`. */
  async pass(deadline: number): Promise<void> {
    for (;;) {
      const now = this.now();
      this.refill(now);
      if (this.heldUntil && now >= this.heldUntil) {
        // The announced time has come: one call goes to see, whatever the mirror refilled meanwhile.
        this.heldUntil = 0;
        this.nextProbeAt = 0;
        this.tokens = Math.max(this.tokens, 1);
      }
      let wait: number;
      let retryAfterMs: number;
      const held = now < this.heldUntil;
      if (held) {
        if (this.nextProbeAt && now >= this.nextProbeAt) {
          this.nextProbeAt = now + PROBE_INTERVAL_MS;
          return;
        }
        wait = this.heldUntil - now;
        retryAfterMs = wait;
      } else if (this.limit === null || this.tokens >= 1) {
        if (this.limit !== null) this.tokens -= 1;
        return;
      } else {
        wait = Math.ceil((1 - this.tokens) / (this.rate ?? FLOOR_RATE_PER_MS));
        retryAfterMs = wait;
      }
      if (now + wait > deadline) throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      this.onWait();
      // Calls held by the same 429 get a little jitter, so that they do not all wake in one
      // millisecond; paced calls none, which would leave budget unspent.
      await this.sleep(held ? wait + Math.round(this.random() * Math.min(100, wait * 0.2)) : wait);
    }
  }

  /**
   * Learns from an answer's headers; `status` 429 holds calls until the announced time. `sentAt`
   * is when the answered call was sent (our clock).
   */
  observe(headers: HeaderReader, status: number, sentAt = this.now()): void {
    this.clock.observe(headers.get('date'));
    const now = this.now();
    this.refill(now);
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAt = headers.has('x-ratelimit-reset') ? this.clock.toLocal(Number(headers.get('x-ratelimit-reset')) * 1000) : NaN;
    if (headers.has('x-ratelimit-remaining') && Number.isFinite(remaining) && Number.isFinite(limit) && limit > 0) {
      const resync = this.limit === null || (status !== 429 && !this.resynced && sentAt > this.limitedAt);
      this.tokens = resync ? remaining : Math.min(this.tokens, remaining);
      if (resync) this.resynced = true;
      this.limit = limit;
      if (status !== 429 && remaining < limit && resetAt > now) {
        // 2% under the estimate: an answer reaches us a little after the tenant stamped it, which
        // makes `reset - now` short and the estimate a little high.
        this.rate = Math.max(this.rate ?? 0, (0.98 * (limit - remaining)) / (resetAt - now));
      }
    }
    if (status === 429) {
      // The learnt rate is kept: it can only be learnt again while the bucket is being emptied,
      // so a rate lowered here would starve itself (a slow pace keeps the bucket full, and a full
      // bucket tells no rate), which left 15-20 % of the budget unspent in the bench.
      this.tokens = 0;
      this.limitedAt = now;
      this.resynced = false;
      this.limitedInARow += 1;
      this.hold(now, this.reopening(headers, resetAt, now));
    } else if (sentAt > this.limitedAt) {
      // The tenant answered: whatever a 429 announced, it serves calls again.
      this.limitedInARow = 0;
      this.heldUntil = 0;
      this.nextProbeAt = 0;
    }
  }

  status(): RateGateStatus {
    const now = this.now();
    return {
      heldUntil: this.heldUntil > now ? this.heldUntil : null,
      ratePerSecond: this.rate === null ? null : this.rate * 1000,
      clockOffsetMs: this.clock.offsetMs,
    };
  }

  /**
   * When calls may go again after a 429, on our clock. `Retry-After` is an instruction: it is
   * followed. The reset is when the bucket is *full* again (rounded up to a second); a token comes
   * back long before, so a near reset holds only until the next token at the learnt rate,
   * which spends no less of the budget. A reset farther than the probe interval is held as told.
   * A reset at or before now, or a second 429 in a row, holds for a short back-off instead.
   */
  private reopening(headers: HeaderReader, resetAt: number, now: number): number {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null && retryAfter.trim() !== '') {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return this.clock.toLocal(date);
    }
    const base = Math.min(PROBE_INTERVAL_MS, SOON_MS * 2 ** (this.limitedInARow - 1));
    const backOff = now + Math.min(PROBE_INTERVAL_MS, Math.round(base * (1 + 3 * this.random())));
    if (!(resetAt > now)) return backOff;
    if (resetAt - now > PROBE_INTERVAL_MS || this.rate === null) return resetAt;
    const nextToken = Math.min(resetAt, now + Math.ceil(1 / this.rate));
    return this.limitedInARow > 1 ? Math.max(nextToken, backOff) : nextToken;
  }

  private hold(now: number, until: number): void {
    this.heldUntil = Math.max(until, now + 1);
    this.nextProbeAt = this.heldUntil - now > PROBE_INTERVAL_MS ? now + PROBE_INTERVAL_MS : 0;
  }

  private refill(now: number): void {
    if (this.limit !== null) {
      this.tokens = Math.min(this.limit, this.tokens + (now - this.updatedAt) * (this.rate ?? FLOOR_RATE_PER_MS));
    }
    this.updatedAt = now;
  }
}
