import { describe, expect, it } from 'vitest';
import { SharedBudget } from '../../src/shared/shared-budget.js';
import { MemoryStore, type SharedStore } from '../../src/shared/store.js';

/** A store that is Redis (`shared`) or the replica's own memory (`local`), switched by the test, as the resilient store does. */
function switchable(shared: SharedStore, local: SharedStore) {
  let current = shared;
  const store: SharedStore = {
    get: (key) => current.get(key),
    getMany: (keys) => current.getMany(keys),
    set: (key, value, ttl) => current.set(key, value, ttl),
    setIfAbsent: (key, value, ttl) => current.setIfAbsent(key, value, ttl),
    compareAndSet: (key, expected, next, ttl) => current.compareAndSet(key, expected, next, ttl),
    delete: (keys) => current.delete(keys),
    exists: (keys) => current.exists(keys),
  };
  return { store, use: (which: 'shared' | 'local') => (current = which === 'shared' ? shared : local) };
}

describe('the shared rate budget across an outage', () => {
  it("an answer to a call reserved from the replica's own mirror does not fill the shared one with a phantom queue", async () => {
    const now = 1_700_000_000_000;
    const shared = new MemoryStore();
    // Another replica has used the shared mirror: the bucket learnt, then 45 reservations answered.
    const other = new SharedBudget(shared, () => now);
    await other.learn({ limit: 50, remaining: 50, resetAt: now + 1_000, sentAt: now - 100, earlierUnanswered: 0 });
    for (let i = 0; i < 45; i += 1) await other.reserve(now + 15_000);
    await other.learn({ limit: 50, remaining: 5, resetAt: now + 1_000, sentAt: now - 100, earlierUnanswered: 0 });
    const { store, use } = switchable(shared, new MemoryStore());
    const replica = new SharedBudget(store, () => now);
    // Redis away: this replica reserves from its own mirror (ticket 1)...
    use('local');
    const reservation = await replica.reserve(now + 15_000);
    expect(reservation).toMatchObject({ ticket: 1 });
    // ...and the answer arrives once Redis is back.
    use('shared');
    await replica.learn({ limit: 50, remaining: 4, resetAt: now + 1_000, sentAt: now, earlierUnanswered: 0, ticket: 1 });
    // The tenant said 4 left: not 4 less the 44 reservations numbered after 1 in another mirror.
    expect((await replica.current()).tokens).toBe(4);
    expect(await replica.reserve(now + 15_000)).toMatchObject({ waitMs: 0 });
  });
});
