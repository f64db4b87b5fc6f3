import { describe, expect, it } from 'vitest';
import { RateGate } from '../../src/upstream/rate-gate.js';
import { TokenBucket } from '../../src/emulator/rate-limit.js';
import { SharedBudget } from '../../src/shared/shared-budget.js';
import { MemoryStore } from '../../src/shared/store.js';

/**
 * The rate gates of `replicas` gateways sharing one budget, in front of the emulator's token
 * bucket, on a simulated clock: `clients` callers call as fast as they are let through, for
 * `seconds`, each call taking 2 ms to reach the tenant and 2 ms to come back.
 */
async function simulate({ burst, perSecond, replicas, clients = 48, seconds = 10 }: Record<string, number>) {
  let now = 1_700_000_000_000;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const sleep = (ms: number) => new Promise<void>((wake) => timers.push({ at: now + ms, wake }));
  const store = new MemoryStore();
  const gates = Array.from(
    { length: replicas! },
    () => new RateGate({ now: () => now, sleep, random: () => 0.5, budget: new SharedBudget(store, () => now) }),
  );
  const bucket = new TokenBucket({ burst: burst!, perSecond: perSecond! });
  bucket.configure({ burst: burst!, perSecond: perSecond! });
  (bucket as unknown as { updatedAt: number }).updatedAt = now;
  let served = 0;
  let limited = 0;
  const end = now + seconds * 1000;
  const client = async (gate: RateGate) => {
    while (now < end) {
      let ticket: number | undefined;
      try {
        ticket = await gate.pass(now + 15_000);
      } catch {
        await sleep(10);
        continue;
      }
      const sentAt = now;
      await sleep(2);
      const answer = bucket.take(now);
      await sleep(2);
      if (answer.allowed) served += 1;
      else limited += 1;
      const reopening = await gate.observe(new Headers(answer.headers), answer.allowed ? 200 : 429, sentAt, ticket);
      if (reopening !== null) await gate.waitUntil(reopening, now + 15_000).catch(() => {});
    }
  };
  for (let i = 0; i < clients; i += 1) void client(gates[i % replicas!]!);
  while (now < end) {
    await new Promise((r) => setImmediate(r));
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) continue;
    now = Math.max(now, next.at);
    next.wake();
  }
  return { served, limited, budget: burst! + perSecond! * seconds };
}

describe('the rate budget against a simulated tenant', () => {
  it.each([
    { burst: 10, perSecond: 20, replicas: 1 },
    { burst: 50, perSecond: 16, replicas: 1 },
    { burst: 50, perSecond: 16, replicas: 3 },
    { burst: 10, perSecond: 2, replicas: 3 },
  ])('%o: at least 95% of the budget spent, no 429', async (tenant) => {
    const { served, limited, budget } = await simulate(tenant);
    expect(limited).toBe(0);
    expect(served).toBeGreaterThanOrEqual(0.95 * budget);
    expect(served).toBeLessThanOrEqual(budget);
  });
});
