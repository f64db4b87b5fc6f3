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
 * tenant's limit went down): the mirror is emptied, so other calls are paced from nothing, and the
 * call that met it waits for the announced time (`Retry-After`, else the reset) before it is sent
 * again. Nothing the headers say can hold calls forever: a reset at or before now (the tenant's
 * clock ahead of ours, or a slow answer) means a short jittered back-off; a reset far away holds
 * every call, but lets one probe call through every PROBE_INTERVAL_MS, and any answer that is not
 * a 429 ends the hold; and an empty mirror refills at the floor rate even before a rate is learnt.
 */
export class RateGate {
  private limit: number | null = null;
  private tokens = 0;
  private updatedAt = 0;
  /** Tokens per ms; null until learnt. */
  private rate: number | null = null;
  /** A far reset holds every call until then (but for probes). */
  private heldUntil = 0;
  private nextProbeAt = 0;
  /** When the last 429's caller may go again (for /readyz and /metrics). */
  private lastReopening = 0;
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
   * Learns from an answer's headers. `sentAt` is when the answered call was sent (our clock). For a
   * 429 it returns when that call may be sent again (see `waitUntil`); null otherwise.
   */
  observe(headers: HeaderReader, status: number, sentAt = this.now()): number | null {
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
      const backOff = this.backOff(now);
      const reopening = Math.max(this.reopening(headers, resetAt, now, backOff), now + 1);
      this.lastReopening = reopening;
      if (reopening - now > PROBE_INTERVAL_MS) {
        // A reset far away holds every call, but for a probe now and then.
        this.heldUntil = reopening;
        this.nextProbeAt = now + PROBE_INTERVAL_MS;
      } else if (this.limitedInARow > 1) {
        // 429s in a row: the learnt pace is too fast for the bucket now (other clients spend it).
        // Every call backs off, not only those that met one, or the 429s would go on: by the
        // learnt token interval, doubled for each 429 in a row (a back-off longer than the bucket
        // needs would leave its refill unspent), or the plain back-off before a rate is learnt.
        const step = this.rate ? Math.ceil(1 / this.rate) * 2 ** (this.limitedInARow - 1) : backOff - now;
        this.heldUntil = Math.max(this.heldUntil, Math.min(reopening, now + Math.min(PROBE_INTERVAL_MS, step)));
      }
      return reopening;
    }
    if (sentAt > this.limitedAt) {
      // The tenant answered: whatever a 429 announced, it serves calls again.
      this.limitedInARow = 0;
      this.heldUntil = 0;
      this.nextProbeAt = 0;
      this.lastReopening = 0;
    }
    return null;
  }

  /**
   * The wait of a call that met a 429, until the time `observe` gave: RATE_LIMITED at once when
   * that is past the call's deadline. Then the call goes (one call goes to see, whatever the
   * mirror refilled meanwhile).
   */
  async waitUntil(reopening: number, deadline: number): Promise<void> {
    const now = this.now();
    if (reopening > deadline) throw new RateLimitedError(Math.max(1, Math.ceil((reopening - now) / 1000)));
    this.onWait();
    const wait = reopening - now;
    await this.sleep(wait + Math.round(this.random() * Math.min(100, wait * 0.2)));
    this.refill(this.now());
    this.tokens = Math.max(this.tokens, 1);
  }

  status(): RateGateStatus {
    const now = this.now();
    const until = Math.max(this.heldUntil, this.lastReopening);
    return {
      heldUntil: until > now ? until : null,
      ratePerSecond: this.rate === null ? null : this.rate * 1000,
      clockOffsetMs: this.clock.offsetMs,
    };
  }

  /**
   * When a call that met a 429 may go again, on our clock: `Retry-After` when the answer has one
   * (an instruction), else the reset, as the tenant asks; a reset at or before now (the tenant's
   * clock ahead of ours, a slow answer) means a short back-off instead, doubled for each 429 in a
   * row, up to the probe interval, and a second 429 in a row waits at least that back-off.
   */
  private reopening(headers: HeaderReader, resetAt: number, now: number, backOff: number): number {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null && retryAfter.trim() !== '') {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return this.clock.toLocal(date);
    }
    if (!(resetAt > now)) return backOff;
    return this.limitedInARow > 1 ? Math.max(resetAt, backOff) : resetAt;
  }

  /** 250 ms to 1 s after `now`, jittered, doubled for each 429 in a row, up to the probe interval. */
  private backOff(now: number): number {
    const base = Math.min(PROBE_INTERVAL_MS, SOON_MS * 2 ** (this.limitedInARow - 1));
    return now + Math.min(PROBE_INTERVAL_MS, Math.round(base * (1 + 3 * this.random())));
  }

  private refill(now: number): void {
    if (this.limit !== null) {
      this.tokens = Math.min(this.limit, this.tokens + (now - this.updatedAt) * (this.rate ?? FLOOR_RATE_PER_MS));
    }
    this.updatedAt = now;
  }
}
