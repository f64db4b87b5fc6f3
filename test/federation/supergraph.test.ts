import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { listen } from '../../src/http/listen.js';
import { startSupergraph, type Supergraph } from '../../examples/supergraph/start.js';

/**
 * The subgraph composed with a sample users subgraph (Apollo composition) and served behind a real
 * router (Hive Gateway runtime), everything on loopback. The MFA subgraph is reached through a
 * recording pass-through, so the test sees exactly what the router sends it.
 */
let stack: Stack;
let supergraph: Supergraph;
let tap: Server;
const received: Array<{ query: string; variables?: Record<string, unknown>; authorization: string | undefined }> = [];

beforeAll(async () => {
  stack = await startStack();
  const recording = await listen(
    (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (text) received.push({ ...(JSON.parse(text) as { query: string }), authorization: req.headers.authorization });
        // Replay the body to the real gateway.
        const replay = Object.assign(Readable.from([Buffer.from(text)]), {
          headers: req.headers,
          method: req.method,
          url: req.url,
        });
        void stack.gateway.handler(replay as IncomingMessage, res);
      });
    },
    0,
    '127.0.0.1',
  );
  tap = recording.server;
  supergraph = await startSupergraph(`${recording.url}/graphql`);
});
afterAll(async () => {
  await supergraph.close();
  tap.closeAllConnections();
  tap.close();
  await stack.close();
});
beforeEach(async () => {
  received.length = 0;
  await stack.admin('POST', 'reset');
});

async function route(query: string, token: string | null, variables?: Record<string, unknown>) {
  const response = await fetch(supergraph.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

describe('composition', () => {
  it('composes with the users subgraph without errors or hints', () => {
    expect(supergraph.hints).toEqual([]);
    expect(supergraph.supergraphSdl).toMatch(/type User\s+@join__type\(graph: MFA, key: "id"\)\s+@join__type\(graph: USERS, key: "id"\)/);
    expect(supergraph.supergraphSdl).toContain(
      'authenticationMethods(type: [AuthenticationMethodType!]): [AuthenticationMethod!]! @join__field(graph: MFA)',
    );
  });
});

describe('behind the router', () => {
  it('answers user(id:) { email authenticationMethods } across both subgraphs, with the caller token passed through', async () => {
    const token = await stack.token();
    const body = await route(
      '{ user(id: "auth0|alice") { email authenticationMethods(type: [PHONE]) { __typename id ... on PhoneMethod { phoneNumber } } } }',
      token,
    );
    expect(body).toEqual({
      data: {
        user: {
          email: 'alice@example.com',
          authenticationMethods: [{ __typename: 'PhoneMethod', id: 'phone|dev_AlicePhone000001', phoneNumber: 'XXXXXXXX0100' }],
        },
      },
    });
    expect(received.every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('batches several users into one _entities request, one upstream call per distinct user', async () => {
    const token = await stack.token();
    const body = await route(
      `{ a: user(id: "auth0|alice") { authenticationMethods { id } }
         b: user(id: "auth0|bob") { authenticationMethods { id } }
         c: user(id: "auth0|carol") { authenticationMethods { id } }
         d: user(id: "auth0|alice") { email authenticationMethods { id } } }`,
      token,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.b.authenticationMethods).toEqual([{ id: 'email|dev_BobEmail00000001' }]);
    const entityCalls = received.filter((r) => r.query.includes('_entities'));
    expect(entityCalls).toHaveLength(1);
    const upstream = (await stack.upstreamRequests()).map((r) => decodeURIComponent(r.path.split('/')[4]!)).sort();
    expect(upstream).toEqual(['auth0|alice', 'auth0|bob', 'auth0|carol']);
  });

  it('the users subgraph answers me from the forwarded token, and this subgraph adds the methods', async () => {
    const token = await stack.token({ sub: 'auth0|bob', permissions: [] });
    const body = await route('{ me { email authenticationMethods { __typename } } }', token);
    expect(body).toEqual({ data: { me: { email: 'bob.builder@example.com', authenticationMethods: [{ __typename: 'EmailMethod' }] } } });
  });

  it('without a token the MFA subgraph refuses its part, and nothing reaches the Management API', async () => {
    const body = await route('{ user(id: "auth0|alice") { email authenticationMethods { id } } }', null);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(body.data?.user ?? null).toBeNull();
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('another user without permissions is FORBIDDEN on the entity field', async () => {
    const token = await stack.token({ sub: 'auth0|bob', permissions: [] });
    const body = await route('{ user(id: "auth0|alice") { email authenticationMethods { id } } }', token);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect((await stack.upstreamStats()).apiRequests).toBe(0);
  });

  it('runs a mutation through the router', async () => {
    const token = await stack.token();
    const body = await route(
      `mutation ($input: EnrollSmsInput!) {
         enrollSms(input: $input) { __typename ... on EnrollSmsSuccess { method { id } user { id authenticationMethods { id } } } }
       }`,
      token,
      { input: { userId: 'auth0|erin', phoneNumber: '+14155550142' } },
    );
    expect(body.data.enrollSms.__typename).toBe('EnrollSmsSuccess');
    expect(body.data.enrollSms.user.authenticationMethods).toEqual([{ id: body.data.enrollSms.method.id }]);
  });
});
