import type { HeaderReader } from './transport.js';
import { RateLimitedError, UpstreamUnavailableError } from './errors.js';
import { TenantClock } from './tenant-clock.js';
import { SharedBudget } from '../shared/shared-budget.js';
import { waitForTicket } from './rate-budget.js';

/** A queued call checks its turn again at least this often. */
const RECHECK_MS = 100;
/** During a long hold, one call goes through this often to see whether the tenant answers again. */
export const PROBE_INTERVAL_MS = 5_000;
/**
 * A 429 whose reset is not in the future (skewed clocks, a slow answer) holds calls for 250 ms to
 * 1 s, doubled for each further 429 in a row, up to PROBE_INTERVAL_MS.
 */
const SOON_MS = 250;
/** A queue in the mirror is said to hold calls (/readyz, /metrics) when the next call would wait this long. */
const QUEUE_SHOWN_MS = 1_000;

export interface RateGateOptions {
  /** The bucket's mirror, shared by the replicas; this process's own when absent. */
  budget?: SharedBudget;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** A call waits for the bucket (paced, or held after a 429). */
  onWait?: () => void;
  /** The tenant's clock is more than a second away from ours (reported once). */
  onSkew?: (skewMs: number) => void;
}

export interface RateGateStatus {
  /** Until when calls are held, after a 429 or behind a queue (ms since the epoch, our clock), or null. */
  heldUntil: number | null;
  /** The learnt refill rate in calls per second, or null. */
  ratePerSecond: number | null;
  /** How far the tenant's clock is ahead of ours, as corrected for. */
  clockOffsetMs: number;
}

/**
 * Paces calls to the tenant's rate-limit bucket, so that the gateway spends the budget on calls
 * rather than on 429s. The bucket's mirror (rate-budget.ts) is shared by every replica; a call
 * reserves a token from it and waits for its turn, or, when its turn would come after the
 * request's deadline, fails at once with RATE_LIMITED and the seconds until a token is due.
 *
 * A 429 means the mirror was wrong (other clients of the tenant spend the same bucket, or the
 * tenant's limit went down); its answer resets the mirror's level to nothing, and the call that
 * met it waits for the announced time (`Retry-After`, else the reset), then queues again.
 * Nothing the headers say can hold calls forever: a reset at or before now (the tenant's clock
 * ahead of ours, or a slow answer) means a short jittered back-off; a reset far away holds every
 * call of this replica, but lets one probe call through every PROBE_INTERVAL_MS, and any answer
 * that is not a 429 ends the hold; and the mirror refills at a floor rate even before a rate is
 * learnt.
 */
export class RateGate {
  private readonly budget: SharedBudget;
  /** Tickets of this replica's calls not answered yet (queued, in a slot's queue, or in flight). */
  private readonly outstanding = new Set<number>();
  private stopWaitingAt = Number.POSITIVE_INFINITY;
  /** A far reset holds every call until then (but for probes). */
  private heldUntil = 0;
  private nextProbeAt = 0;
  /** When the last 429's caller may go again (for /readyz and /metrics). */
  private lastReopening = 0;
  private limitedInARow = 0;
  /** When the last 429 arrived: only answers to calls sent later end a hold. */
  private limitedAt = 0;
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
    this.budget = options.budget ?? new SharedBudget(null, this.now);
  }

  /**
   * Waits until a call may be sent, or throws RateLimitedError when that is past `deadline`;
   * `background` calls yield to queued ones (rate-budget.ts, reserveBackground), and a call sent
   * again after a 429 (`again`) goes ahead of them (rate-budget.ts, requeue).
   * Returns the call's ticket (its reservation's number), to give `observe` with its answer.
   */
  async pass(deadline: number, background = false, again = false, signal?: AbortSignal): Promise<number | undefined> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      if (this.heldUntil && now >= this.heldUntil) {
        // The announced time has come: calls go again, paced by the mirror.
        this.heldUntil = 0;
        this.nextProbeAt = 0;
      }
      if (now < this.heldUntil) {
        if (this.nextProbeAt && now >= this.nextProbeAt) {
          // One call goes to see whether the tenant serves again, whatever the mirror says.
          this.nextProbeAt = now + PROBE_INTERVAL_MS;
          return undefined;
        }
        const wait = this.heldUntil - now;
        if (now + wait > deadline) throw new RateLimitedError(Math.max(1, Math.ceil(wait / 1000)));
        this.onWait();
        // Calls held by the same 429 get a little jitter, so that they do not all wake in one millisecond.
        await this.sleep(wait + Math.round(this.random() * Math.min(100, wait * 0.2)));
        continue;
      }
      const reservation = again ? await this.budget.requeue(deadline) : await this.budget.reserve(deadline, background);
      if ('notBeforeMs' in reservation) {
        // Background work giving way to queued requests.
        if (now + reservation.notBeforeMs > deadline) throw new RateLimitedError(Math.max(1, Math.ceil(reservation.notBeforeMs / 1000)));
        await this.sleep(reservation.notBeforeMs);
        continue;
      }
      if ('refusedForMs' in reservation) throw new RateLimitedError(Math.max(1, Math.ceil(reservation.refusedForMs / 1000)));
      const { ticket } = reservation;
      this.outstanding.add(ticket);
      if (reservation.waitMs > 0) this.onWait();
      // The turn is checked again as the mirror changes (answers correct it both ways), so a
      // queue moves in order. Paced calls get no jitter: jitter would leave budget unspent.
      for (let wait = reservation.waitMs; wait > 0; wait = waitForTicket(await this.budget.current(), ticket, this.now())) {
        const stopping = this.now() >= this.stopWaitingAt;
        if (stopping || signal?.aborted || this.now() + wait > deadline) {
          await this.giveBack(ticket);
          // Abandoned by its owner (a cancelled job): the reason it gave.
          signal?.throwIfAborted();
          throw stopping
            ? new UpstreamUnavailableError('The gateway is shutting down; try again.')
            : new RateLimitedError(Math.max(1, Math.ceil(wait / 1000)));
        }
        await this.sleep(Math.min(wait, RECHECK_MS));
      }
      return ticket;
    }
  }

  /**
   * Shutdown: calls still queued for their turn at `at` give their tokens back and fail (the
   * replica will not send them), so that the other replicas' queues do not wait for them.
   */
  stopWaiting(at: number): void {
    this.stopWaitingAt = at;
  }

  /** A call that took its turn but will not be sent: its token goes back to the calls queued behind it. */
  async giveBack(ticket: number | undefined): Promise<void> {
    this.unanswered(ticket);
    await this.budget.giveBack();
  }

  /** A call that got no answer (or was never sent): its ticket no longer counts as outstanding. */
  unanswered(ticket: number | undefined): void {
    if (ticket !== undefined) {
      this.outstanding.delete(ticket);
      this.budget.forget(ticket);
    }
    this.budget.settleProbe();
  }

  /**
   * Learns from an answer's headers. `sentAt` is when the answered call was sent (our clock) and
   * `ticket` what `pass` gave it. For a 429 it returns when that call may be sent again (see
   * `waitUntil`); null otherwise.
   */
  async observe(headers: HeaderReader, status: number, sentAt = this.now(), ticket?: number): Promise<number | null> {
    this.clock.observe(headers.get('date'));
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAt = headers.has('x-ratelimit-reset') ? this.clock.toLocal(Number(headers.get('x-ratelimit-reset')) * 1000) : NaN;
    let earlierUnanswered = 0;
    if (ticket !== undefined) {
      this.outstanding.delete(ticket);
      // Calls sent again after a 429 hold places between tickets, ahead of later ones that the
      // count of reservations after this one leaves out.
      for (const other of this.outstanding) {
        if (!this.budget.sameMirror(other, ticket)) continue;
        if (other < ticket || (other > ticket && !Number.isInteger(other))) earlierUnanswered += 1;
      }
    }
    if (headers.has('x-ratelimit-remaining') && Number.isFinite(remaining) && Number.isFinite(limit) && limit > 0) {
      await this.budget.learn({
        limit,
        remaining: status === 429 ? 0 : remaining,
        limited: status === 429,
        resetAt,
        sentAt,
        earlierUnanswered,
        ...(ticket === undefined ? {} : { ticket }),
      });
    }
    if (ticket !== undefined) this.budget.forget(ticket);
    // Whatever it said of the bucket, an answer ends the wait of the calls behind a first call.
    this.budget.settleProbe();
    const now = this.now();
    if (status === 429) {
      this.limitedAt = now;
      this.limitedInARow += 1;
      const backOff = this.backOff(now);
      const reopening = Math.max(this.reopening(headers, resetAt, now, backOff), now + 1);
      this.lastReopening = reopening;
      if (reopening - now > PROBE_INTERVAL_MS) {
        // A reset far away holds every call, but for a probe now and then.
        this.heldUntil = reopening;
        this.nextProbeAt = now + PROBE_INTERVAL_MS;
      } else if (this.limitedInARow > 1) {
        // 429s in a row: the mirror is too generous for the bucket now (other clients spend it).
        // Every call backs off, not only those that met one, or the 429s would go on: by the
        // token interval, doubled for each 429 in a row (a back-off longer than the bucket needs
        // would leave its refill unspent), or the plain back-off before a rate is learnt.
        const rate = this.budget.last.rate;
        const step = rate ? Math.ceil(1 / rate) * 2 ** (this.limitedInARow - 1) : backOff - now;
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
   * that is past the call's deadline. Then the call passes the gate again (`pass` with `again`),
   * taking the next token ahead of the calls queued: sent at once, it would take the token of
   * one of them, which would meet a 429 in turn, and so on for as long as calls queue.
   */
  async waitUntil(reopening: number, deadline: number): Promise<void> {
    const now = this.now();
    if (reopening > deadline) throw new RateLimitedError(Math.max(1, Math.ceil((reopening - now) / 1000)));
    this.onWait();
    const wait = reopening - now;
    await this.sleep(wait + Math.round(this.random() * Math.min(100, wait * 0.2)));
  }

  status(): RateGateStatus {
    const now = this.now();
    // Held after a 429, or behind a queue in the mirror longer than pacing ever makes one wait.
    const queueEnd = now + waitForTicket(this.budget.last, this.budget.last.reserved + 1, now);
    const until = Math.max(this.heldUntil, this.lastReopening, queueEnd - now >= QUEUE_SHOWN_MS ? queueEnd : 0);
    return {
      heldUntil: until > now ? until : null,
      ratePerSecond: this.budget.last.rate === null ? null : this.budget.last.rate * 1000,
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
}
