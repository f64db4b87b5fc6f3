import { afterEach, describe, expect, inject, it } from 'vitest';
import { Emulator } from '../../src/emulator/server.js';
import { exitOf, productionEnv, signal, spawnGateway, waitForOutput } from '../helpers/process.js';
import { rssMb } from '../../scripts/processes.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('when stdout stops draining', () => {
  it('the log buffer stays bounded: lines are dropped and counted, the gateway keeps answering', { timeout: 60_000 }, async () => {
    const emulator = await Emulator.start({ host: '127.0.0.1' });
    cleanup.push(() => emulator.close());
    const audience = 'https://backpressure.test/api';
    // stdout is a pipe nobody reads: once its 64 kB are full, every log line waits in the process.
    const child = spawnGateway(
      {
        ...productionEnv(emulator, audience),
        LOG_LEVEL: 'debug',
      },
      { bundle: inject('bundle') },
    );
    cleanup.push(async () => {
      signal(child, 'SIGKILL');
      await exitOf(child);
    });
    // The URL is printed before the pipe fills; after that, stdout is left unread.
    const url = (await waitForOutput(child, /GraphQL: (\S+)/))[1]!;
    child.stdout.pause();
    const token = await emulator.mintCallerToken({ sub: 'auth0|reader', audience, permissions: ['read:authentication_methods'] });
    const read = (userId: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'c'.repeat(128) },
        body: JSON.stringify({ query: `query ($u: ID!) { authenticationMethods(userId: $u) { id } }`, variables: { u: userId } }),
      });
    // Every request logs its line and its upstream call at debug level: some 6 MB in all, past the
    // 4 MB that may wait for stdout.
    for (let round = 0; round < 200; round += 1) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => read(`auth0|nobody-${round}-${i}-${'x'.repeat(200)}`)));
    }
    const answer = await read('auth0|alice');
    expect(answer.status).toBe(200);
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    const dropped = Number(/^mfa_gateway_log_lines_dropped_total (\d+)/m.exec(metrics)?.[1]);
    expect(dropped).toBeGreaterThan(0);
    expect(rssMb(child.pid!)).toBeLessThan(200);
  });
});
