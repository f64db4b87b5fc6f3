import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The GraphQL over HTTP spec's server audits (graphql-http), against the listening gateway. The
 * endpoint needs a bearer token, so the audits' fetch adds one (and nothing else).
 * Every audit passes, MUST, SHOULD and MAY alike (61 in graphql-http 1.23.1).
 */
let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token();
});
afterAll(() => stack.close());

describe('GraphQL over HTTP audits', () => {
  const audits = serverAudits({
    url: () => `${stack.url}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });

  it('runs the full list', () => {
    expect(audits.length).toBeGreaterThan(50);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, 'reason' in result ? result.reason : undefined).toBe('ok');
    });
  }
});
