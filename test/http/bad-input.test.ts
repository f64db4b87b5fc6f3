import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetUpstreamLog());

const nothingSentUpstream = async () => expect((await stack.upstreamStats()).apiRequests).toBe(0);

describe('bad input gets a clear error and nothing is sent upstream', () => {
  it('malformed GraphQL: 400 with a syntax error', async () => {
    const { status, body } = await stack.graphql('{ authenticationMethods(userId: "auth0|alice" { id }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Syntax Error/);
    await nothingSentUpstream();
  });

  it('unknown fields and wrong argument types: 400 validation errors', async () => {
    const unknown = await stack.graphql('{ authenticationMethods(userId: "auth0|alice") { id password } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.message).toMatch(/Cannot query field "password"/);
    const wrongType = await stack.graphql('{ authenticationMethods(userId: "auth0|alice", type: [SMS]) { id } }');
    expect(wrongType.status).toBe(400);
    await nothingSentUpstream();
  });

  it('a body that is not a GraphQL request: 400', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}` },
      body: '{"query": 42}',
    });
    expect(response.status).toBe(400);
    await nothingSentUpstream();
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['blank', '   ', 'must not be empty'],
    ['absurdly long', 'auth0|' + 'x'.repeat(10_000), 'must be at most 256 characters'],
    ['a dot-dot segment', '..', 'must not be "." or ".."'],
    ['a control character', 'auth0|a\nb', 'must not contain control characters'],
  ])('a %s user id: VALIDATION_FAILED naming the argument', async (_label, userId, message) => {
    const { body } = await stack.graphql('query ($u: ID!) { authenticationMethods(userId: $u) { id } }', { u: userId });
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'VALIDATION_FAILED', fields: [{ path: ['userId'], message }] } }),
    ]);
    await nothingSentUpstream();
  });

  it('a bad method id and user id together: both fields named', async () => {
    const { body } = await stack.graphql('{ authenticationMethod(userId: "", id: "..") { id } }');
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [
        { path: ['userId'], message: 'must not be empty' },
        { path: ['id'], message: 'must not be "." or ".."' },
      ],
    });
    await nothingSentUpstream();
  });

  it('batching is off: an array body is refused', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });
});
