import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { RedisProcess } from '../../scripts/redis-process.js';
import { MethodsOfUserDocument } from '../generated/operations.js';

const TOKEN = 'log-stream-token-0123456789';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function stackWith(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack({ env: { METHODS_CACHE_TTL_SECONDS: '60', LOG_STREAM_TOKEN: TOKEN, ...env } });
  cleanup.push(() => stack.close());
  return stack;
}

const deliver = (stack: Stack, body: string, authorization: string | null = `Bearer ${TOKEN}`) =>
  fetch(`${stack.url}/hooks/auth0-log-stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });

const methodCount = async (stack: Stack, userId: string) => {
  const { body } = await stack.graphql(MethodsOfUserDocument, { userId });
  expect(body.errors).toBeUndefined();
  return body.data!.authenticationMethods.length;
};

/** A method added behind the gateway's back, as the dashboard would: the gateway's cache cannot know. */
const addBehindTheGatewaysBack = async (stack: Stack, userId: string) => {
  const stored = await stack.storedMethods(userId);
  await stack.admin('PUT', `users/${encodeURIComponent(userId)}`, {
    methods: [...stored, { id: `totp|dev_${Date.now()}`, type: 'totp', confirmed: true, created_at: new Date().toISOString() }],
  });
};

const sapi = (logId: string, path: string) => ({
  log_id: logId,
  data: { type: 'sapi', user_id: 'auth0|helpdesk', details: { request: { method: 'POST', path } } },
});

describe('POST /hooks/auth0-log-stream', () => {
  it('is 404 when LOG_STREAM_TOKEN is unset', async () => {
    const stack = await startStack();
    cleanup.push(() => stack.close());
    expect((await deliver(stack, '[]')).status).toBe(404);
  });

  it('refuses a missing or wrong token with 401, and nothing changes', async () => {
    const stack = await stackWith();
    const before = await methodCount(stack, 'auth0|erin');
    await addBehindTheGatewaysBack(stack, 'auth0|erin');
    const event = JSON.stringify([{ log_id: 'a1', type: 'gd_enrollment_complete', user_id: 'auth0|erin' }]);
    for (const authorization of [null, 'Bearer wrong-token-0123456789', TOKEN, `Bearer ${TOKEN}x`]) {
      const answer = await deliver(stack, event, authorization);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(await methodCount(stack, 'auth0|erin')).toBe(before);
  });

  it('drops the cached list of a user whose methods changed, in every delivery format, once per log_id', async () => {
    const stack = await stackWith();
    const cases: Array<[string, (logId: string) => string]> = [
      ['flat, one object', (logId) => JSON.stringify({ log_id: logId, type: 'gd_unenroll', user_id: 'auth0|erin' })],
      ['envelope array', (logId) => JSON.stringify([{ log_id: logId, data: { type: 'gd_enrollment_complete', user_id: 'auth0|erin' } }])],
      [
        'JSON lines, sapi with a percent-encoded path',
        (logId) =>
          [
            JSON.stringify({ log_id: `${logId}-other`, type: 'slo', user_id: 'auth0|erin' }),
            JSON.stringify(sapi(logId, '/api/v2/users/auth0%7Cerin/authentication-methods')),
          ].join('\n'),
      ],
    ];
    for (const [name, delivery] of cases) {
      const before = await methodCount(stack, 'auth0|erin');
      await addBehindTheGatewaysBack(stack, 'auth0|erin');
      expect(await methodCount(stack, 'auth0|erin'), `${name}: still cached`).toBe(before);
      const answer = await deliver(stack, delivery(name));
      expect(answer.status, name).toBe(200);
      expect(((await answer.json()) as { usersInvalidated: number }).usersInvalidated, name).toBe(1);
      expect(await methodCount(stack, 'auth0|erin'), name).toBe(before + 1);
      // The same delivery again (at least once): a duplicate, nothing done.
      const again = await deliver(stack, delivery(name));
      expect(await again.json(), name).toMatchObject({ usersInvalidated: 0 });
    }
  });

  it('leaves other events and other users alone', async () => {
    const stack = await stackWith();
    const before = await methodCount(stack, 'auth0|erin');
    await addBehindTheGatewaysBack(stack, 'auth0|erin');
    const answer = await deliver(
      stack,
      JSON.stringify([
        { log_id: 'x1', type: 's', user_id: 'auth0|erin' },
        sapi('x2', '/api/v2/users/auth0%7Cerin/roles'),
        { log_id: 'x3', type: 'gd_enrollment_complete', user_id: 'auth0|dave' },
        {
          log_id: 'x4',
          data: { type: 'sapi', details: { request: { method: 'GET', path: '/api/v2/users/auth0|erin/authentication-methods' } } },
        },
      ]),
    );
    expect(await answer.json()).toEqual({ received: 4, usersInvalidated: 1, duplicates: 0 });
    expect(await methodCount(stack, 'auth0|erin')).toBe(before);
  });

  it('refuses a malformed delivery with 400 and one over 1 MB with 413', async () => {
    const stack = await stackWith();
    expect((await deliver(stack, '{ not json')).status).toBe(400);
    expect((await deliver(stack, JSON.stringify([{ log_id: 'big', padding: 'x'.repeat(1_100_000) }]))).status).toBe(413);
  });

  it('end to end: the tenant streams an enrollment made on its login page, and the next read shows it', async () => {
    const stack = await stackWith();
    await stack.admin('PUT', 'log-stream', { url: `${stack.url}/hooks/auth0-log-stream`, token: TOKEN });
    const before = await methodCount(stack, 'auth0|erin');
    const enrolled = await stack.admin('POST', 'universal-login-enrollment', { userId: 'auth0|erin', type: 'totp' });
    expect(enrolled.status).toBe(201);
    await expect.poll(() => methodCount(stack, 'auth0|erin'), { timeout: 3_000, interval: 100 }).toBe(before + 1);
  });

  it('answers within a second while Redis is down', async () => {
    const redis = await RedisProcess.start();
    const stack = await stackWith({ REDIS_URL: redis.url });
    await redis.stop();
    const started = performance.now();
    const answer = await deliver(stack, JSON.stringify([{ log_id: 'r1', type: 'gd_unenroll', user_id: 'auth0|erin' }]));
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
