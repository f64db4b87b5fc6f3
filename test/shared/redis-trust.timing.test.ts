import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startStack, type Stack } from '../helpers/stack.js';
import { RedisProcess } from '../../scripts/redis-process.js';
import { DeleteAllMethodsDocument, EnrollEmailDocument, MethodsOfUserDocument } from '../generated/operations.js';

/**
 * Redis as a trust boundary: shared with another tenant, emptied under the gateway, holding values
 * the gateway did not write. Each case is one the gateway once got wrong.
 */

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function redis(args: string[] = []): Promise<{ server: RedisProcess; client: Redis }> {
  const server = await RedisProcess.start(args);
  const client = new Redis(server.url);
  client.on('error', () => {});
  cleanup.push(async () => {
    client.disconnect();
    await server.stop();
  });
  return { server, client };
}

async function stackWith(env: Record<string, string>, options: { replicaOf?: Stack; domain?: string } = {}): Promise<Stack> {
  const stack = await startStack({
    env: { METHODS_CACHE_TTL_SECONDS: '60', ...env },
    ...(options.replicaOf ? { replicaOf: options.replicaOf } : {}),
    ...(options.domain ? { emulator: { domain: options.domain } } : {}),
  });
  cleanup.push(() => stack.close());
  return stack;
}

const DOMAIN = 'tenant.emulator.local';
const key = (name: string, domain = DOMAIN) => `mfa-gateway:${domain}:${name}`;

const reads = async (stack: Stack, userId: string) =>
  (await stack.upstreamRequests()).filter((r) => r.method === 'GET' && decodeURIComponent(r.path).includes(userId)).length;

const methodsOf = async (stack: Stack, userId: string) => {
  const { body } = await stack.graphql(MethodsOfUserDocument, { userId });
  return body;
};
const countOf = async (stack: Stack, userId: string) => {
  const body = await methodsOf(stack, userId);
  expect(body.errors).toBeUndefined();
  return body.data!.authenticationMethods.length;
};
const rejected = async (stack: Stack, kind: string) =>
  Number(
    new RegExp(`^mfa_gateway_shared_values_rejected_total\\{kind="${kind}"\\} (\\S+)`, 'm').exec(
      await (await fetch(`${stack.url}/metrics`)).text(),
    )?.[1] ?? 0,
  );

describe('two tenants sharing one Redis with the default prefix', () => {
  it('never serve each other the same user id, nor share a token or a budget', async () => {
    const { server, client } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const b = await stackWith({ REDIS_URL: server.url }, { domain: 'other.emulator.local' });
    const inA = await countOf(a, 'auth0|erin');
    await b.resetUpstreamLog();
    // B reads its own tenant, not A's cached list of the same user id...
    expect(await countOf(b, 'auth0|erin')).toBe(inA);
    expect(await reads(b, 'auth0|erin')).toBe(1);
    // ...and its writes are not A's.
    const { body } = await b.graphql(EnrollEmailDocument, { input: { userId: 'auth0|erin', email: 'erin@b.example' } });
    expect(body.data!.enrollEmail.__typename).toBe('EnrollEmailSuccess');
    expect(await countOf(b, 'auth0|erin')).toBe(inA + 1);
    expect(await countOf(a, 'auth0|erin')).toBe(inA);
    const stored = await client.keys('*');
    expect(stored.filter((name) => !name.startsWith(key('', DOMAIN)) && !name.startsWith(key('', 'other.emulator.local')))).toEqual([]);
    expect(stored.filter((name) => name.includes('management-token') && !name.includes('grant-lock'))).toHaveLength(2);
    expect(stored.filter((name) => name.endsWith(':rate-budget'))).toHaveLength(2);
    // A job of one tenant is not a job the other can read or cancel.
    const started = await a.graphql(
      `mutation { startMfaReset(input: { userIds: ["auth0|erin"], dryRun: true, reason: "tenant test" }) { ... on StartMfaResetSuccess { job { id } } } }`,
    );
    const id = (started.body.data as { startMfaReset: { job: { id: string } } }).startMfaReset.job.id;
    expect((await b.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { id } }`, { id })).body.data).toEqual({ mfaResetJob: null });
    expect((await a.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { id } }`, { id })).body.data).toEqual({ mfaResetJob: { id } });
  });
});

describe('keys that vanish', () => {
  it("a lost generation means read fresh: a list stored by a read that crossed a write is never served once the user's generation is gone", async () => {
    const { server, client } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const b = await stackWith({ REDIS_URL: server.url }, { replicaOf: a });
    expect(await countOf(a, 'auth0|alice')).toBeGreaterThan(0);
    await client.del(key('methods-generation:{u:auth0|alice}'), key('methods:{u:auth0|alice}'));
    // A read slowed down past a DELETE of every method, which finishes first.
    await a.admin('PUT', 'faults', { script: [{ kind: 'delay', method: 'GET', delayMs: 600 }] });
    const slow = methodsOf(a, 'auth0|alice');
    await new Promise((r) => setTimeout(r, 150));
    expect((await b.graphql(DeleteAllMethodsDocument, { input: { userId: 'auth0|alice' } })).body.data!.deleteAllMethods.__typename).toBe(
      'DeleteAllMethodsSuccess',
    );
    await slow;
    // The older list is in Redis now; then the generation key is lost (eviction, failover).
    expect(await client.exists(key('methods:{u:auth0|alice}'))).toBe(1);
    await client.del(key('methods-generation:{u:auth0|alice}'));
    expect(await countOf(a, 'auth0|alice')).toBe(0);
    expect(await countOf(b, 'auth0|alice')).toBe(0);
    const posture = await b.graphql(`query { mfaPosture(userId: "auth0|alice") { strength } }`);
    expect(posture.body.data).toEqual({ mfaPosture: { strength: 'NONE' } });
  });

  it('while a replica cannot reach Redis it serves no list another replica may have outdated', async () => {
    const { server } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const b = await stackWith({ REDIS_URL: server.url }, { replicaOf: a });
    const before = await countOf(a, 'auth0|erin');
    await server.stop();
    // Each replica on its own memory: A reads (and keeps the list), B writes (and drops only its own copy).
    expect(await countOf(a, 'auth0|erin')).toBe(before);
    const { body } = await b.graphql(EnrollEmailDocument, { input: { userId: 'auth0|erin', email: 'erin@outage.example' } });
    expect(body.data!.enrollEmail.__typename).toBe('EnrollEmailSuccess');
    expect(await countOf(a, 'auth0|erin')).toBe(before + 1);
  });
});

describe('values the gateway did not write', () => {
  it('a rate budget claiming the far future is dropped, counted, and never refuses a read', async () => {
    const { server, client } = await redis();
    const a = await stackWith({ REDIS_URL: server.url, METHODS_CACHE_TTL_SECONDS: '0' });
    await countOf(a, 'auth0|alice');
    const far = Date.now() + 1_000_000_000_000;
    await client.set(
      key('rate-budget'),
      JSON.stringify({ limit: 10, tokens: -1e9, updatedAt: far, rate: 0.001, reserved: 5, windowStart: far, windowMax: 0, previousMax: 0 }),
    );
    for (let i = 0; i < 3; i += 1) expect((await methodsOf(a, 'auth0|alice')).errors).toBeUndefined();
    expect(await rejected(a, 'rate-budget')).toBeGreaterThan(0);
    const ready = (await (await fetch(`${a.url}/readyz`)).json()) as Record<string, unknown>;
    expect(ready.rateLimitHeldUntil).toBeUndefined();
  });

  it('a malformed budget or cached list costs a fresh read, never an error', async () => {
    const { server, client } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const expected = await countOf(a, 'auth0|alice');
    const generation = await client.get(key('methods-generation:{u:auth0|alice}'));
    expect(generation).not.toBeNull();
    await client.set(key('rate-budget'), '{"limit":');
    await client.set(key('methods:{u:auth0|alice}'), JSON.stringify({ g: generation, m: [{ id: 42, type: 'NOPE' }] }));
    await a.resetUpstreamLog();
    expect(await countOf(a, 'auth0|alice')).toBe(expected);
    expect(await countOf(a, 'auth0|alice')).toBe(expected);
    // The bad list was replaced by the fresh one: one read, then served from the cache.
    expect(await reads(a, 'auth0|alice')).toBe(1);
    expect(await rejected(a, 'methods')).toBe(1);
    expect(await rejected(a, 'rate-budget')).toBeGreaterThan(0);
    // A generation this gateway did not write is no generation: read fresh.
    await client.set(key('methods-generation:{u:auth0|alice}'), 'not-one-of-ours');
    expect(await countOf(a, 'auth0|alice')).toBe(expected);
    expect(await reads(a, 'auth0|alice')).toBe(2);
  });

  it('a grant lock left without an expiry is broken at once: one grant, no wait', async () => {
    const { server, client } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    const grants = async () => (await a.upstreamStats()).grants;
    await countOf(a, 'auth0|alice');
    const before = await grants();
    const [tokenKey] = (await client.keys(key('management-token:*'))).filter((name) => !name.endsWith('grant-lock'));
    await client.set(`${tokenKey!}:grant-lock`, 'held-forever');
    await client.del(tokenKey!);
    // A 401 makes the replica need a new token now.
    await a.admin('POST', 'revoke-tokens');
    const started = Date.now();
    expect((await methodsOf(a, 'auth0|bob')).errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await grants()) - before).toBe(1);
    expect(await rejected(a, 'grant-lock')).toBeGreaterThan(0);
  });
});

describe('the Redis it is given', () => {
  const readyz = async (stack: Stack) => (await (await fetch(`${stack.url}/readyz`)).json()) as { redis?: Record<string, unknown> };
  const metric = async (stack: Stack, name: string) =>
    Number(new RegExp(`^${name} (\\S+)`, 'm').exec(await (await fetch(`${stack.url}/metrics`)).text())?.[1]);
  const eventually = async (check: () => Promise<boolean>) => {
    for (const started = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() - started > 5_000) throw new Error('timed out');
    }
  };

  it('an evicting policy is said at start: a warning, /readyz and a metric', async () => {
    const { server } = await redis(['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru']);
    const a = await stackWith({ REDIS_URL: server.url });
    await eventually(async () => (await readyz(a)).redis !== undefined);
    expect((await readyz(a)).redis).toEqual({ evictionPolicy: 'allkeys-lru', persistent: false, dataLost: false, jobsSafe: false });
    expect(await metric(a, 'mfa_gateway_redis_eviction_safe')).toBe(0);
    expect(a.logs.some((line) => line.includes('"level":40') && line.includes('allkeys-lru'))).toBe(true);
  });

  it('a Redis that restarted empty is found out on reconnecting: logged, counted, on /readyz', async () => {
    const { server } = await redis();
    const a = await stackWith({ REDIS_URL: server.url });
    await eventually(async () => (await readyz(a)).redis !== undefined);
    expect((await readyz(a)).redis).toMatchObject({ evictionPolicy: 'noeviction', dataLost: false, jobsSafe: true });
    await server.stop();
    await server.restart();
    await eventually(async () => (await metric(a, 'mfa_gateway_redis_data_lost_total')) === 1);
    expect((await readyz(a)).redis).toMatchObject({ dataLost: true });
    expect(a.logs.some((line) => line.includes('"level":50') && line.includes('Redis lost its data'))).toBe(true);
  });

  it('the log-stream hook answers a 5,000-event delivery within a second while Redis hangs, and applies it', async () => {
    const { server } = await redis();
    const token = 'log-stream-token-0123456789';
    const a = await stackWith({ REDIS_URL: server.url, LOG_STREAM_TOKEN: token });
    const events = Array.from({ length: 5_000 }, (_, n) => ({ log_id: `hang-${n}`, type: 'gd_unenroll', user_id: `auth0|hang${n}` }));
    server.freeze();
    cleanup.push(async () => server.thaw());
    const started = performance.now();
    const response = await fetch(`${a.url}/hooks/auth0-log-stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    const ms = performance.now() - started;
    expect([200, 202]).toContain(response.status);
    expect(ms).toBeLessThan(1_000);
    expect(await response.json()).toMatchObject({ received: 5_000 });
    server.thaw();
    await eventually(async () => (await metric(a, 'mfa_gateway_log_stream_events_total\\{result="invalidated"\\}')) === 5_000);
  });
});
