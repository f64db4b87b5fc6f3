import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { UserEntitiesDocument } from '../generated/operations.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { UPSTREAM_CONCURRENCY: '4' } });
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.admin('PATCH', 'settings', { latencyMs: 0 });
  await stack.resetUpstreamLog();
});

const listCalls = async () =>
  (await stack.upstreamRequests()).filter((r) => r.method === 'GET').map((r) => decodeURIComponent(r.path.split('/')[4]!));

describe('one upstream GET per user per request', () => {
  it('serves aliases and by-id reads of the same user from one call', async () => {
    const { body } = await stack.graphql(`{
      a: authenticationMethods(userId: "auth0|alice") { id }
      b: authenticationMethods(userId: "auth0|alice", type: [PHONE]) { id name }
      c: authenticationMethod(userId: "auth0|alice", id: "totp|dev_AliceTotp0000001") { id }
      d: authenticationMethod(userId: "auth0|alice", id: "absent") { id }
      e: authenticationMethods(userId: "auth0|bob") { id }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ c: { id: 'totp|dev_AliceTotp0000001' }, d: null });
    expect((await listCalls()).sort()).toEqual(['auth0|alice', 'auth0|bob']);
  });

  it('serves a by-id read after the list, in a deeper field, from the same call', async () => {
    const { body } = await stack.graphql(
      `query ($reps: [_Any!]!) {
        list: authenticationMethods(userId: "auth0|alice") { id }
        _entities(representations: $reps) { ... on User { authenticationMethod(id: "phone|dev_AlicePhone000001") { id } } }
      }`,
      { reps: [{ __typename: 'User', id: 'auth0|alice' }] },
    );
    expect(body.errors).toBeUndefined();
    expect(await listCalls()).toEqual(['auth0|alice']);
  });

  it('batches _entities: N representations with duplicates cost one call per distinct user', async () => {
    const ids = ['auth0|alice', 'auth0|bob', 'auth0|alice', 'auth0|carol', 'auth0|bob', 'auth0|dave', 'auth0|erin', 'auth0|alice'];
    const { body } = await stack.graphql(UserEntitiesDocument, { representations: ids.map((id) => ({ __typename: 'User', id })) });
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities.map((entity) => (entity as { id: string }).id)).toEqual(ids);
    expect((await listCalls()).sort()).toEqual(['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave', 'auth0|erin']);
  });

  it('keeps upstream calls in flight within UPSTREAM_CONCURRENCY, and one request within all of it but one slot', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `auth0|load${i}`);
    for (const id of users) await stack.admin('PUT', `users/${encodeURIComponent(id)}`, { methods: [] });
    await stack.admin('PATCH', 'settings', { latencyMs: 60 });
    await stack.resetUpstreamLog();
    const { body } = await stack.graphql(UserEntitiesDocument, { representations: users.map((id) => ({ __typename: 'User', id })) });
    expect(body.errors).toBeUndefined();
    // One request alone takes all slots but one, so that others are never shut out.
    expect(await stack.upstreamStats()).toMatchObject({ apiRequests: 12, maxInFlight: 3 });
    await stack.resetUpstreamLog();
    // Fresh reads: reads of one user in flight at once would otherwise share a GET.
    const both = await Promise.all(
      [users.slice(0, 6), users.slice(6), users.slice(3, 9)].map((part) =>
        stack.graphql(
          UserEntitiesDocument,
          { representations: part.map((id) => ({ __typename: 'User', id })) },
          { headers: { 'cache-control': 'no-cache' } },
        ),
      ),
    );
    for (const { body: answer } of both) expect(answer.errors).toBeUndefined();
    expect(await stack.upstreamStats()).toMatchObject({ apiRequests: 18, maxInFlight: 4 });
  });

  it('does not share loaders between requests: a second request reads again', async () => {
    await stack.graphql('{ authenticationMethods(userId: "auth0|alice") { id } }');
    await stack.graphql('{ authenticationMethods(userId: "auth0|alice") { id } }');
    expect(await listCalls()).toEqual(['auth0|alice', 'auth0|alice']);
  });
});
