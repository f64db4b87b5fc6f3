import { describe, expect, it } from 'vitest';
import { PROBE_INTERVAL_MS, RateGate } from '../../src/upstream/rate-gate.js';
import { RateLimitedError } from '../../src/upstream/errors.js';
import { SharedBudget } from '../../src/shared/shared-budget.js';

/** A gate on a fake clock: sleeping advances the clock; `skewMs` sets how far the tenant's clock is ahead. */
function gate({ random = 0.5, skewMs = 0 } = {}) {
  const clock = { now: 1_700_000_000_000 };
  /** What each call to `pass` waited in all (when it waited), and every sleep's total. */
  const slept: number[] = [];
  let total = 0;
  const skews: number[] = [];
  const rateGate = new RateGate({
    now: () => clock.now,
    random: () => random,
    sleep: async (ms) => {
      total += ms;
      clock.now += ms;
    },
    onSkew: (ms) => skews.push(ms),
  });
  const tenantNow = () => clock.now + skewMs;
  /** An answer stamped by the tenant's clock: `resetInMs` from the tenant's now (null: no reset header). */
  /** `ticket`: the reservation of the answered call (default: the latest, so no call was reserved after it). */
  const answer = (
    status: number,
    remaining: number,
    resetInMs: number | null,
    extra: Record<string, string> = {},
    limit = 10,
    ticket?: number,
  ) =>
    rateGate.observe(
      new Headers({
        date: new Date(tenantNow()).toUTCString(),
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        ...(resetInMs === null ? {} : { 'x-ratelimit-reset': String(Math.ceil((tenantNow() + resetInMs) / 1000)) }),
        ...extra,
      }),
      status,
      undefined,
      ticket,
    );
  const deadline = (ms = 10_000) => clock.now + ms;
  const waited = () => total;
  const pass = async (until: number): Promise<number | undefined> => {
    const before = total;
    const ticket = await rateGate.pass(until);
    if (total > before) slept.push(total - before);
    return ticket;
  };
  return { rateGate, pass, clock, slept, skews, answer, deadline, waited };
}

describe('RateGate pacing', () => {
  it('lets calls through while the bucket has tokens', async () => {
    const { pass, slept, answer, deadline } = gate();
    await pass(deadline());
    await answer(200, 2, 1_000);
    await pass(deadline());
    await pass(deadline());
    expect(slept).toEqual([]);
  });

  it('paces calls at the learnt refill rate once the bucket is empty', async () => {
    const { pass, slept, rateGate: g, answer, deadline, clock } = gate({ random: 0 });
    // 10 tokens refill by a reset 2 s away (whole seconds), 9 counted (one may hide in the rounding): 4.5 a second.
    clock.now = Math.ceil(clock.now / 1000) * 1000;
    await answer(200, 0, 2_000);
    for (let i = 0; i < 4; i += 1) await pass(deadline());
    expect(slept).toHaveLength(4);
    for (const ms of slept) expect(Math.abs(ms - 223)).toBeLessThanOrEqual(1);
    expect(g.status().ratePerSecond).toBeCloseTo(4.5, 5);
  });

  it('counts the calls reserved after the answered one: a late answer does not refill the mirror', async () => {
    const { pass, slept, answer, deadline } = gate();
    await answer(200, 1, 1_000);
    const ticket = await pass(deadline());
    // The answer to a call reserved before that one still says 1 remaining: 1 less the call since.
    await answer(200, 1, 1_000, {}, 10, ticket! - 1);
    await pass(deadline());
    expect(slept).toHaveLength(1);
  });

  it('an empty bucket whose reset has passed still refills (no rate learnt): the next call waits at most a second', async () => {
    const { pass, answer, deadline, waited } = gate();
    await answer(200, 0, -2_000);
    await pass(deadline());
    expect(waited()).toBeLessThanOrEqual(1_100);
  });

  it('a pace wait past the deadline is RATE_LIMITED with the seconds to wait', async () => {
    const { pass, answer, deadline } = gate();
    await answer(200, 0, 20_000, {}, 2);
    await expect(pass(deadline(1_000))).rejects.toEqual(new RateLimitedError(20));
  });
});

describe('RateGate after a 429', () => {
  it('the call that met a 429 waits for a reset in the future (as the tenant asks), then goes', async () => {
    const { rateGate, answer, deadline, waited, clock } = gate();
    clock.now = Math.floor(clock.now / 1000) * 1000 + 100;
    const reopening = (await answer(429, 0, 1_500))!;
    expect(reopening).toBe(Math.ceil((clock.now + 1_500) / 1000) * 1000);
    expect(rateGate.status().heldUntil).toBe(reopening);
    await rateGate.waitUntil(reopening, deadline());
    expect(waited()).toBeGreaterThanOrEqual(1_900);
    expect(waited()).toBeLessThan(2_100);
  });

  for (const pastMs of [0, 1_000, 2_000, 30_000]) {
    it(`a reset ${pastMs / 1000} s in the past holds for a short jittered moment, never for good`, async () => {
      for (const random of [0, 1]) {
        const { rateGate, answer, deadline, waited, clock } = gate({ random });
        clock.now = Math.floor(clock.now / 1000) * 1000;
        await rateGate.waitUntil((await answer(429, 0, -pastMs))!, deadline());
        expect(waited()).toBeGreaterThanOrEqual(250);
        expect(waited()).toBeLessThanOrEqual(random ? 1_100 : 300);
        expect(rateGate.status().heldUntil).toBeNull();
      }
    });
  }

  it('a 429 without any reset header holds briefly too', async () => {
    const { rateGate, deadline, waited } = gate();
    await rateGate.waitUntil((await rateGate.observe(new Headers({}), 429))!, deadline());
    expect(waited()).toBeLessThanOrEqual(1_100);
  });

  it('429s in a row with stale resets back off further each time, up to the probe interval', async () => {
    const { answer, clock } = gate({ random: 0 });
    const holds: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      holds.push((await answer(429, 0, -1_000))! - clock.now);
    }
    expect(holds).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('a near reset holds only the call that met it: the others are paced from an empty mirror', async () => {
    const { pass, answer, clock, slept, deadline } = gate({ random: 0 });
    clock.now = Math.floor(clock.now / 1000) * 1000;
    await answer(200, 0, 1_000); // 9 tokens a second: a token every ~112 ms
    expect((await answer(429, 0, 2_000))! - clock.now).toBe(2_000);
    await pass(deadline());
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(105);
    expect(slept[0]).toBeLessThan(115);
  });

  it('429s in a row hold every call, not only those that met them, for a doubled token interval', async () => {
    const { pass, answer, clock, slept, deadline } = gate({ random: 0 });
    clock.now = Math.floor(clock.now / 1000) * 1000;
    await answer(200, 0, 1_000); // a token every ~112 ms
    await answer(429, 0, 2_000);
    await answer(429, 0, 2_000);
    await pass(deadline());
    expect(slept).toEqual([224]);
    await answer(429, 0, 2_000);
    await pass(deadline());
    expect(slept).toEqual([224, 448]);
  });

  it('prefers Retry-After to the reset', async () => {
    const { answer, clock } = gate();
    expect(await answer(429, 0, 30_000, { 'retry-after': '2' })).toBe(clock.now + 2_000);
    const dated = (await answer(429, 0, 30_000, { 'retry-after': new Date(clock.now + 3_000).toUTCString() }))! - clock.now;
    expect(dated).toBeGreaterThan(1_900);
    expect(dated).toBeLessThanOrEqual(3_000);
  });

  it('a reset an hour away: callers whose deadline it passes get RATE_LIMITED at once, one probe every few seconds', async () => {
    const { rateGate, pass, answer, deadline, clock, slept } = gate();
    const sentBefore = clock.now - 1;
    await answer(429, 0, 3_600_000);
    // An answer to a call sent before the 429 says nothing of the bucket since: still held.
    await rateGate.observe(new Headers({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '5' }), 200, sentBefore);
    await expect(pass(deadline(15_000))).rejects.toEqual(new RateLimitedError(3_600));
    expect(slept).toEqual([]);
    clock.now += PROBE_INTERVAL_MS;
    // The first call after the probe interval goes through; the next ones are held again.
    await pass(deadline(15_000));
    await expect(pass(deadline(15_000))).rejects.toBeInstanceOf(RateLimitedError);
    clock.now += PROBE_INTERVAL_MS - 1;
    await expect(pass(deadline(15_000))).rejects.toBeInstanceOf(RateLimitedError);
    clock.now += 1;
    await pass(deadline(15_000));
    // The probe is answered: the tenant serves again, the hold ends.
    await answer(200, 8, 1_000);
    expect(rateGate.status().heldUntil).toBeNull();
    await pass(deadline());
    expect(slept).toEqual([]);
  });

  it('every answer sets the mirror to what the tenant reports, up as well as down (a lowered limit too)', async () => {
    const { rateGate, pass, answer, deadline, slept } = gate({ random: 0 });
    await rateGate.waitUntil((await answer(429, 0, -1_000))!, deadline());
    slept.length = 0;
    // The call sent again after the wait takes its turn (no rate learnt: within a second), and
    // finds the tenant serving with 8 left: 8 more calls go without waiting.
    const ticket = await pass(deadline());
    expect(slept[0]).toBeLessThanOrEqual(1_000);
    slept.length = 0;
    await answer(200, 8, 1_000, {}, 10, ticket);
    for (let i = 0; i < 8; i += 1) await pass(deadline());
    expect(slept).toEqual([]);
    // Its limit lowered to 3 (and nothing left): the mirror follows at once.
    await answer(200, 0, 1_000, {}, 3);
    await pass(deadline());
    expect(slept).toHaveLength(1);
  });

  it('follows a lower refill rate within two windows', async () => {
    const { rateGate, answer, clock } = gate({ random: 0 });
    clock.now = Math.floor(clock.now / 1000) * 1000;
    await answer(200, 0, 1_000); // 9 a second
    expect(rateGate.status().ratePerSecond).toBeCloseTo(9, 5);
    for (let second = 0; second < 12; second += 1) {
      clock.now += 1_000;
      await answer(200, 0, 2_000); // 4.5 a second from now on
    }
    expect(rateGate.status().ratePerSecond).toBeCloseTo(4.5, 5);
  });

  it('a 429 empties the mirror but never raises the learnt rate, however soon its reset', async () => {
    const { rateGate, answer, clock } = gate({ random: 0 });
    clock.now = Math.floor(clock.now / 1000) * 1000;
    await answer(200, 0, 1_000); // 9 a second
    clock.now += 900;
    // A reset 100 ms away with nothing left would say 90 a second.
    await answer(429, 0, 50);
    expect(rateGate.status().ratePerSecond).toBeCloseTo(9, 5);
  });
});

describe('RateGate with a skewed tenant clock', () => {
  it('a tenant clock 30 s ahead: the reset is read on the tenant clock, not waited for 30 s more', async () => {
    const { rateGate, answer, deadline, waited, skews } = gate({ skewMs: 30_000 });
    await rateGate.waitUntil((await answer(429, 0, 2_000))!, deadline());
    expect(waited()).toBeLessThanOrEqual(3_100);
    expect(skews).toHaveLength(1);
    expect(Math.abs(skews[0]! - 30_000)).toBeLessThanOrEqual(1_000);
  });

  it('a tenant clock 30 s behind: a reset 2 s ahead on its clock is not taken as long past', async () => {
    const { rateGate, answer, deadline, waited } = gate({ skewMs: -30_000 });
    await rateGate.waitUntil((await answer(429, 0, 2_000))!, deadline());
    expect(waited()).toBeGreaterThanOrEqual(1_000);
    expect(waited()).toBeLessThanOrEqual(3_100);
  });

  it('a clock within a second is not corrected for and not reported', async () => {
    const { rateGate, answer, skews } = gate({ skewMs: 400 });
    await answer(200, 9, 1_000);
    await answer(200, 8, 1_000);
    expect(rateGate.status().clockOffsetMs).toBe(0);
    expect(skews).toEqual([]);
  });
});

describe('the rate gate status (/readyz, /metrics)', () => {
  it('says calls are held behind a queue in the mirror, not only after a 429', async () => {
    let now = 1_700_000_000_000;
    const budget = new SharedBudget(null, () => now);
    const rateGate = new RateGate({ now: () => now, budget, sleep: async (ms) => void (now += ms) });
    expect(rateGate.status().heldUntil).toBeNull();
    // The tenant says: 10 tokens, none left, full again in 5 s (about 2 a second).
    await budget.learn({ limit: 10, remaining: 0, resetAt: now + 5_000, sentAt: now, earlierUnanswered: 0 });
    // Twenty calls queued for tokens: the next would wait about ten seconds.
    for (let i = 0; i < 20; i += 1) await budget.reserve(now + 60_000);
    const { heldUntil } = rateGate.status();
    expect(heldUntil).not.toBeNull();
    expect(heldUntil! - now).toBeGreaterThan(5_000);
    // A queue that a second of pacing clears is not called a hold.
    now += heldUntil! - now - 500;
    expect(rateGate.status().heldUntil).toBeNull();
  });
});
