import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { RedisProcess, freePort } from '../../scripts/redis-process.js';
import { DeleteAllMethodsDocument, EnrollEmailDocument, MethodsOfUserDocument } from '../generated/operations.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function stackWith(env: Record<string, string>, replicaOf?: Stack): Promise<Stack> {
  const stack = await startStack({ env: { METHODS_CACHE_TTL_SECONDS: '10', ...env }, ...(replicaOf ? { replicaOf } : {}) });
  cleanup.push(() => stack.close());
  return stack;
}

async function redis(): Promise<RedisProcess> {
  const server = await RedisProcess.start();
  cleanup.push(() => server.stop());
  return server;
}

/** The GETs of a user's methods the emulator received since the last reset. */
const reads = async (stack: Stack, userId: string) =>
  (await stack.upstreamRequests()).filter((r) => r.method === 'GET' && decodeURIComponent(r.path).includes(userId)).length;

const emails = async (stack: Stack, userId: string, headers: Record<string, string> = {}) => {
  const { body } = await stack.graphql(MethodsOfUserDocument, { userId }, { headers });
  expect(body.errors).toBeUndefined();
  return body.data!.authenticationMethods.filter((m) => m.__typename === 'EmailMethod').length;
};

const enrollEmail = async (stack: Stack, userId: string, email: string) => {
  const { body } = await stack.graphql(EnrollEmailDocument, { input: { userId, email } });
  expect(body.data!.enrollEmail.__typename).toBe('EnrollEmailSuccess');
};

describe('the read cache, in one process', () => {
  it('serves a list again within the TTL, and Cache-Control: no-cache reads fresh', async () => {
    const stack = await stackWith({});
    await stack.resetUpstreamLog();
    await emails(stack, 'auth0|erin');
    await emails(stack, 'auth0|erin');
    expect(await reads(stack, 'auth0|erin')).toBe(1);
    await emails(stack, 'auth0|erin', { 'cache-control': 'no-cache' });
    expect(await reads(stack, 'auth0|erin')).toBe(2);
  });

  it('is off with METHODS_CACHE_TTL_SECONDS=0', async () => {
    const stack = await stackWith({ METHODS_CACHE_TTL_SECONDS: '0' });
    await stack.resetUpstreamLog();
    await emails(stack, 'auth0|erin');
    await emails(stack, 'auth0|erin');
    expect(await reads(stack, 'auth0|erin')).toBe(2);
  });

  it('shares one GET among concurrent reads of a user, cache off too', async () => {
    const stack = await stackWith({ METHODS_CACHE_TTL_SECONDS: '0' });
    await stack.admin('PATCH', 'settings', { latencyMs: 100 });
    await stack.resetUpstreamLog();
    await Promise.all(Array.from({ length: 10 }, () => emails(stack, 'auth0|erin')));
    expect(await reads(stack, 'auth0|erin')).toBe(1);
  });

  it('reads fresh after a write through the gateway', async () => {
    const stack = await stackWith({});
    expect(await emails(stack, 'auth0|erin')).toBe(0);
    await enrollEmail(stack, 'auth0|erin', 'erin@example.com');
    expect(await emails(stack, 'auth0|erin')).toBe(1);
  });

  it('never stores back a list read before a write that finished first', async () => {
    const stack = await stackWith({});
    await stack.resetUpstreamLog();
    // The GET is answered with the list as it is now, but only after the write has finished.
    await stack.admin('PUT', 'faults', { script: [{ kind: 'delay', method: 'GET', delayMs: 800 }] });
    const slowRead = emails(stack, 'auth0|erin');
    await new Promise((r) => setTimeout(r, 150));
    await enrollEmail(stack, 'auth0|erin', 'erin@example.com');
    expect(await slowRead).toBe(0);
    // The older list arrived after the write: it must not be what the next read gets.
    expect(await emails(stack, 'auth0|erin')).toBe(1);
  });

  it("decides each caller's permission, whoever read the list first", async () => {
    const stack = await stackWith({});
    await emails(stack, 'auth0|erin');
    const stranger = await stack.token({ sub: 'auth0|stranger', permissions: [] });
    const { body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|erin' }, { token: stranger });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the read cache, across replicas sharing Redis', () => {
  it('a write through one replica makes the next read on another fresh', async () => {
    const server = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const b = await stackWith({ REDIS_URL: server.url }, a);
    expect(await emails(a, 'auth0|erin')).toBe(0);
    await a.resetUpstreamLog();
    // b is served the list a read.
    expect(await emails(b, 'auth0|erin')).toBe(0);
    expect(await reads(a, 'auth0|erin')).toBe(0);
    await enrollEmail(b, 'auth0|erin', 'erin@example.com');
    expect(await emails(a, 'auth0|erin')).toBe(1);
  });

  it('keeps answering while Redis is down, says so in /metrics, and shares again when it is back', async () => {
    const server = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const b = await stackWith({ REDIS_URL: server.url }, a);
    const up = async (stack: Stack) => /^mfa_gateway_shared_store_up (\S+)/m.exec(await (await fetch(`${stack.url}/metrics`)).text())?.[1];
    expect(await emails(a, 'auth0|erin')).toBe(0);
    expect(await up(a)).toBe('1');
    await server.stop();
    const started = performance.now();
    expect(await emails(a, 'auth0|erin')).toBe(0);
    await enrollEmail(b, 'auth0|erin', 'erin@example.com');
    expect(await emails(b, 'auth0|erin')).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await up(a)).toBe('0');
    expect(await (await fetch(`${a.url}/readyz`)).json()).toMatchObject({ status: 'ready', sharedState: 'memory (redis unavailable)' });
    expect(a.logs.join('\n')).toContain('Redis is not answering');
    await server.restart();
    // Shared again once Redis answers: a write on b is seen by a.
    await expect
      .poll(async () => (await emails(a, 'auth0|erin', { 'cache-control': 'no-cache' }), await up(a)), { timeout: 5_000 })
      .toBe('1');
    await expect.poll(() => up(b), { timeout: 5_000 }).toBe('1');
    expect(await (await fetch(`${b.url}/readyz`)).json()).toMatchObject({ status: 'ready', sharedState: 'redis' });
    expect(await emails(a, 'auth0|erin')).toBe(1);
    const { body } = await b.graphql(DeleteAllMethodsDocument, { input: { userId: 'auth0|erin' } });
    expect(body.data!.deleteAllMethods.__typename).toBe('DeleteAllMethodsSuccess');
    expect(await emails(a, 'auth0|erin')).toBe(0);
  });

  it('starts within seconds and serves on its own memory when Redis is not there', async () => {
    const port = await freePort();
    const started = performance.now();
    const a = await stackWith({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(await emails(a, 'auth0|erin')).toBe(0);
    expect(await (await fetch(`${a.url}/readyz`)).json()).toMatchObject({ status: 'ready', sharedState: 'memory (redis unavailable)' });
  });

  it('keeps answering when Redis hangs (connections open, no answers): each request waits at most a command timeout', async () => {
    const server = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    expect(await emails(a, 'auth0|erin')).toBe(0);
    server.freeze();
    try {
      const started = performance.now();
      for (let i = 0; i < 5; i += 1) expect(await emails(a, 'auth0|erin', { 'cache-control': 'no-cache' })).toBe(0);
      await enrollEmail(a, 'auth0|erin', 'erin@example.com');
      expect(await emails(a, 'auth0|erin')).toBe(1);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(a.logs.join('\n')).toContain('Redis is not answering');
    } finally {
      server.thaw();
    }
  });
});
