import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const query = (userId: string) => `{ authenticationMethods(userId: "${userId}") { id } }`;

describe('the Management API token', () => {
  it('is granted once for many sequential and concurrent requests', async () => {
    stack = await startStack();
    for (let i = 0; i < 10; i += 1) expect((await stack.graphql(query('auth0|alice'))).body.errors).toBeUndefined();
    const concurrent = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stack!.graphql(query(['auth0|alice', 'auth0|bob', 'auth0|carol'][i % 3]!))),
    );
    expect(concurrent.every((r) => r.status === 200 && r.body.errors === undefined)).toBe(true);
    const stats = await stack.upstreamStats();
    expect(stats.grants).toBe(1);
    expect(stats.apiRequests).toBe(40);
  });

  it('is granted once when the first requests arrive together', async () => {
    stack = await startStack();
    await Promise.all(Array.from({ length: 25 }, () => stack!.graphql(query('auth0|bob'))));
    expect((await stack.upstreamStats()).grants).toBe(1);
  });

  it('is renewed before it expires', async () => {
    stack = await startStack({ emulator: { tokenLifetimeSeconds: 2 } });
    // Reads go on across the token's life: a second grant comes before the first token expires,
    // so no call ever meets a 401.
    const until = Date.now() + 4_000;
    while ((await stack.upstreamStats()).grants < 2 && Date.now() < until) {
      expect((await stack.graphql(query('auth0|alice'))).body.errors).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await stack.upstreamStats()).grants).toBe(2);
    expect((await stack.upstreamRequests()).every((r) => r.status === 200)).toBe(true);
  });

  it('is fetched again once after a 401, and the call retried', async () => {
    stack = await startStack();
    await stack.graphql(query('auth0|alice'));
    await stack.admin('POST', 'revoke-tokens');
    await stack.resetUpstreamLog();
    // Fresh reads, so the five are not joined into one GET.
    const fresh = { headers: { 'cache-control': 'no-cache' } };
    const results = await Promise.all(Array.from({ length: 5 }, () => stack!.graphql(query('auth0|carol'), undefined, fresh)));
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    const statuses = (await stack.upstreamRequests()).map((r) => r.status);
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses).toHaveLength(5 + refused);
    // However many calls met the stale token, it costs one new grant.
    expect((await stack.upstreamStats()).grants).toBe(1);
  });

  it('turns refused client credentials into a named, non-fatal error', async () => {
    stack = await startStack({ env: { AUTH0_CLIENT_SECRET: 'wrong-secret-value' } });
    const { status, body } = await stack.graphql(query('auth0|alice'));
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'The Management API token could not be obtained (bad_credentials).',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', outcomeUnknown: false },
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('wrong-secret-value');
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', reason: 'bad_credentials' });
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
    // The process is still serving.
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('names an unreachable token endpoint', async () => {
    // Callers' keys still come from the emulator; only the Management API origin is unreachable.
    stack = await startStack({
      env: (emulator) => ({ AUTH0_BASE_URL: 'http://127.0.0.1:9', GATEWAY_JWKS_URL: `${emulator.url}/.well-known/jwks.json` }),
    });
    const { body } = await stack.graphql(query('auth0|alice'));
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const ready = await fetch(`${stack.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'not ready', reason: 'unreachable' });
  });
});
