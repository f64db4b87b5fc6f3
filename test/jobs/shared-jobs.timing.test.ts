import { afterEach, describe, expect, it } from 'vitest';
import { fleetUserId } from '../../src/demo-users.js';
import { RedisProcess } from '../../scripts/redis-process.js';
import { startStack, type Stack } from '../helpers/stack.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Two replicas in front of one emulator whose answers take 20 ms, sharing a Redis of the test's own. */
async function twoReplicas(): Promise<{ redis: RedisProcess; first: Stack; second: Stack }> {
  const redis = await RedisProcess.start();
  cleanup.push(() => redis.stop());
  const first = await startStack({ env: { REDIS_URL: redis.url }, emulator: { latencyMs: 20 } });
  cleanup.push(() => first.close());
  const second = await startStack({ env: { REDIS_URL: redis.url }, replicaOf: first });
  cleanup.push(() => second.close());
  return { redis, first, second };
}

interface Job {
  state: string;
  processed: number;
  counts: Array<{ outcome: string; count: number }>;
}

const start = async (stack: Stack, userIds: string[]) => {
  const { body } = await stack.graphql(
    `mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { ... on StartMfaResetSuccess { job { id } } } }`,
    { input: { userIds, types: ['PHONE'], reason: 'shared jobs test' } },
  );
  return (body.data as { startMfaReset: { job: { id: string } } }).startMfaReset.job.id;
};
const read = async (stack: Stack, id: string): Promise<Job> => {
  const { body } = await stack.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { state processed counts { outcome count } } }`, { id });
  expect(body.errors).toBeUndefined();
  return (body.data as { mfaResetJob: Job }).mfaResetJob;
};
const until = async (stack: Stack, id: string, done: (job: Job) => boolean, timeoutMs = 30_000): Promise<Job> => {
  for (const started = Date.now(); ;) {
    const job = await read(stack, id);
    if (done(job)) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out at ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const running = (job: Job) => job.state === 'QUEUED' || job.state === 'RUNNING';
const results = async (stack: Stack, id: string) => {
  const { body } = await stack.graphql(
    `query ($id: ID!) { mfaResetJob(id: $id) { results(first: 100) { edges { node { userId outcome } } } } }`,
    { id },
  );
  return (
    body.data as { mfaResetJob: { results: { edges: Array<{ node: { userId: string; outcome: string } }> } } }
  ).mfaResetJob.results.edges.map((edge) => edge.node);
};

describe('bulk resets shared by replicas (Redis)', () => {
  it('a job started on one replica is read and cancelled on another: no DELETE after the cancel, the users not reached are SKIPPED', async () => {
    const { first, second } = await twoReplicas();
    const userIds = Array.from({ length: 100 }, (_, n) => fleetUserId(n));
    const id = await start(first, userIds);
    await until(second, id, (job) => job.processed >= 10);
    const { body } = await second.graphql(`mutation ($input: CancelMfaResetInput!) { cancelMfaReset(input: $input) { __typename } }`, {
      input: { jobId: id },
    });
    expect(body.data).toEqual({ cancelMfaReset: { __typename: 'CancelMfaResetSuccess' } });
    const deletesAtCancel = (await first.upstreamRequests()).filter((request) => request.method === 'DELETE').length;
    const job = await until(second, id, (j) => !running(j));
    expect(job.state).toBe('CANCELLED');
    expect(job.processed).toBe(100);
    const reported = await results(second, id);
    expect(reported.map((result) => result.userId)).toEqual(userIds);
    // At most the one DELETE under way when the cancel landed went after it.
    const deletes = (await first.upstreamRequests()).filter((request) => request.method === 'DELETE').length;
    expect(deletes - deletesAtCancel).toBeLessThanOrEqual(1);
    expect(reported.filter((result) => result.outcome === 'SKIPPED').length).toBeGreaterThan(50);
    // What the results say is what the tenant holds.
    for (const [n, result] of reported.entries()) {
      const hasPhone = (await first.storedMethods(result.userId)).some((method) => method.type === 'phone');
      if (result.outcome === 'RESET') expect(hasPhone).toBe(false);
      if (result.outcome === 'SKIPPED') expect(hasPhone).toBe(n % 4 < 2);
    }
  });

  it('a replica shutting down gives its job back: the other goes on at once, not after the lease, and every user is reported once', async () => {
    const { first, second } = await twoReplicas();
    const userIds = Array.from({ length: 60 }, (_, n) => fleetUserId(n));
    const id = await start(first, userIds);
    await until(second, id, (job) => job.processed >= 10);
    const drainedAt = Date.now();
    first.gateway.drain();
    const job = await until(second, id, (j) => !running(j));
    console.log(`handed over and finished ${Date.now() - drainedAt} ms after the drain began`);
    expect(job.state).toBe('SUCCEEDED');
    // Within one look of the other replica (5 s) plus the rest of the work, well before a 20 s lease.
    expect(Date.now() - drainedAt).toBeLessThan(15_000);
    expect(job.counts).toEqual([
      { outcome: 'RESET', count: 30 },
      { outcome: 'NOTHING_TO_RESET', count: 30 },
    ]);
    expect((await results(second, id)).map((result) => result.userId)).toEqual(userIds);
  });

  it('Redis hanging mid-job: the job waits for it, losing nothing, and finishes once it answers again; reads go on meanwhile', async () => {
    const { redis, first } = await twoReplicas();
    const userIds = Array.from({ length: 60 }, (_, n) => fleetUserId(n));
    const id = await start(first, userIds);
    await until(first, id, (job) => job.processed >= 10);
    redis.freeze();
    cleanup.push(async () => redis.thaw());
    await new Promise((r) => setTimeout(r, 2_500));
    const { body } = await first.graphql(`{ authenticationMethods(userId: "auth0|alice") { id } }`);
    expect(body.errors).toBeUndefined();
    expect(first.logs.some((line) => line.includes('the job store is not answering'))).toBe(true);
    // The job cannot be read meanwhile: an error that says so, not an internal one.
    const { body: unread } = await first.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { state } }`, { id });
    expect(unread.errors?.[0]).toMatchObject({
      message: 'The job store (Redis) did not answer; try again.',
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    redis.thaw();
    const job = await until(first, id, (j) => !running(j));
    expect(job).toMatchObject({ state: 'SUCCEEDED', processed: 60 });
    expect(job.counts).toEqual([
      { outcome: 'RESET', count: 30 },
      { outcome: 'NOTHING_TO_RESET', count: 30 },
    ]);
    expect((await results(first, id)).map((result) => result.userId)).toEqual(userIds);
    const deletes = (await first.upstreamRequests()).filter((request) => request.method === 'DELETE');
    expect(new Set(deletes.map((request) => request.path)).size).toBe(deletes.length);
  });
});
