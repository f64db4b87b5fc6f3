import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/shared/store.js';

describe('the memory store', () => {
  it('is bounded by size: the least recently used values go first', async () => {
    const store = new MemoryStore();
    const value = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i += 1) await store.set(`list:${i}`, value, 60_000);
    const kept = (await store.getMany(Array.from({ length: 40 }, (_, i) => `list:${i}`))).filter((v) => v !== null).length;
    expect(kept).toBeLessThanOrEqual(8);
    expect(await store.get('list:39')).toBe(value);
  });

  it('expires values, sets only what is absent, and compares before it sets or deletes', async () => {
    const store = new MemoryStore();
    await store.set('k', 'v', 1);
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.get('k')).toBeNull();
    expect(await store.setIfAbsent('lock', 'a', 60_000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'b', 60_000)).toBe(false);
    expect(await store.compareAndSet('lock', 'b', null, 0)).toBe(false);
    expect(await store.compareAndSet('lock', 'a', null, 0)).toBe(true);
    expect(await store.get('lock')).toBeNull();
    expect(await store.compareAndSet('new', null, 'x', 60_000)).toBe(true);
    expect(await store.get('new')).toBe('x');
  });
});
