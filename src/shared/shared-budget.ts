import {
  emptyBudget,
  FLOOR_RATE_PER_MS,
  giveBack,
  learn,
  requeue,
  reserve,
  reserveBackground,
  type BackgroundReservation,
  type BucketReport,
  type BudgetState,
  type Reservation,
} from '../upstream/rate-budget.js';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SharedStore } from './store.js';
import { keys } from './keys.js';
import { pastOrNear, StoredValues } from './stored-values.js';

const BUDGET_KEY = keys.budget;
/** Kept while calls are made; an hour idle, it is learnt again from the next answer. */
const BUDGET_TTL_MS = 60 * 60 * 1000;
/** Tries of a read-modify-write that others keep changing under it, before it goes ahead alone. */
const MAX_TRIES = 20;
/** Longest the calls behind a first call wait for its answer to tell the bucket's size. */
const PROBE_WAIT_MS = 1_000;
/** How old the mirror may be when a queued call checks its turn (one read of the store per this, per replica). */
const FRESH_MS = 50;
/** How much longer than any call may wait a stored queue may claim before it is dropped as impossible. */
const MAX_QUEUE_SLACK_MS = 60 * 60 * 1000;
/** Reservations whose mirror is remembered until their answer (far more than are ever outstanding). */
const MAX_REMEMBERED = 10_000;

/** A mirror started afresh, with an epoch of its own. */
const newMirror = (now: number): BudgetState => ({ ...emptyBudget(now), epoch: randomBytes(6).toString('base64url') });

/** Refill rates beyond this (tokens per ms: 100,000 a second) are no tenant's. */
const MAX_RATE = 100;
/** The slowest rate a mirror may claim: below it, a queue of a few calls would claim hours. */
const MIN_RATE = 1e-4;

/**
 * A stored mirror the gateway could have written: sizes and rates a tenant can have, no time in
 * the future, and no queue longer than a call may wait (`maxQueueMs`). Anything else (a value
 * written by hand, by another version, by an attacker) would refuse every call for as long as it
 * claims: it is dropped, and the mirror learnt again from the next answers.
 */
const budgetSchema = (now: () => number, maxQueueMs: number): z.ZodType<BudgetState> => {
  const at = pastOrNear(now);
  const rate = z.number().min(MIN_RATE).max(MAX_RATE);
  return z
    .object({
      limit: z.number().int().min(1).max(100_000).nullable(),
      tokens: z.number().finite(),
      updatedAt: at,
      rate: rate.nullable(),
      reserved: z.number().finite().nonnegative(),
      windowStart: at,
      windowMax: z.number().min(0).max(MAX_RATE),
      previousMax: z.number().min(0).max(MAX_RATE),
      backgroundAt: at.optional(),
      answeredAt: at.optional(),
      checkedAt: at.optional(),
      epoch: z.string().max(32).optional(),
    })
    .refine((state) => state.limit === null || state.tokens <= state.limit, { error: 'holds more tokens than the bucket' })
    .refine((state) => (1 - state.tokens) / (state.rate ?? FLOOR_RATE_PER_MS) <= maxQueueMs, {
      error: 'queues calls for longer than any may wait',
    });
};

/**
 * The rate budget's state (rate-budget.ts) in the shared store: every replica reserves from and
 * corrects one mirror of the tenant's bucket, by compare-and-set on one key. `last` is what this
 * replica last saw, for /readyz and /metrics.
 *
 * Before any answer has told the bucket's size, one call goes and the others wait for its answer
 * (a second at most): sent all at once, a burst larger than the bucket would meet 429s.
 */
export class SharedBudget {
  last: BudgetState;
  private lastReadAt = 0;
  private updating: Promise<unknown> = Promise.resolve();
  private written: { text: string; state: BudgetState } | null = null;
  private reading: Promise<BudgetState> | null = null;
  private probe: { answered: Promise<void>; resolve: () => void } | null = null;

  private readonly schema: z.ZodType<BudgetState>;
  private readonly values: StoredValues;
  private readonly mirrorOf = new Map<number, string | undefined>();

  constructor(
    /** Null: this process's own mirror, kept as an object (no replica to share it with, nothing to serialize). */
    private readonly store: SharedStore | null,
    private readonly now: () => number,
    {
      values = new StoredValues(),
      maxWaitMs = 15_000,
    }: {
      values?: StoredValues;
      /** UPSTREAM_MAX_WAIT_MS: no call is queued for longer, so no stored queue may be much longer. */
      maxWaitMs?: number;
    } = {},
  ) {
    this.last = emptyBudget(now());
    this.values = values;
    // Generous: a long queue the tenant's answers do not correct is checked within 2 s anyway
    // (rate-budget.ts); what no mirror can hold is a queue of hours.
    this.schema = budgetSchema(now, maxWaitMs + MAX_QUEUE_SLACK_MS);
  }

  /** The mirror a stored text holds; a fresh one when nothing is stored or what is cannot be trusted. */
  private parsed(stored: string | null, now: number): BudgetState {
    if (stored !== null && stored === this.written?.text) return this.written.state;
    return this.values.parse('rate-budget', stored, this.schema) ?? newMirror(now);
  }

  /** Remembers which mirror a reservation was taken from, for its answer (`learn`). */
  private remember(reservation: Reservation | BackgroundReservation): void {
    if (!('ticket' in reservation)) return;
    this.mirrorOf.set(reservation.ticket, this.last.epoch);
    // Tickets never answered nor forgotten (a bug elsewhere) cannot grow this without bound.
    if (this.mirrorOf.size > MAX_REMEMBERED) this.mirrorOf.delete(this.mirrorOf.keys().next().value!);
  }

  /** A reservation that will get no answer. */
  forget(ticket: number): void {
    this.mirrorOf.delete(ticket);
  }

  /** Whether two reservations were taken from the same mirror (their numbers compare). */
  sameMirror(a: number, b: number): boolean {
    return this.mirrorOf.get(a) === this.mirrorOf.get(b);
  }

  /** A token for a call (rate-budget.ts): `background` for bulk work, which yields to waiting requests. */
  async reserve(deadline: number, background = false): Promise<BackgroundReservation> {
    if (this.last.limit === null) {
      const probeWait = Math.min(PROBE_WAIT_MS, deadline - this.now());
      if (this.probe && probeWait > 0) {
        await Promise.race([this.probe.answered, new Promise((r) => setTimeout(r, probeWait).unref())]);
      } else if (!this.probe) {
        // This call is the probe: taken before any await, so that calls arriving together wait for it.
        let resolve = () => {};
        const answered = new Promise<void>((r) => (resolve = r));
        this.probe = { answered, resolve };
      }
    }
    const reservation = await this.take((state, now) =>
      background ? reserveBackground(state, now, deadline) : reserve(state, now, deadline),
    );
    this.remember(reservation);
    // The store knew the bucket already (another replica, an earlier life): no probe needed.
    if (this.last.limit !== null) this.settleProbe();
    return reservation;
  }

  /** The next token for a call that met a 429 and goes again, ahead of the calls queued (rate-budget.ts). */
  async requeue(deadline: number): Promise<Reservation> {
    const reservation = await this.take((state, now) => requeue(state, now, deadline));
    this.remember(reservation);
    return reservation;
  }

  /** The mirror as the store holds it, at most FRESH_MS old: one read at a time, shared by every queued call. */
  async current(): Promise<BudgetState> {
    if (!this.store || this.now() - this.lastReadAt < FRESH_MS) return this.last;
    this.reading ??= this.store
      .get(BUDGET_KEY)
      .then((stored) => {
        if (stored) this.last = this.parsed(stored, this.now());
        this.lastReadAt = this.now();
        return this.last;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }

  /** A reserved token that will not be spent goes back to the queue. */
  async giveBack(): Promise<void> {
    await this.update((state, now) => giveBack(state, now));
  }

  /** The probe was answered, or will not be (no answer, or never sent). */
  settleProbe(): void {
    this.probe?.resolve();
    this.probe = null;
  }

  /**
   * An answer corrects the mirror. A ticket taken from another mirror (this replica's own while
   * Redis was away, or one since replaced) says nothing of the calls reserved around it in this
   * one: it counts as the latest. Compared as numbers, a ticket of a fresh local mirror read
   * against the shared one counted thousands of calls as queued after it, and every replica
   * refused every call until a check went through.
   */
  async learn(report: Omit<BucketReport, 'ticket'> & { ticket?: number }): Promise<void> {
    const { ticket } = report;
    const known = ticket !== undefined && this.mirrorOf.has(ticket);
    const epoch = known ? this.mirrorOf.get(ticket) : undefined;
    if (ticket !== undefined) this.forget(ticket);
    await this.update((state, now) => {
      const foreign = known && epoch !== state.epoch;
      return learn(
        state,
        {
          ...report,
          ticket: foreign ? state.reserved : (ticket ?? state.reserved),
          earlierUnanswered: foreign ? 0 : report.earlierUnanswered,
        },
        now,
      );
    });
    this.settleProbe();
  }

  /** An update that hands out a reservation: the one of the step's run that was stored. */
  private async take<R>(step: (state: BudgetState, now: number) => { state: BudgetState; reservation: R }): Promise<R> {
    let taken: { reservation: R } | undefined;
    await this.update((state, now) => {
      const result = step(state, now);
      taken = result;
      return result.state;
    });
    // update() resolves only once the step has run.
    return taken!.reservation;
  }

  /**
   * One update at a time in this process (a chain of promises): the replica's own calls never
   * race each other's compare-and-set, so only other replicas can make one try again.
   */
  private update(step: (state: BudgetState, now: number) => BudgetState): Promise<void> {
    if (!this.store) {
      this.last = step(this.last, this.now());
      return Promise.resolve();
    }
    const run = this.updating.then(() => this.tryUpdate(step));
    this.updating = run.catch(() => {});
    return run;
  }

  private async tryUpdate(step: (state: BudgetState, now: number) => BudgetState): Promise<void> {
    const store = this.store!;
    for (let tries = 1; ; tries += 1) {
      const stored = await store.get(BUDGET_KEY);
      const now = this.now();
      // What this replica wrote last is usually what it reads back: not parsed again (the steps copy, never mutate).
      const state = this.parsed(stored, now);
      const next = step(state, now);
      this.last = next;
      this.lastReadAt = now;
      if (next === state) return;
      const text = JSON.stringify(next);
      // Contended past reason (thousands of calls a second): this replica's view stands alone for this call.
      if (tries >= MAX_TRIES) return;
      if (await store.compareAndSet(BUDGET_KEY, stored, text, BUDGET_TTL_MS)) {
        this.written = { text, state: next };
        return;
      }
    }
  }
}
