import { afterEach, describe, expect, inject, it } from 'vitest';
import { Emulator } from '../../src/emulator/server.js';
import { DEMO_USERS } from '../../src/demo-users.js';
import { exitOf, productionEnv, signal, spawnGateway, waitForOutput } from '../helpers/process.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Bytes promoted to the old generation by each young-generation collection V8 traced so far. */
function promotedByScavenges(output: string): number[] {
  return [...output.matchAll(/gc=s .*?\bpromoted=(\d+)/g)].map((match) => Number(match[1]));
}

describe('memory per request', () => {
  it("leaves a finished read's state to the young generation: nothing of it is promoted", { timeout: 60_000 }, async () => {
    const emulator = await Emulator.start({ host: '127.0.0.1' });
    cleanup.push(() => emulator.close());
    const audience = 'https://request-memory.test/api';
    // V8 prints one line per collection; the gateway's own lines are left out so they cannot split them.
    const child = spawnGateway(
      { ...productionEnv(emulator, audience), LOG_LEVEL: 'warn', METHODS_CACHE_TTL_SECONDS: '0' },
      { bundle: inject('bundle'), nodeFlags: ['--trace-gc-nvp'] },
    );
    cleanup.push(async () => {
      signal(child, 'SIGKILL');
      await exitOf(child);
    });
    const url = (await waitForOutput(child, /GraphQL: (\S+)/))[1]!;
    const token = await emulator.mintCallerToken({ sub: 'auth0|reader', audience, permissions: ['read:authentication_methods'] });
    const reads = async (count: number) => {
      // Two at a time: each read is finished long before the next collection, as at light load.
      for (let i = 0; i < count; i += 2) {
        await Promise.all(
          [0, 1].map(async () => {
            const answer = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({
                query: 'query ($u: ID!) { authenticationMethods(userId: $u) { __typename id type name createdAt } }',
                variables: { u: DEMO_USERS.alice },
              }),
            });
            expect(answer.status).toBe(200);
            expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
          }),
        );
      }
    };
    // Warm: start-up, compilation and the caches that live on are promoted once, and rightly.
    await reads(400);
    const before = promotedByScavenges(child.output()).length;
    const measured = 2000;
    await reads(measured);
    const promoted = promotedByScavenges(child.output()).slice(before);
    // Each read allocates some 150 kB, so 2,000 reads fill the young generation dozens of times.
    expect(promoted.length).toBeGreaterThan(10);
    const perRead = promoted.reduce((sum, bytes) => sum + bytes, 0) / measured;
    // Held by a WeakMap entry until a full collection, each read's context (about 12 kB with what it
    // reached) was promoted; what a finished read leaves now is a few hundred bytes.
    expect(perRead).toBeLessThan(3000);
  });
});
