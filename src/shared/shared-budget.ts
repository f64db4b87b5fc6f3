import { emptyBudget, learn, reserve, type BucketReport, type BudgetState, type Reservation } from '../upstream/rate-budget.js';
import type { SharedStore } from './store.js';

const BUDGET_KEY = 'rate-budget';
/** Kept while calls are made; an hour idle, it is learnt again from the next answer. */
const BUDGET_TTL_MS = 60 * 60 * 1000;
/** Tries of a read-modify-write that others keep changing under it, before it goes ahead alone. */
const MAX_TRIES = 20;
/** Longest the calls behind a first call wait for its answer to tell the bucket's size. */
const PROBE_WAIT_MS = 1_000;

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
  private probe: { answered: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number,
  ) {
    this.last = emptyBudget(now());
  }

  async reserve(deadline: number): Promise<Reservation> {
    const probeWait = Math.min(PROBE_WAIT_MS, deadline - this.now());
    if (this.last.limit === null && this.probe && probeWait > 0) {
      await Promise.race([this.probe.answered, new Promise((r) => setTimeout(r, probeWait).unref())]);
    }
    let reservation: Reservation = { ticket: 0, waitMs: 0 };
    await this.update((state, now) => {
      const result = reserve(state, now, deadline);
      reservation = result.reservation;
      return result.state;
    });
    if (this.last.limit === null && !this.probe) {
      let resolve = () => {};
      const answered = new Promise<void>((r) => (resolve = r));
      this.probe = { answered, resolve };
    }
    return reservation;
  }

  async learn(report: Omit<BucketReport, 'ticket'> & { ticket?: number }): Promise<void> {
    await this.update((state, now) => learn(state, { ...report, ticket: report.ticket ?? state.reserved }, now));
    this.probe?.resolve();
    this.probe = null;
  }

  private async update(step: (state: BudgetState, now: number) => BudgetState): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      const stored = await this.store.get(BUDGET_KEY);
      const now = this.now();
      const state = stored ? (JSON.parse(stored) as BudgetState) : emptyBudget(now);
      const next = step(state, now);
      this.last = next;
      if (next === state) return;
      const written = JSON.stringify(next);
      // Contended past reason (thousands of calls a second): this replica's view stands alone for this call.
      if (tries >= MAX_TRIES || (await this.store.compareAndSet(BUDGET_KEY, stored, written, BUDGET_TTL_MS))) return;
    }
  }
}
