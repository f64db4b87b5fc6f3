import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { fleetUserId } from '../../src/demo-users.js';
import { RedisProcess } from '../../scripts/redis-process.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * A bulk reset never acts unseen: when the job store loses its records (eviction, a Redis that
 * restarted empty) the job stops before its next call and reads as FAILED with the reason; a
 * cancel's answer is the truth, and no call of the job starts after it.
 */

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setUp(env: Record<string, string> = {}): Promise<{ redis: RedisProcess; client: Redis; stack: Stack }> {
  const redis = await RedisProcess.start();
  const client = new Redis(redis.url);
  client.on('error', () => {});
  cleanup.push(async () => {
    client.disconnect();
    await redis.stop();
  });
  // Every answer takes 30 ms: a 60-user job runs for seconds.
  const stack = await startStack({ env: { REDIS_URL: redis.url, ...env }, emulator: { latencyMs: 30 } });
  cleanup.push(() => stack.close());
  return { redis, client, stack };
}

interface Job {
  state: string;
  processed: number;
  error: string | null;
  cancelRequested: boolean;
}

const START = `mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { __typename ... on StartMfaResetSuccess { job { id } } ... on ValidationError { message } } }`;
const start = async (stack: Stack, count = 60) => {
  const { body } = await stack.graphql(START, {
    input: { userIds: Array.from({ length: count }, (_, n) => fleetUserId(n)), reason: 'job store trust test' },
  });
  return (body.data as { startMfaReset: { job: { id: string } } }).startMfaReset.job.id;
};
const read = async (stack: Stack, id: string): Promise<Job | null> => {
  const { body } = await stack.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { state processed error cancelRequested } }`, { id });
  expect(body.errors).toBeUndefined();
  return (body.data as { mfaResetJob: Job | null }).mfaResetJob;
};
const until = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  for (const started = Date.now(); ;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out at ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const deletes = async (stack: Stack) => (await stack.upstreamRequests()).filter((request) => request.method === 'DELETE');
const jobKey = (client: Redis, id: string) => client.keys(`*job:{${id}}*`);
const lostCount = async (stack: Stack) =>
  Number(/^mfa_gateway_jobs_lost_total (\S+)/m.exec(await (await fetch(`${stack.url}/metrics`)).text())?.[1] ?? 0);

describe('a job whose records are lost', () => {
  it('evicted description and index: the job stops before its next call, reads FAILED with the reason, and frees its place', async () => {
    const { client, stack } = await setUp();
    const id = await start(stack);
    await until(
      () => read(stack, id),
      (job) => (job?.processed ?? 0) >= 5,
    );
    const records = await jobKey(client, id);
    await client.del(
      records.find((name) => name.endsWith(`job:{${id}}`))!,
      (await client.keys('*:jobs'))[0]!,
    );
    const at = (await deletes(stack)).length;
    const job = await until(
      () => read(stack, id),
      (j) => j?.state === 'FAILED',
    );
    expect(job!.error).toMatch(/lost this job's records; \d+ users were processed/);
    await new Promise((r) => setTimeout(r, 500));
    // At most the DELETE under way when the records went.
    expect((await deletes(stack)).length - at).toBeLessThanOrEqual(1);
    expect(await lostCount(stack)).toBe(1);
    expect(stack.logs.some((line) => line.includes('"level":50') && line.includes(id) && line.includes('lost'))).toBe(true);
    // Its place is free: two new jobs start.
    await start(stack, 1);
    await start(stack, 1);
  });

  it('an evicted user list: FAILED, never RUNNING for ever, and a cancel says so', async () => {
    const { client, stack } = await setUp();
    const id = await start(stack);
    await until(
      () => read(stack, id),
      (job) => (job?.processed ?? 0) >= 3,
    );
    await client.del((await jobKey(client, id)).find((name) => name.endsWith(':users'))!);
    const { body } = await stack.graphql(
      `mutation ($id: ID!) { cancelMfaReset(input: { jobId: $id }) { ... on CancelMfaResetSuccess { job { state error } } } }`,
      { id },
    );
    expect((body.data as { cancelMfaReset: { job: Job } }).cancelMfaReset.job).toMatchObject({ state: 'FAILED' });
    expect((await read(stack, id))!.state).toBe('FAILED');
  });

  it('Redis restarted empty mid-job: the job stops and reads FAILED once Redis is back, with the users it had processed', async () => {
    const { redis, stack } = await setUp();
    const id = await start(stack);
    await until(
      () => read(stack, id),
      (job) => (job?.processed ?? 0) >= 5,
    );
    await redis.stop();
    await redis.restart();
    const job = await until(
      () => read(stack, id).catch(() => null),
      (j) => j?.state === 'FAILED',
    );
    expect(job!.processed).toBeGreaterThanOrEqual(5);
    const sent = (await deletes(stack)).length;
    await new Promise((r) => setTimeout(r, 500));
    expect((await deletes(stack)).length).toBe(sent);
  });
});

describe('cancelling a job', () => {
  it('answers the state that follows it, and no call of the job starts once it has answered, even one waiting for a rate token', async () => {
    const { stack } = await setUp();
    // 2 calls a second: the job's calls wait for tokens most of the time.
    await stack.admin('PATCH', 'settings', { rateLimit: { burst: 2, perSecond: 2 } });
    const id = await start(stack, 40);
    await until(
      () => read(stack, id),
      (job) => (job?.processed ?? 0) >= 1,
    );
    const { body } = await stack.graphql(
      `mutation ($id: ID!) { cancelMfaReset(input: { jobId: $id }) { ... on CancelMfaResetSuccess { job { state processed cancelRequested } } } }`,
      { id },
    );
    const answeredAt = Date.now();
    const answered = (body.data as { cancelMfaReset: { job: Job } }).cancelMfaReset.job;
    expect(answered.cancelRequested).toBe(true);
    expect(['CANCELLED', 'RUNNING']).toContain(answered.state);
    await new Promise((r) => setTimeout(r, 2_500));
    const late = (await stack.upstreamRequests()).filter((request) => request.receivedAt > answeredAt);
    expect(late).toEqual([]);
    expect((await read(stack, id))!.state).toBe('CANCELLED');
  });
});
