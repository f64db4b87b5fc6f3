import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/server.js';
import { exitOf, productionEnv, signal, spawnGateway, waitForOutput } from '../helpers/process.js';
import { startStack } from '../helpers/stack.js';

let child: ReturnType<typeof spawnGateway> | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
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

  describe('writes in flight, against a tenant (production mode)', () => {
    let emulator: Emulator;
    let dir: string;
    beforeEach(async () => {
      emulator = await Emulator.start({ host: '127.0.0.1' });
      dir = mkdtempSync(join(tmpdir(), 'mfa-audit-'));
    });
    afterEach(async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const startGateway = async () => {
      child = spawnGateway({
        ...productionEnv(emulator, 'https://shutdown.test/api'),
        LOG_LEVEL: 'warn',
        UPSTREAM_TIMEOUT_MS: '1500',
        UPSTREAM_MAX_WAIT_MS: '1000',
        AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
      });
      const [, url] = await waitForOutput(child, /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
      const token = await emulator.mintCallerToken({
        sub: 'auth0|admin',
        audience: 'https://shutdown.test/api',
        permissions: ['create:authentication_methods'],
      });
      return { url: url!, token };
    };
    const enroll = (url: string, token: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query:
            'mutation { enrollSms(input: { userId: "auth0|erin", phoneNumber: "+14155550123" }) { __typename ... on UpstreamUnavailableError { outcomeUnknown } } }',
        }),
      });
    const until = async (condition: () => Promise<boolean>) => {
      for (const started = Date.now(); !(await condition());) {
        if (Date.now() - started > 15_000) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const postReached = async () =>
      ((await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Array<{ method: string }>).some((r) => r.method === 'POST');
    const audit = () =>
      readFileSync(join(dir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { outcome: string; mutation: string });

    it('on SIGTERM, a write whose POST hangs past the grace still gets an answer and both audit lines before exit', async () => {
      const { url, token } = await startGateway();
      // The POST hangs (its timeout), then the settling read is slow: longer than a bare grace.
      emulator.faults.configure({ script: [{ kind: 'hang', method: 'POST' }] });
      await fetch(`${emulator.url}/__emulator/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 700 }),
      });
      const answer = enroll(url, token);
      await until(postReached);
      signal(child!, 'SIGTERM');
      const response = await answer;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { enrollSms: { __typename: string; outcomeUnknown?: boolean } } };
      expect(['EnrollSmsSuccess', 'UpstreamUnavailableError']).toContain(body.data.enrollSms.__typename);
      expect(await exitOf(child!)).toBe(0);
      const events = audit();
      expect(events.map((e) => e.outcome)).toEqual([
        'attempted',
        body.data.enrollSms.__typename === 'EnrollSmsSuccess' ? 'success' : 'unknown',
      ]);
    });

    it('kill -9 in the middle of a write leaves its attempt on record', async () => {
      const { url, token } = await startGateway();
      emulator.faults.configure({ script: [{ kind: 'hang', method: 'POST' }] });
      void enroll(url, token).catch(() => undefined);
      // Killed once the POST has reached the tenant (and hangs there): the write is under way.
      await until(postReached);
      signal(child!, 'SIGKILL');
      await exitOf(child!);
      expect(audit()).toEqual([expect.objectContaining({ mutation: 'enrollSms', outcome: 'attempted' })]);
    });

    it("on SIGTERM with a bulk reset's DELETE in flight (no Redis), the process waits for its answer: both audit lines before exit", async () => {
      const { url } = await startGateway();
      const token = await emulator.mintCallerToken({
        sub: 'auth0|admin',
        audience: 'https://shutdown.test/api',
        permissions: ['delete:authentication_methods'],
      });
      emulator.faults.configure({ script: [{ kind: 'delay', method: 'DELETE', delayMs: 1_000 }] });
      const started = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation { startMfaReset(input: { userIds: ["auth0|alice"], reason: "stolen phone" }) { __typename } }',
        }),
      });
      expect(await started.json()).toEqual({ data: { startMfaReset: { __typename: 'StartMfaResetSuccess' } } });
      await until(async () =>
        ((await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Array<{ method: string }>).some(
          (r) => r.method === 'DELETE',
        ),
      );
      signal(child!, 'SIGTERM');
      expect(await exitOf(child!)).toBe(0);
      expect(audit().map((event) => [event.mutation, event.outcome])).toEqual([
        ['startMfaReset', 'attempted'],
        ['startMfaReset', 'success'],
      ]);
    });
  });
});
