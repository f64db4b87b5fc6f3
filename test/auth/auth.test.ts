import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { Emulator } from '../../src/emulator/server.js';
import { GATEWAY_AUDIENCE, startStack, type Stack } from '../helpers/stack.js';
import { ServiceSdlDocument, UserEntitiesDocument } from '../generated/operations.js';

const READ = ['read:authentication_methods'];
const listAlice = '{ authenticationMethods(userId: "auth0|alice") { id } }';

let stack: Stack;
let otherTenant: Emulator;
beforeAll(async () => {
  stack = await startStack();
  otherTenant = await Emulator.start({ seed: false });
});
afterAll(async () => {
  await stack.close();
  await otherTenant.close();
});
beforeEach(() => stack.resetUpstreamLog());

async function expectUnauthenticated(token: string | null, headers?: Record<string, string>, query = listAlice) {
  const response = await stack.graphql(query, undefined, { token, ...(headers ? { headers } : {}) });
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
  expect((await stack.upstreamStats()).apiRequests).toBe(0);
  return response.body.errors![0]!.message;
}

async function expectForbidden(token: string, query = listAlice, variables?: Record<string, unknown>) {
  const { status, body } = await stack.graphql(query, variables, { token });
  expect(status).toBe(200);
  expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
  expect((await stack.upstreamStats()).apiRequests).toBe(0);
}

describe('authentication: 401 UNAUTHENTICATED before any upstream call', () => {
  it('refuses a request without a token', async () => {
    expect(await expectUnauthenticated(null)).toMatch(/Authentication required/);
  });

  it('refuses a header that is not a bearer JWT', async () => {
    await expectUnauthenticated(null, { authorization: 'Basic dXNlcjpwYXNz' });
    await expectUnauthenticated(null, { authorization: 'Bearer not-a-jwt' });
  });

  it('refuses an expired token', async () => {
    const token = await stack.token({ permissions: READ, expiresInSeconds: -60 });
    expect(await expectUnauthenticated(token)).toBe('The bearer token has expired.');
  });

  it('refuses a token signed by another key (forged)', async () => {
    const token = await otherTenant.mintCallerToken({ sub: 'auth0|admin', audience: GATEWAY_AUDIENCE, permissions: READ });
    expect(await expectUnauthenticated(token)).toBe('The bearer token is not valid for this gateway.');
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expectUnauthenticated(await stack.token({ permissions: READ, audience: 'https://another.api/' }));
    const wrongIssuer = await stack.emulator.mintCallerToken({
      sub: 'x',
      audience: GATEWAY_AUDIENCE,
      permissions: READ,
      issuer: 'https://evil.example/',
    });
    await expectUnauthenticated(wrongIssuer);
  });

  it('refuses unsigned and HS256 tokens', async () => {
    const hs256 = await new SignJWT({ permissions: READ })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(stack.emulator.issuer)
      .setAudience(GATEWAY_AUDIENCE)
      .setSubject('auth0|admin')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-of-sufficient-length!!'));
    await expectUnauthenticated(hs256);
    const [, payload] = hs256.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expectUnauthenticated(none);
  });

  it('refuses _entities without a token: the subgraph guards itself', async () => {
    await expectUnauthenticated(
      null,
      undefined,
      '{ _entities(representations: [{ __typename: "User", id: "auth0|alice" }]) { ... on User { id } } }',
    );
  });

  it('refuses a mutation-less introspection without a token when introspection is "authenticated"', async () => {
    await expectUnauthenticated(null, undefined, '{ __schema { queryType { name } } }');
    const { status } = await stack.graphql('{ __schema { queryType { name } } }', undefined, {
      token: await stack.token({ permissions: [] }),
    });
    expect(status).toBe(200);
  });

  it('serves _service without a token, for the router', async () => {
    const { status, body } = await stack.graphql(ServiceSdlDocument, {}, { token: null });
    expect(status).toBe(200);
    expect(body.data!._service.sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });
});

describe('authorization: FORBIDDEN before any upstream call', () => {
  it('refuses a caller without read permission reading another user', async () => {
    await expectForbidden(await stack.token({ sub: 'auth0|bob', permissions: ['create:authentication_methods'] }));
  });

  it('refuses the same through _entities, judged on the field', async () => {
    const token = await stack.token({ sub: 'auth0|bob', permissions: [] });
    await expectForbidden(
      token,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }',
      { r: [{ __typename: 'User', id: 'auth0|alice' }] },
    );
  });

  it('lets a caller read its own methods without permissions (self-service)', async () => {
    const token = await stack.token({ sub: 'auth0|alice', permissions: [] });
    const { body } = await stack.graphql(listAlice, undefined, { token });
    expect(body.errors).toBeUndefined();
    expect((body.data as { authenticationMethods: unknown[] }).authenticationMethods).toHaveLength(5);
    const entities = await stack.graphql(UserEntitiesDocument, { representations: [{ __typename: 'User', id: 'auth0|alice' }] }, { token });
    expect(entities.body.errors).toBeUndefined();
  });

  it('accepts the permission from a space-separated scope as well as from permissions', async () => {
    const token = await stack.token({ sub: 'auth0|ops', scope: 'openid read:authentication_methods' });
    const { body } = await stack.graphql(listAlice, undefined, { token });
    expect(body.errors).toBeUndefined();
  });
});

describe('configuration of auth', () => {
  it('GATEWAY_SELF_SERVICE=false refuses a caller its own methods', async () => {
    const strict = await startStack({ env: { GATEWAY_SELF_SERVICE: 'false' } });
    try {
      const token = await strict.token({ sub: 'auth0|alice', permissions: [] });
      const { body } = await strict.graphql(listAlice, undefined, { token });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await strict.upstreamStats()).apiRequests).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('GATEWAY_INTROSPECTION=true opens introspection; false closes it for everyone but keeps _service', async () => {
    const open = await startStack({ env: { GATEWAY_INTROSPECTION: 'true' } });
    const closed = await startStack({ env: { GATEWAY_INTROSPECTION: 'false' } });
    try {
      expect((await open.graphql('{ __schema { queryType { name } } }', undefined, { token: null })).status).toBe(200);
      const refused = await closed.graphql('{ __schema { queryType { name } } }');
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await closed.graphql(ServiceSdlDocument, {}, { token: null })).status).toBe(200);
    } finally {
      await open.close();
      await closed.close();
    }
  });
});
