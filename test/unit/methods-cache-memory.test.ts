import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/shared/store.js';
import { MethodsCache } from '../../src/cache/methods-cache.js';
import { StoredValues } from '../../src/shared/stored-values.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe("the methods cache's generations", () => {
  // A log-stream flood invalidates thousands of users a delivery: the store fills with generations,
  // and the process must stay within its memory bound under attack.
  it('cost the memory store about what their characters say: 25,000 of them hold under 10 MB of heap', async () => {
    const before = heapUsed();
    const store = new MemoryStore();
    const cache = new MethodsCache(store, 10_000, new StoredValues());
    for (let i = 0; i < 25; i += 1) await cache.invalidate(Array.from({ length: 1_000 }, (_, j) => `auth0|flood-${i}-${j}`));
    const held = (heapUsed() - before) / 1e6;
    expect(held).toBeLessThan(10);
  });
});
