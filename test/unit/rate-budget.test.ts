import { describe, expect, it } from 'vitest';
import {
  emptyBudget,
  giveBack,
  learn,
  requeue,
  reserve,
  reserveBackground,
  waitForTicket,
  type BudgetState,
} from '../../src/upstream/rate-budget.js';

const T0 = 1_700_000_000_000;
/** A mirror that knows a bucket of 10 refilling at 10 a second, empty at T0. */
const known = (): BudgetState =>
  learn(emptyBudget(T0), { limit: 10, remaining: 0, resetAt: T0 + 1_100, ticket: 0, sentAt: T0, earlierUnanswered: 0 }, T0);

describe('the rate budget (pure)', () => {
  it('queues reservations behind each other and refuses one whose turn is past its deadline, taking nothing', () => {
    let state = known();
    const turns: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = reserve(state, T0, T0 + 10_000);
      state = result.state;
      if ('ticket' in result.reservation) turns.push(result.reservation.waitMs);
    }
    // 9 tokens counted by a reset 1.1 s away: one every 122 ms.
    turns.forEach((ms, i) => expect(Math.abs(ms - 122.2 * (i + 1))).toBeLessThanOrEqual(2));
    const refused = reserve(state, T0, T0 + 300);
    expect('refusedForMs' in refused.reservation && Math.abs(refused.reservation.refusedForMs - 489) <= 2).toBe(true);
    expect(refused.state).toBe(state);
  });

  it('a token given back moves every call queued behind it up one place', () => {
    let state = known();
    for (let i = 0; i < 3; i += 1) state = reserve(state, T0, T0 + 10_000).state;
    const last = state.reserved;
    const before = waitForTicket(state, last, T0);
    state = giveBack(state, T0);
    expect(before - waitForTicket(state, last, T0)).toBeCloseTo(123, -1);
  });

  it('an answer sets the level to what the tenant reports, less the calls reserved after the answered one', () => {
    let state = known();
    for (let i = 0; i < 4; i += 1) state = reserve(state, T0, T0 + 10_000).state;
    state = learn(state, { limit: 10, remaining: 6, resetAt: T0 + 1_000, ticket: 2, sentAt: T0, earlierUnanswered: 1 }, T0);
    // 6 left, 2 reserved after ticket 2, 1 before it still unanswered.
    expect(state.tokens).toBe(3);
  });

  it('a call sent again after a 429 takes the next token, ahead of the queue, which moves back one place', () => {
    let state = known();
    for (let i = 0; i < 5; i += 1) state = reserve(state, T0, T0 + 10_000).state;
    // Ticket 2 met a 429: the tenant had nothing left, and tickets 3-5 are queued behind it.
    state = learn(state, { limit: 10, remaining: 0, resetAt: T0 + 1_000, ticket: 2, sentAt: T0, earlierUnanswered: 0 }, T0);
    const queued = [3, 4, 5].map((ticket) => waitForTicket(state, ticket, T0));
    const again = requeue(state, T0, T0 + 10_000);
    if (!('ticket' in again.reservation)) throw new Error('refused');
    // Its turn is the next token's, not the end of the queue's.
    expect(again.reservation.waitMs).toBe(queued[0]);
    const after = [3, 4, 5].map((ticket) => waitForTicket(again.state, ticket, T0));
    after.forEach((ms, i) => expect(ms - queued[i]!).toBeCloseTo(queued[0]!, -1));
    // Its answer counts the three calls behind it as unseen by the tenant.
    const answered = learn(
      again.state,
      { limit: 10, remaining: 5, resetAt: T0 + 1_000, ticket: again.reservation.ticket, sentAt: T0, earlierUnanswered: 0 },
      T0,
    );
    expect(answered.tokens).toBe(2);
  });

  it('a call sent again after a 429 is refused at once, taking nothing, when even the next token is past its deadline', () => {
    let state = known();
    state = learn(state, { limit: 10, remaining: 0, resetAt: T0 + 1_000, ticket: 0, sentAt: T0, earlierUnanswered: 0 }, T0);
    const again = requeue(state, T0, T0 + 50);
    expect('refusedForMs' in again.reservation).toBe(true);
    expect(again.state).toBe(state);
  });

  /** A job alone, one call at a time, each sent at its turn: how many calls it makes in `ms`. */
  function backgroundAlone(ms: number): number {
    let state = known();
    let calls = 0;
    for (let now = T0; now < T0 + ms;) {
      const { state: next, reservation } = reserveBackground(state, now, now + 15_000);
      state = next;
      if ('notBeforeMs' in reservation) now += reservation.notBeforeMs;
      else if ('ticket' in reservation) {
        calls += 1;
        now += reservation.waitMs + 1;
      } else throw new Error('refused');
    }
    return calls;
  }

  it('a queue no answer has corrected for 2 s (its replica died) lets one call check it; the answer clears it', () => {
    // A replica queued 100 calls (12 s of refill) in the shared mirror and died: nobody will send them.
    let state = known();
    for (let i = 0; i < 100; i += 1) state = reserve(state, T0, T0 + 60_000).state;
    const queued = reserve(state, T0 + 1_999, T0 + 6_999);
    expect('refusedForMs' in queued.reservation).toBe(true);
    const check = reserve(state, T0 + 2_000, T0 + 7_000);
    expect(check.reservation).toEqual({ ticket: 101, waitMs: 0 });
    // One check per 2 s: the next call is refused as before.
    expect('refusedForMs' in reserve(check.state, T0 + 2_000, T0 + 7_000).reservation).toBe(true);
    // The tenant's bucket is nearly full (nobody spent it): the mirror learns it, the queue is gone.
    state = learn(
      check.state,
      { limit: 10, remaining: 9, resetAt: T0 + 3_100, ticket: 101, sentAt: T0 + 2_000, earlierUnanswered: 0 },
      T0 + 2_050,
    );
    expect(reserve(state, T0 + 2_050, T0 + 17_050).reservation).toEqual({ ticket: 102, waitMs: 0 });
  });

  it('a queue whose calls are answered is never checked out of turn', () => {
    let state = known();
    for (let i = 0; i < 30; i += 1) state = reserve(state, T0, T0 + 60_000).state;
    // Answers keep coming (calls reserved early in the queue): each corrects the mirror.
    for (let at = 500; at <= 3_000; at += 500) {
      state = learn(
        state,
        { limit: 10, remaining: 0, resetAt: T0 + at + 1_100, ticket: at / 100, sentAt: T0 + at - 50, earlierUnanswered: 0 },
        T0 + at,
      );
    }
    const next = reserve(state, T0 + 3_000, T0 + 60_000).reservation;
    expect('ticket' in next && next.waitMs > 0).toBe(true);
  });

  it('background work alone spends the whole refill', () => {
    // 9 tokens per 1.1 s (about 8.2 a second) for 20 s: some 163.
    expect(backgroundAlone(20_000)).toBeGreaterThanOrEqual(155);
  });

  it('while requests queue for tokens, background work of every job and replica together reserves at most one token in two', () => {
    let state = known();
    let background = 0;
    let interactive = 0;
    // Requests arriving at twice the refill rate keep a queue; 20 jobs call one at a time each.
    const jobsFreeAt = Array.from({ length: 20 }, () => T0);
    for (let now = T0; now < T0 + 20_000; now += 1) {
      if ((now - T0) % 61 === 0) {
        const result = reserve(state, now, now + 5_000);
        state = result.state;
        if ('ticket' in result.reservation) interactive += 1;
      }
      for (const [job, freeAt] of jobsFreeAt.entries()) {
        if (now < freeAt) continue;
        const { state: next, reservation } = reserveBackground(state, now, now + 15_000);
        state = next;
        if ('notBeforeMs' in reservation) jobsFreeAt[job] = now + reservation.notBeforeMs;
        else if ('ticket' in reservation) {
          background += 1;
          jobsFreeAt[job] = now + reservation.waitMs + 1;
        } else jobsFreeAt[job] = now + reservation.refusedForMs;
      }
    }
    expect(background).toBeGreaterThan(0);
    expect(background / (background + interactive)).toBeLessThanOrEqual(0.5);
  });
});
