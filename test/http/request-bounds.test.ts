import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { LIMITS } from '../../src/http/hardening.js';
import { UpdateMethodDocument } from '../generated/operations.js';

/**
 * What one request may cost, and what it may leave in the logs, the audit trail and the metrics,
 * whoever sends it: each case is an attack seen against an earlier version.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { GATEWAY_MAX_USERS_PER_REQUEST: '5', LOG_LEVEL: 'info' } });
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.admin('POST', 'reset');
  await stack.resetUpstreamLog();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const entities = (ids: unknown[], fields = 'authenticationMethods { id }') =>
  stack.graphql(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${fields} } } }`, {
    r: ids.map((id) => ({ __typename: 'User', id })),
  });
const auditEvents = () => stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.audit === true);

describe('a caller without a valid token', () => {
  it('gets 413 for a body over 16 kB, and 401 for a document over 10,000 characters, before it is parsed', async () => {
    const long = `query { ${'__typename '.repeat(1_000)} }`;
    expect((await post({ query: long + ' '.repeat(LIMITS.anonymousBodyBytes) })).status).toBe(413);
    const withoutToken: Array<Record<string, string>> = [{}, { authorization: 'Bearer not.a.token' }];
    for (const headers of withoutToken) {
      const response = await post({ query: long }, headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    // What it may run is still served.
    expect((await post({ query: '{ _service { sdl } }' })).status).toBe(200);
  });

  it('refused a mutation repeating a field: one audit event, its huge id cut', async () => {
    const before = auditEvents().length;
    const fields = Array.from({ length: 20 }, () => 'deleteAllMethods(input: { userId: $u }) { __typename }').join(' ');
    const response = await post({ query: `mutation ($u: ID!) { ${fields} }`, variables: { u: 'x'.repeat(5_000) } });
    expect(response.status).toBe(401);
    const events = auditEvents().slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ mutation: 'deleteAllMethods', fieldCount: 20, outcome: 'refused', errorCode: 'UNAUTHENTICATED' });
    expect(String(events[0]!.targetUserId).length).toBeLessThan(300);
  });

  it('cannot take the operation-name labels of /metrics', async () => {
    for (let i = 0; i < 210; i += 1) await post({ query: `query Junk${i} { __typename }` });
    await stack.graphql('query RealOperation { authenticationMethods(userId: "auth0|bob") { id } }');
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toContain('operation="RealOperation"');
    expect(metrics).not.toContain('operation="Junk0"');
  });
});

describe('a caller with a valid token', () => {
  it('names at most 20 operations in /metrics: made-up names cannot take the labels of the clients after it', async () => {
    const flooder = await stack.token({ sub: 'auth0|flooder', permissions: ['read:authentication_methods'] });
    for (let i = 0; i < 210; i += 1) await stack.graphql(`query Flood${i} { __typename }`, undefined, { token: flooder });
    await stack.graphql('query LaterClientOperation { authenticationMethods(userId: "auth0|bob") { id } }');
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toContain('operation="LaterClientOperation"');
    expect(metrics).toContain('operation="Flood19"');
    expect(metrics).not.toContain('operation="Flood20"');
  });
});

describe('one request', () => {
  it(`counts root fields against the alias limit, aliased or not (${LIMITS.aliases})`, async () => {
    const fields = Array.from({ length: LIMITS.aliases + 1 }, () => 'authenticationMethods(userId: "auth0|alice") { id }').join(' ');
    const { status, body } = await stack.graphql(`{ ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Root fields limit of 30 exceeded, found 31/);
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('may send at most GATEWAY_MAX_USERS_PER_REQUEST representations: more are refused before any upstream call', async () => {
    const { body } = await entities(['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave', 'auth0|erin', 'auth0|alice']);
    expect(body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(body.data ?? null).toBeNull();
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('reads at most GATEWAY_MAX_USERS_PER_REQUEST distinct users, however it asks', async () => {
    const users = ['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave', 'auth0|erin', 'auth0|nobody'];
    const { body } = await stack.graphql(`{ ${users.map((u, i) => `u${i}: authenticationMethods(userId: "${u}") { id }`).join(' ')} }`);
    expect(body.errors?.filter((e) => e.extensions?.code === 'LIMIT_EXCEEDED')).toHaveLength(1);
    expect((await stack.upstreamStats()).apiRequests).toBe(5);
  });

  it('gets an error, not a huge answer, when its answer would pass the size limit', async () => {
    // Three keys with 300 kB public keys (more than the API takes, as a tenant's data might yet hold).
    const keys = Array.from({ length: 3 }, (_, i) => ({
      id: `webauthn-roaming|dev_BigKey${String(i).padStart(10, '0')}`,
      type: 'webauthn-roaming',
      created_at: '2026-01-01T00:00:00.000Z',
      key_id: `k${i}`,
      public_key: 'A'.repeat(300_000),
      relying_party_identifier: 'login.example.com',
    }));
    await stack.admin('PUT', `users/${encodeURIComponent('auth0|keys')}`, { methods: keys });
    const list = (alias: string) =>
      `${alias}: authenticationMethods(userId: "auth0|keys") { id ... on WebAuthnRoamingMethod { publicKey } }`;
    expect((await stack.graphql(`{ ${list('once')} }`)).body.errors).toBeUndefined();
    const response = await stack.graphql(`{ ${['a', 'b', 'c'].map(list).join(' ')} }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(response.body.data ?? null).toBeNull();
  });

  it('with malformed representations gets VALIDATION_FAILED per representation, and writes one log line, no stack', async () => {
    const before = stack.logs.length;
    const { body } = await entities([['a', 'b'], { nested: true }, 42]);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors!) expect(error.extensions?.code).toBe('VALIDATION_FAILED');
    const lines = stack.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('stack');
  });

  it('with an id that is not valid Unicode text gets VALIDATION_FAILED, not an internal error', async () => {
    const { body } = await stack.graphql('query ($u: ID!) { authenticationMethods(userId: $u) { id } }', { u: 'auth0|\ud800x' });
    expect(body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('is refused as a subscription', async () => {
    const { body } = await stack.graphql('subscription { __typename }');
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(body.data ?? null).toBeNull();
  });
});

describe('mutation payloads', () => {
  it("show a method's data only to a caller who may read it", async () => {
    const updateOnly = await stack.token({ permissions: ['update:authentication_methods'] });
    const input = { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', name: 'Renamed' };
    const { body } = await stack.graphql(UpdateMethodDocument, { input }, { token: updateOnly });
    expect(body.data!.updateMethod).toMatchObject({ __typename: 'UpdateMethodSuccess', method: null, user: null });
    expect(body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'updateMethod.method'],
      ['FORBIDDEN', 'updateMethod.user.authenticationMethods'],
    ]);
    const reader = await stack.token({ permissions: ['update:authentication_methods', 'read:authentication_methods'] });
    const read = await stack.graphql(UpdateMethodDocument, { input }, { token: reader });
    expect(read.body.data!.updateMethod).toMatchObject({ method: { name: 'Renamed' } });
  });

  it('refuse names with bidi overrides, zero-width or line-separator characters', async () => {
    for (const name of ['evil\u202Eexe', 'a\u200Bb', 'line\u2028two', 'c1\u0085']) {
      const { body } = await stack.graphql(UpdateMethodDocument, {
        input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', name },
      });
      expect(body.data!.updateMethod, JSON.stringify(name)).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    }
  });
});

describe('upstream slots', () => {
  it('a one-user read is not queued behind another request fanning out to many users', async () => {
    const fanned = await startStack({ env: { UPSTREAM_CONCURRENCY: '2' }, emulator: { latencyMs: 100 } });
    try {
      const users = Array.from({ length: 40 }, (_, i) => `auth0|fan${i}`);
      const fanOut = fanned.graphql(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }`,
        {
          r: users.map((id) => ({ __typename: 'User', id })),
        },
      );
      await new Promise((r) => setTimeout(r, 150));
      const single = await fanned.graphql('{ authenticationMethods(userId: "auth0|bob") { id } }');
      expect(single.body.errors).toBeUndefined();
      expect((await fanOut).body.data).toBeDefined();
      // Queued behind the fan-out, bob's GET would be the 41st the tenant receives; served in turn,
      // it goes out next to the fan-out's first few.
      const order = (await fanned.upstreamRequests()).map((r) => decodeURIComponent(r.path));
      expect(order).toHaveLength(41);
      expect(order.findIndex((path) => path.includes('auth0|bob'))).toBeLessThan(5);
    } finally {
      await fanned.close();
    }
  });
});
