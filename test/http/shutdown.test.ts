import { afterEach, describe, expect, it } from 'vitest';
import { exitOf, signal, spawnGateway, waitForOutput } from '../helpers/process.js';
import { startStack } from '../helpers/stack.js';

let child: ReturnType<typeof spawnGateway> | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    signal(child, 'SIGKILL');
    await exitOf(child);
  }
  child = undefined;
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections, and exits 0', async () => {
    child = spawnGateway({ PORT: '0', LOG_LEVEL: 'warn' });
    const [, emulatorUrl] = await waitForOutput(child, /emulator at (http:\/\/127\.0\.0\.1:\d+)/);
    const [, url] = await waitForOutput(child, /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    const [, token] = await waitForOutput(child, /Authorization: Bearer (\S+)/);
    await fetch(`${emulatorUrl}/__emulator/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 1_500 }),
    });
    const slow = fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ authenticationMethods(userId: "auth0|bob") { id } }' }),
    });
    await new Promise((r) => setTimeout(r, 400));
    signal(child, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${url!.replace('/graphql', '/healthz')}`)).rejects.toThrow();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ data: { authenticationMethods: [{ id: 'email|dev_BobEmail00000001' }] } });
    expect(await exitOf(child)).toBe(0);
  });

  it('/readyz answers 503 draining once shutdown has begun', async () => {
    const stack = await startStack();
    try {
      expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
      stack.gateway.lifecycle.draining = true;
      const response = await fetch(`${stack.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'not ready', reason: 'draining' });
    } finally {
      await stack.close();
    }
  });
});
