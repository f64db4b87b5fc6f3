import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { getIntrospectionQuery } from 'graphql';
import { LIMITS } from '../../src/http/hardening.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetUpstreamLog());

/** Refused at validation: 400, the limit named, nothing sent upstream, and fast. */
async function expectRefused(query: string, message: RegExp) {
  const started = performance.now();
  const { status, body } = await stack.graphql(query);
  const elapsed = performance.now() - started;
  expect(status).toBe(400);
  expect(body.errors?.map((e) => e.message).join('\n')).toMatch(message);
  expect((await stack.upstreamStats()).apiRequests).toBe(0);
  return elapsed;
}

describe('query limits refuse a hostile query before any upstream call', () => {
  it(`depth above ${LIMITS.depth} (the schema has no cycles: only introspection nests that deep)`, async () => {
    expect((await stack.graphql(getIntrospectionQuery())).status).toBe(200);
    const ofType = (n: number): string => (n === 0 ? 'name' : `ofType { ${ofType(n - 1)} }`);
    await expectRefused(`{ __type(name: "User") { fields { type { ${ofType(LIMITS.depth)} } } } }`, /depth limit of 25 exceeded/);
  });

  it(`more than ${LIMITS.aliases} aliases`, async () => {
    const aliases = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: authenticationMethods(userId: "auth0|alice") { id }`).join(
      ' ',
    );
    await expectRefused(`{ ${aliases} }`, /Aliases limit of 30 exceeded/);
  });

  it(`more than ${LIMITS.tokens} tokens`, async () => {
    await expectRefused(
      `{ authenticationMethods(userId: "auth0|alice") { ${'id '.repeat(LIMITS.tokens)} } }`,
      /Token limit of 3000 exceeded/,
    );
  });

  it(`more than ${LIMITS.directives} directives`, async () => {
    await expectRefused(
      `{ authenticationMethods(userId: "auth0|alice") { id ${'@include(if: true) '.repeat(LIMITS.directives + 1)} } }`,
      /Directives limit of 20 exceeded/,
    );
  });

  it(`a cost above ${LIMITS.cost}`, async () => {
    const fragment =
      'fragment F on AuthenticationMethod { id type name confirmed createdAt lastAuthAt enrolledAt linkId ... on PhoneMethod { phoneNumber preferredAuthenticationMethod authenticationMethods { id channel } } ... on PasskeyMethod { keyId publicKey relyingPartyIdentifier credentialDeviceType credentialBackedUp identityUserId userAgent userHandle transports aaguid } }';
    const alias = (i: number) =>
      `a${i}: _entities(representations: []) { ... on User { x: authenticationMethods { ...F } y: authenticationMethod(id: "1") { ...F } } }`;
    expect((await stack.graphql(`{ ${alias(0)} } ${fragment}`)).status).toBe(200);
    await expectRefused(`{ ${Array.from({ length: 10 }, (_, i) => alias(i)).join(' ')} } ${fragment}`, /Query Cost limit of 5000 exceeded/);
  });

  it('a body above the size limit: 413', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(LIMITS.verifiedBodyBytes) } }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('a body larger than an unverified caller may send: accepted with a valid token, 413 with a made-up one', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(LIMITS.bodyBytes * 2) } });
    const send = async (authorization: string) =>
      fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    expect((await send(`Bearer ${await stack.token()}`)).status).toBe(200);
    expect((await send('Bearer made.up.token')).status).toBe(413);
  });

  /** A body sent chunked (no Content-Length), so only counting its bytes can bound it. */
  async function postChunked(body: string) {
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8_192) controller.enqueue(bytes.subarray(i, i + 8_192));
        controller.close();
      },
    });
    return fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
  }

  it('a chunked body above the size limit: 413, nothing sent upstream', async () => {
    const response = await postChunked(
      JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(LIMITS.verifiedBodyBytes) } }),
    );
    expect(response.status).toBe(413);
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('a chunked body within the limit is read whole and answered', async () => {
    const query = '{ authenticationMethods(userId: "auth0|bob") { id } }';
    const response = await postChunked(JSON.stringify({ query, variables: { padding: 'x'.repeat(LIMITS.bodyBytes / 2) } }));
    expect(response.status).toBe(200);
    expect((await response.json()).data.authenticationMethods.length).toBeGreaterThan(0);
  });
});

describe('CSRF prevention', () => {
  it('refuses a credential-less GET or simple form post without a CSRF header; a bearer token or the header lets it through', async () => {
    const token = await stack.token();
    const url = `${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetch(url, { headers: { accept: 'application/json' } })).status).toBe(403);
    expect((await fetch(url, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } })).status).toBe(200);
    const get = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ authenticationMethods(userId: "auth0|bob") { id } }')}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { authenticationMethods: [{ id: 'email|dev_BobEmail00000001' }] } });
    const form = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(403);
  });

  it('refuses a mutation over GET', async () => {
    const url = `${stack.url}/graphql?query=${encodeURIComponent('mutation { deleteAllMethods(input: { userId: "auth0|alice" }) { __typename } }')}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await stack.token()}`, 'x-graphql-yoga-csrf': '1', accept: 'application/json' },
    });
    expect(response.status).toBe(405);
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });
});

describe('field suggestions', () => {
  it('are hidden from callers without a valid token and shown to those with one', async () => {
    const query = '{ authenticationMethods(userId: "auth0|alice") { nam } }';
    const stranger = await stack.graphql(query, undefined, { token: null });
    expect(stranger.body.errors?.[0]?.message).toBe('Cannot query field "nam" on type "AuthenticationMethod".');
    const known = await stack.graphql(query);
    expect(known.body.errors?.[0]?.message).toMatch(/Did you mean "name"\?/);
  });
});
