import { emptyBudget, learn, reserve, take, type BucketReport, type BudgetState, type Reservation } from '../upstream/rate-budget.js';
import type { SharedStore } from './store.js';

const BUDGET_KEY = 'rate-budget';
/** Kept while calls are made; an hour idle, it is learnt again from the next answer. */
const BUDGET_TTL_MS = 60 * 60 * 1000;
/** Tries of a read-modify-write that others keep changing under it, before it goes ahead alone. */
const MAX_TRIES = 20;

/**
 * The rate budget's state (rate-budget.ts) in the shared store: every replica reserves from and
 * corrects one mirror of the tenant's bucket, by compare-and-set on one key. `last` is what this
 * replica last saw, for /readyz and /metrics.
 */
export class SharedBudget {
  last: BudgetState;

  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number,
  ) {
    this.last = emptyBudget(now());
  }

  async reserve(deadline: number): Promise<Reservation> {
    let reservation: Reservation = { ticket: 0, waitMs: 0 };
    await this.update((state, now) => {
      const result = reserve(state, now, deadline);
      reservation = result.reservation;
      return result.state;
    });
    return reservation;
  }

  async take(): Promise<number> {
    let ticket = 0;
    await this.update((state, now) => {
      const result = take(state, now);
      ticket = result.ticket;
      return result.state;
    });
    return ticket;
  }

  async learn(report: Omit<BucketReport, 'ticket'> & { ticket?: number }): Promise<void> {
    await this.update((state, now) => learn(state, { ...report, ticket: report.ticket ?? state.reserved }, now));
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
