import { describe, expect, it } from 'vitest';
import { TokenProvider, type Grant } from '../../src/upstream/token.js';

function deferredGrants() {
  const calls: Array<(grant: Grant) => void> = [];
  const fetchGrant = () => new Promise<Grant>((resolve) => calls.push(resolve));
  return { calls, fetchGrant };
}

describe('TokenProvider', () => {
  it('shares one grant in flight among concurrent callers', async () => {
    const { calls, fetchGrant } = deferredGrants();
    const provider = new TokenProvider(fetchGrant);
    const waiting = Promise.all(Array.from({ length: 50 }, () => provider.get()));
    expect(calls).toHaveLength(1);
    calls[0]!({ accessToken: 'T1', expiresInSeconds: 86_400 });
    expect(new Set(await waiting)).toEqual(new Set(['T1']));
    expect(calls).toHaveLength(1);
  });

  it('renews a minute before a long-lived token expires, and at 90% of a short one', async () => {
    let now = 0;
    let n = 0;
    const provider = new TokenProvider(
      async () => ({ accessToken: `T${++n}`, expiresInSeconds: n === 1 ? 86_400 : 10 }),
      () => now,
    );
    expect(await provider.get()).toBe('T1');
    now = 86_400_000 - 60_001;
    expect(await provider.get()).toBe('T1');
    now = 86_400_000 - 60_000;
    expect(await provider.get()).toBe('T2');
    const t2Start = now;
    now = t2Start + 8_999;
    expect(await provider.get()).toBe('T2');
    now = t2Start + 9_000;
    expect(await provider.get()).toBe('T3');
  });

  it('does not cache a failed grant, and drops only the token that failed', async () => {
    let n = 0;
    const provider = new TokenProvider(async () => {
      n += 1;
      if (n === 1) throw new Error('down');
      return { accessToken: `T${n}`, expiresInSeconds: 3600 };
    });
    await expect(provider.get()).rejects.toThrow('down');
    expect(await provider.get()).toBe('T2');
    provider.invalidate('T-old');
    expect(await provider.get()).toBe('T2');
    provider.invalidate('T2');
    expect(await provider.get()).toBe('T3');
  });
});
