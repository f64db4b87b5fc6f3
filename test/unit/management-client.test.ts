import { createFetch } from 'ofetch';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ManagementClient } from '../../src/upstream/client.js';
import { ConcurrencyLimiter } from '../../src/upstream/limiter.js';
import { TokenProvider } from '../../src/upstream/token.js';
import { UpstreamError, UpstreamUnavailableError } from '../../src/upstream/errors.js';
import type { HttpMethod, UpstreamCall } from '../../src/upstream/call.js';

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | { network: string };

/**
 * The client on a fake clock, against a scripted tenant: each attempt takes the next answer (or
 * network failure) of `script`; sleeping advances the clock. Every branch runs in milliseconds.
 */
function client(script: Scripted[], { maxWaitMs = 15_000 } = {}) {
  const clock = { now: 1_700_000_000_000 };
  const slept: number[] = [];
  const sent: string[] = [];
  let grants = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const next = script.shift();
    if (!next) throw new Error('the tenant script ran out');
    sent.push(`${init.method} ${new URL(input as string).pathname}`);
    if ('network' in next) throw Object.assign(new Error('fetch failed'), { cause: { code: next.network } });
    return new Response(next.body === undefined ? null : JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': 'application/json', ...next.headers },
    });
  };
  const tokens = new TokenProvider(
    async () => ({ accessToken: `token-${++grants}`, expiresInSeconds: 86_400 }),
    () => clock.now,
  );
  const managementClient = new ManagementClient(
    {
      baseUrl: 'http://tenant.test',
      maxWaitMs,
      now: () => clock.now,
      sleep: async (ms) => {
        slept.push(ms);
        clock.now += ms;
      },
    },
    tokens,
    new ConcurrencyLimiter(8),
    pino({ level: 'silent' }),
    { call: () => {}, retry: () => {}, rateLimitWait: () => {} },
    createFetch({ fetch, defaults: { retry: 0 } }),
  );
  const send = (method: HttpMethod, body?: unknown) => {
    const call: UpstreamCall = {
      method,
      path: '/users/u/authentication-methods',
      route: `${method} /users/{id}/authentication-methods`,
      target: 'collection',
      ...(body ? { body } : {}),
    };
    return managementClient.send(call, managementClient.deadlineFromNow(), { calls: 0 });
  };
  return { send, slept, sent, clock, grants: () => grants };
}

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError & { outcomeUnknown?: boolean };
  }
  throw new Error('expected a failure');
};

describe('ManagementClient', () => {
  it('answers with the data of a 2xx', async () => {
    const { send, sent } = client([{ status: 200, body: [{ id: 'a' }] }]);
    expect(await send('GET')).toEqual([{ id: 'a' }]);
    expect(sent).toHaveLength(1);
  });

  it('a stale token: one fresh grant, one more attempt; a second 401 is the gateway credentials', async () => {
    const once = client([{ status: 401 }, { status: 200, body: [] }]);
    expect(await once.send('POST', { type: 'totp' })).toEqual([]);
    expect(once.grants()).toBe(2);
    const twice = client([{ status: 401 }, { status: 401 }]);
    expect((await failureOf(twice.send('GET'))).message).toMatch(/refused the gateway credentials/);
  });

  it('retries a GET after 5xx with growing back-off, within the deadline', async () => {
    const { send, sent, slept } = client([{ status: 503 }, { status: 502 }, { status: 200, body: [] }]);
    expect(await send('GET')).toEqual([]);
    expect(sent).toHaveLength(3);
    expect(slept).toHaveLength(2);
    expect(slept[0]).toBeLessThanOrEqual(100);
    expect(slept[1]).toBeLessThanOrEqual(200);
  });

  it('never sends a POST again after a 5xx: its outcome is unknown', async () => {
    const { send, sent } = client([{ status: 503 }]);
    const error = await failureOf(send('POST', { type: 'totp' }));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.outcomeUnknown).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('sends a POST again when the connection was refused (nothing left)', async () => {
    const { send, sent } = client([{ network: 'ECONNREFUSED' }, { status: 201, body: { id: 'x' } }]);
    expect(await send('POST', { type: 'totp' })).toEqual({ id: 'x' });
    expect(sent).toHaveLength(2);
  });

  it('a PATCH whose attempts all lose their answer: outcome unknown after the retries', async () => {
    const { send, sent } = client(Array.from({ length: 4 }, () => ({ network: 'ECONNRESET' })));
    const error = await failureOf(send('PATCH', { name: 'n' }));
    expect(error.outcomeUnknown).toBe(true);
    expect(sent).toHaveLength(4);
  });

  it('a GET failing past its retries is unavailable, never "unknown"', async () => {
    const { send } = client(Array.from({ length: 4 }, () => ({ status: 500 })));
    const error = await failureOf(send('GET'));
    expect(error.outcomeUnknown).toBe(false);
  });

  it('a 429 whose reset has passed is retried after a short hold', async () => {
    const past = String(1_700_000_000 - 5); // the fake clock's start, minus 5 s
    const { send, sent, slept } = client([
      { status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': past } },
      { status: 200, body: [] },
    ]);
    expect(await send('GET')).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_100);
  });

  it('a back-off that would pass the deadline is not waited: the failure is reported', async () => {
    const { send, sent } = client([{ status: 503 }, { status: 200, body: [] }], { maxWaitMs: 0 });
    await failureOf(send('GET'));
    expect(sent).toHaveLength(1);
  });
});
