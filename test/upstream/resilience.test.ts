import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptedFault } from '../../src/emulator/faults.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { PROBE_INTERVAL_MS } from '../../src/upstream/rate-gate.js';
import {
  DeleteMethodDocument,
  EnrollSmsDocument,
  EnrollTotpDocument,
  EnrollWebAuthnRoamingDocument,
  ReplaceMethodsDocument,
  UpdateMethodDocument,
} from '../generated/operations.js';

const TIMEOUT_MS = 400;
const MAX_WAIT_MS = 3_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_MAX_WAIT_MS: String(MAX_WAIT_MS) } });
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.admin('POST', 'reset');
  await stack.admin('PATCH', 'settings', { latencyMs: 0, rateLimit: { burst: 1000, perSecond: 1000 } });
  // Warm the token so that grant timing does not mix into the call sequences asserted below.
  await stack.graphql('{ authenticationMethods(userId: "auth0|erin") { id } }');
  await stack.resetUpstreamLog();
});

const inject = (...script: ScriptedFault[]) => stack.admin('PUT', 'faults', { script });
const trace = async () => (await stack.upstreamRequests()).map((r) => `${r.method} ${r.fault ?? r.status}`);
const list = (userId: string) => stack.graphql(`{ authenticationMethods(userId: "${userId}") { id } }`);
const phones = async (userId: string) => (await stack.storedMethods(userId)).filter((m) => m.type === 'phone');

describe('reads and idempotent writes are retried', () => {
  it('a GET meeting a 503 is retried', async () => {
    await inject({ kind: 'status-5xx', status: 503 });
    const { body } = await list('auth0|bob');
    expect(body.errors).toBeUndefined();
    expect(await trace()).toEqual(['GET status-5xx', 'GET 200']);
  });

  it('a GET that hangs times out and is retried', async () => {
    await inject({ kind: 'hang' });
    const { body } = await list('auth0|bob');
    expect(body.errors).toBeUndefined();
    expect(await trace()).toEqual(['GET hang', 'GET 200']);
  });

  it('a GET failing every time gives UPSTREAM_UNAVAILABLE after 1 + 3 attempts', async () => {
    await inject(...Array.from({ length: 6 }, () => ({ kind: 'status-5xx' as const, status: 500 })));
    const { body } = await list('auth0|bob');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcomeUnknown: false });
    expect(await trace()).toEqual(['GET status-5xx', 'GET status-5xx', 'GET status-5xx', 'GET status-5xx']);
  });

  it('a PATCH whose connection drops after it is applied is sent again and succeeds', async () => {
    await inject({ kind: 'drop-after', method: 'PATCH' });
    const { body } = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', name: 'Renamed' },
    });
    expect(body.data!.updateMethod).toMatchObject({ __typename: 'UpdateMethodSuccess', method: { name: 'Renamed' } });
    expect((await trace()).filter((t) => t.startsWith('PATCH'))).toEqual(['PATCH drop-after', 'PATCH 200']);
  });

  it('a PATCH applied but unanswered, whose retries all fail, is reported with an unknown outcome', async () => {
    await inject(
      { kind: 'drop-after', method: 'PATCH' },
      ...Array.from({ length: 4 }, () => ({ kind: 'status-5xx' as const, method: 'PATCH' })),
    );
    const { body } = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', name: 'Applied' },
    });
    expect(body.data!.updateMethod).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect((await stack.storedMethods('auth0|alice')).find((m) => m.id === 'totp|dev_AliceTotp0000001')).toMatchObject({ name: 'Applied' });
  });

  it('a DELETE whose answer is lost and whose retry meets 404: done when this request read the method first', async () => {
    await inject({ kind: 'drop-after', method: 'DELETE' });
    const { body } = await stack.graphql(
      `mutation {
        updateMethod(input: { userId: "auth0|alice", methodId: "totp|dev_AliceTotp0000001", name: "Kept" }) {
          ... on UpdateMethodSuccess { user { authenticationMethods { id } } }
        }
        deleteMethod(input: { userId: "auth0|alice", methodId: "push|dev_AlicePush00000001" }) {
          __typename ... on DeleteMethodSuccess { deletedMethodId }
        }
      }`,
    );
    expect(body.data!.deleteMethod).toMatchObject({ __typename: 'DeleteMethodSuccess', deletedMethodId: 'push|dev_AlicePush00000001' });
    expect((await trace()).filter((t) => t.startsWith('DELETE'))).toEqual(['DELETE drop-after', 'DELETE 404']);
  });

  it('a DELETE of a method never seen, whose retry meets 404 after a 503, is not reported (nor audited) as deleted', async () => {
    await inject({ kind: 'status-5xx', status: 503, method: 'DELETE' });
    const { body } = await stack.graphql(DeleteMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'push|dev_NeverExisted00001' },
    });
    expect(body.data!.deleteMethod).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect((await trace()).filter((t) => t.startsWith('DELETE'))).toEqual(['DELETE status-5xx', 'DELETE 404']);
  });
});

describe("an answer that is not the API's JSON", () => {
  it('is an error for a read, never an empty list', async () => {
    await inject({ kind: 'bad-body', method: 'GET' });
    const { body } = await list('auth0|alice');
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', outcomeUnknown: false });
  });

  it('after a PATCH, the PATCH is sent again for a readable answer', async () => {
    await inject({ kind: 'bad-body', method: 'PATCH' });
    const { body } = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', name: 'Again' },
    });
    expect(body.data!.updateMethod).toMatchObject({ __typename: 'UpdateMethodSuccess', method: { name: 'Again' } });
    expect((await trace()).filter((t) => t.startsWith('PATCH'))).toEqual(['PATCH bad-body', 'PATCH 200']);
  });

  it('after a PUT twice, the outcome is reported unknown (it was applied)', async () => {
    await inject({ kind: 'bad-body', method: 'PUT' }, { kind: 'bad-body', method: 'PUT' });
    const { body } = await stack.graphql(ReplaceMethodsDocument, {
      input: { userId: 'auth0|erin', methods: [{ email: { email: 'erin@example.com' } }] },
    });
    expect(body.data!.replaceMethods).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect(await stack.storedMethods('auth0|erin')).toHaveLength(1);
  });

  it('after a POST is settled by a read, like a lost answer: a masked phone read back proves nothing', async () => {
    await inject({ kind: 'bad-body', method: 'POST' });
    const { body } = await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin', phoneNumber: '+14155550124' } });
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect(await trace()).toEqual(['POST bad-body', 'GET 200']);
    expect(await phones('auth0|erin')).toHaveLength(1);
  });
});

describe('a POST is never made twice', () => {
  const enroll = (phoneNumber = '+14155550123') => stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin', phoneNumber } });

  it('applied but its answer lost: the read shows a phone that could be it, so the outcome is unknown, and no second POST', async () => {
    await inject({ kind: 'drop-after', method: 'POST' });
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect(await trace()).toEqual(['POST drop-after', 'GET 200']);
    expect(await phones('auth0|erin')).toHaveLength(1);
  });

  it('never reports another enrollment as this one: same last digits, this POST dropped before the tenant', async () => {
    expect((await enroll('+14155550123')).body.data!.enrollSms).toMatchObject({ __typename: 'EnrollSmsSuccess' });
    await stack.resetUpstreamLog();
    await inject({ kind: 'drop-before', method: 'POST' });
    const { body } = await enroll('+12125550123');
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect(await trace()).toEqual(['POST drop-before', 'GET 200']);
    expect((await phones('auth0|erin')).map((m) => m.phone_number)).toEqual(['+14155550123']);
  });

  it('a security key whose answer is lost is proven by its credential id: success, no second POST', async () => {
    await inject({ kind: 'drop-after', method: 'POST' });
    const { body } = await stack.graphql(EnrollWebAuthnRoamingDocument, {
      input: { userId: 'auth0|erin', keyId: 'cred-lost-answer', publicKey: 'cGs=', relyingPartyIdentifier: 'login.example.com' },
    });
    expect(body.data!.enrollWebAuthnRoaming).toMatchObject({
      __typename: 'EnrollWebAuthnRoamingSuccess',
      method: { keyId: 'cred-lost-answer' },
    });
    expect(await trace()).toEqual(['POST drop-after', 'GET 200']);
  });

  it('dropped before it was applied: the read finds nothing, one safe retry', async () => {
    await inject({ kind: 'drop-before', method: 'POST' });
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'EnrollSmsSuccess' });
    expect(await trace()).toEqual(['POST drop-before', 'GET 200', 'POST 201', 'GET 200']);
    expect(await phones('auth0|erin')).toHaveLength(1);
  });

  it('a 503: settled the same way, one method', async () => {
    await inject({ kind: 'status-5xx', status: 503, method: 'POST' });
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'EnrollSmsSuccess' });
    expect(await phones('auth0|erin')).toHaveLength(1);
  });

  it('a POST that hangs past the timeout: settled by a read, one method', async () => {
    await inject({ kind: 'hang', method: 'POST' });
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'EnrollSmsSuccess' });
    expect(await phones('auth0|erin')).toHaveLength(1);
  });

  it('an OTP enrollment whose answer is lost: applied, but an OTP app read back proves nothing, so unknown', async () => {
    await inject({ kind: 'drop-after', method: 'POST' });
    const { body } = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|erin' } });
    expect(body.data!.enrollTotp).toMatchObject({ __typename: 'UpstreamUnavailableError', outcomeUnknown: true });
    expect((await stack.storedMethods('auth0|erin')).filter((m) => m.type === 'totp')).toHaveLength(1);
  });

  it('when the reads fail too, the outcome is reported unknown', async () => {
    await inject(
      { kind: 'drop-after', method: 'POST' },
      ...Array.from({ length: 4 }, () => ({ kind: 'status-5xx' as const, method: 'GET' })),
    );
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({
      __typename: 'UpstreamUnavailableError',
      code: 'UPSTREAM_UNAVAILABLE',
      outcomeUnknown: true,
    });
    // And indeed it was applied, once.
    expect(await phones('auth0|erin')).toHaveLength(1);
  });

  it('a 429 on a POST is waited out and the POST sent again: it was not processed', async () => {
    await inject({ kind: 'rate-limit', method: 'POST', resetSeconds: 1 });
    const { body } = await enroll();
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'EnrollSmsSuccess' });
    expect(await trace()).toEqual(['POST rate-limit', 'POST 201', 'GET 200']);
  });
});

describe('rate limits', () => {
  // The gateway remembers what the tenant said of its bucket, so each case gets its own gateway.
  let own: Stack;
  beforeEach(async () => {
    own = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_MAX_WAIT_MS: String(MAX_WAIT_MS) } });
  });
  afterEach(() => own.close());
  const ownInject = (...script: ScriptedFault[]) => own.admin('PUT', 'faults', { script });
  const ownList = (userId: string) => own.graphql(`{ authenticationMethods(userId: "${userId}") { id } }`);
  const ownTrace = async () => (await own.upstreamRequests()).map((r) => `${r.method} ${r.fault ?? r.status}`);
  it('waits for the reset on a 429, then retries', async () => {
    await ownInject({ kind: 'rate-limit', resetSeconds: 1 });
    const started = Date.now();
    const { body } = await ownList('auth0|bob');
    expect(body.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await ownTrace()).toEqual(['GET rate-limit', 'GET 200']);
  });

  it('repeated 429s past UPSTREAM_MAX_WAIT_MS give RATE_LIMITED with retryAfterSeconds', async () => {
    await ownInject(...Array.from({ length: 10 }, () => ({ kind: 'rate-limit' as const, resetSeconds: 2 })));
    const started = Date.now();
    const { body } = await ownList('auth0|bob');
    const elapsed = Date.now() - started;
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThan(MAX_WAIT_MS + 1_000);
    expect((await own.upstreamRequests()).length).toBeLessThanOrEqual(3);
  });

  it('as a mutation result, RATE_LIMITED is a RateLimitedError', async () => {
    await ownInject(...Array.from({ length: 10 }, () => ({ kind: 'rate-limit' as const, resetSeconds: 5 })));
    const { body } = await own.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin', phoneNumber: '+14155550123' } });
    expect(body.data!.enrollSms).toMatchObject({
      __typename: 'RateLimitedError',
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect((await own.storedMethods('auth0|erin')).filter((m) => m.type === 'phone')).toHaveLength(0);
  });

  for (const pastSeconds of [0, 2, 30]) {
    it(`recovers from a 429 whose reset is ${pastSeconds} s in the past: the retry and every later read go through`, async () => {
      await ownInject({ kind: 'rate-limit', resetSeconds: -pastSeconds });
      const started = Date.now();
      expect((await ownList('auth0|bob')).body.errors).toBeUndefined();
      for (const user of ['auth0|alice', 'auth0|carol', 'auth0|dave']) expect((await ownList(user)).body.errors).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(MAX_WAIT_MS);
      expect(await ownTrace()).toEqual(['GET rate-limit', 'GET 200', 'GET 200', 'GET 200', 'GET 200']);
      const ready = (await (await fetch(`${own.url}/readyz`)).json()) as Record<string, unknown>;
      expect(ready).toEqual({ status: 'ready', sharedState: 'memory' });
    });
  }

  for (const skewSeconds of [30, -30]) {
    it(`a tenant clock ${skewSeconds} s off ours: a 429 is waited out by the tenant's reset, not the skew`, async () => {
      await own.admin('PATCH', 'settings', { clockSkewSeconds: skewSeconds });
      await ownList('auth0|erin');
      await ownInject({ kind: 'rate-limit', resetSeconds: 1 });
      const started = Date.now();
      expect((await ownList('auth0|bob')).body.errors).toBeUndefined();
      expect((await ownList('auth0|alice')).body.errors).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(MAX_WAIT_MS);
      expect(await ownTrace()).toEqual(['GET 200', 'GET rate-limit', 'GET 200', 'GET 200']);
      expect(own.logs.some((line) => line.includes('clockOffsetMs'))).toBe(true);
      await own.admin('PATCH', 'settings', { clockSkewSeconds: 0 });
    });
  }

  it('a reset an hour away: RATE_LIMITED at once with that wait, shown on /readyz and /metrics; a probe later finds the tenant serving', async () => {
    await ownInject({ kind: 'rate-limit', resetSeconds: 3_600 });
    const first = await ownList('auth0|bob');
    expect(first.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const started = Date.now();
    const second = await ownList('auth0|alice');
    expect(Date.now() - started).toBeLessThan(500);
    expect(second.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(3_500);
    const ready = (await (await fetch(`${own.url}/readyz`)).json()) as { status: string; rateLimitHeldUntil: string };
    expect(ready.status).toBe('ready');
    expect(Date.parse(ready.rateLimitHeldUntil) - Date.now()).toBeGreaterThan(3_500_000);
    const metrics = await (await fetch(`${own.url}/metrics`)).text();
    const heldUntil = Number(/^mfa_gateway_rate_limit_held_until_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(heldUntil - Date.now() / 1000).toBeGreaterThan(3_500);
    expect(await ownTrace()).toEqual(['GET rate-limit']);
    // After the probe interval one call goes through; the tenant answers, and the hold ends.
    await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
    expect((await ownList('auth0|bob')).body.errors).toBeUndefined();
    expect((await ownList('auth0|carol')).body.errors).toBeUndefined();
    expect(await ownTrace()).toEqual(['GET rate-limit', 'GET 200', 'GET 200']);
    expect(/^mfa_gateway_rate_limit_held_until_seconds 0$/m.test(await (await fetch(`${own.url}/metrics`)).text())).toBe(true);
  });

  it('holds calls when the bucket is empty instead of spending them on 429s', async () => {
    await own.admin('PATCH', 'settings', { rateLimit: { burst: 3, perSecond: 3 } });
    const users = ['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave', 'auth0|erin', 'auth0|alice', 'auth0|bob'];
    for (const user of users) expect((await ownList(user)).body.errors, user).toBeUndefined();
    const statuses = (await own.upstreamRequests()).map((r) => r.status);
    expect(statuses).toHaveLength(7);
    expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(1);
  });
});

describe('limits on waiting', () => {
  it('a request that cannot get an upstream slot within its deadline gets UPSTREAM_UNAVAILABLE', async () => {
    const narrow = await startStack({
      env: { UPSTREAM_CONCURRENCY: '1', UPSTREAM_MAX_WAIT_MS: '300', UPSTREAM_TIMEOUT_MS: '5000' },
      emulator: { latencyMs: 1_000 },
    });
    try {
      const [first, second] = await Promise.all([
        narrow.graphql('{ authenticationMethods(userId: "auth0|alice") { id } }'),
        new Promise((r) => setTimeout(r, 50)).then(() => narrow.graphql('{ authenticationMethods(userId: "auth0|bob") { id } }')),
      ]);
      expect(first.body.errors).toBeUndefined();
      expect(second.body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('waiting'),
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    } finally {
      await narrow.close();
    }
  });

  it('a hung token endpoint is bounded by the timeout, named, and the next request recovers', async () => {
    const fresh = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
    try {
      await fresh.admin('PUT', 'faults', { script: [{ kind: 'hang', target: 'token' }] });
      const started = Date.now();
      const { body } = await fresh.graphql('{ authenticationMethods(userId: "auth0|bob") { id } }');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
      expect(body.errors?.[0]).toMatchObject({
        message: 'The Management API token could not be obtained (unreachable).',
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
      expect((await fresh.graphql('{ authenticationMethods(userId: "auth0|bob") { id } }')).body.errors).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
