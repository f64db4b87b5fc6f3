import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetUserId } from '../../src/demo-users.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { MethodsOfUserDocument } from '../generated/operations.js';

let stack: Stack;
beforeAll(async () => {
  // A tenant allowing 20 calls a second (and a burst of 20).
  stack = await startStack({ emulator: { rateLimit: { burst: 20, perSecond: 20 } } });
});
afterAll(() => stack.close());

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/** Interactive reads, fresh each time, two a second until `stop` resolves: their latencies. */
async function interactiveReads(stop: Promise<unknown>): Promise<{ latencies: number[]; errors: number }> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const latencies: number[] = [];
  let errors = 0;
  const users = ['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave'];
  for (let i = 0; !stopped; i += 1) {
    const started = performance.now();
    const { body } = await stack.graphql(
      MethodsOfUserDocument,
      { userId: users[i % users.length]! },
      { headers: { 'cache-control': 'no-cache' } },
    );
    latencies.push(performance.now() - started);
    if (body.errors) errors += 1;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { latencies, errors };
}

describe('a bulk reset against a tenant of 20 calls a second', () => {
  it('500 users finish with exact counts, each user once, while interactive reads keep answering', async () => {
    const settle = new Promise((r) => setTimeout(r, 3_000));
    const baseline = await interactiveReads(settle);

    const userIds = Array.from({ length: 500 }, (_, n) => fleetUserId(n));
    await stack.resetUpstreamLog();
    const started = Date.now();
    const { body } = await stack.graphql(
      `mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { ... on StartMfaResetSuccess { job { id } } } }`,
      { input: { userIds, types: ['PHONE'], reason: 'SIM-swap wave' } },
    );
    const jobId = (body.data as { startMfaReset: { job: { id: string } } }).startMfaReset.job.id;
    let finish!: (job: { state: string; counts: unknown }) => void;
    const finished = new Promise<{ state: string; counts: unknown }>((resolve) => (finish = resolve));
    const during = interactiveReads(finished);
    for (;;) {
      const { body: polled } = await stack.graphql(`query ($id: ID!) { mfaResetJob(id: $id) { state counts { outcome count } } }`, {
        id: jobId,
      });
      const job = (polled.data as { mfaResetJob: { state: string; counts: unknown } }).mfaResetJob;
      if (job.state !== 'RUNNING' && job.state !== 'QUEUED') {
        finish(job);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const job = await finished;
    const seconds = (Date.now() - started) / 1000;
    const reads = await during;

    expect(job).toEqual({
      state: 'SUCCEEDED',
      counts: [
        { outcome: 'RESET', count: 250 },
        { outcome: 'NOTHING_TO_RESET', count: 250 },
      ],
    });
    const requests = await stack.upstreamRequests();
    const jobCalls = requests.filter((request) => request.path.includes('fleet'));
    const deletes = jobCalls.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(250);
    expect(new Set(deletes.map((request) => request.path)).size).toBe(250);
    // One GET per user: no user was read twice, nor met a 429 the gateway had to repeat.
    expect(jobCalls.filter((request) => request.method === 'GET')).toHaveLength(500);
    expect(requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(reads.errors).toBe(0);
    expect(baseline.errors).toBe(0);

    const budget = 20 + 20 * seconds;
    console.log(
      `500 users in ${seconds.toFixed(1)} s: ${jobCalls.length} job calls and ${requests.length - jobCalls.length} interactive, ` +
        `${((100 * requests.length) / budget).toFixed(0)}% of the budget (${Math.round(budget)} calls); ` +
        `interactive reads p50/p99 ${percentile(baseline.latencies, 0.5).toFixed(0)}/${percentile(baseline.latencies, 0.99).toFixed(0)} ms before, ` +
        `${percentile(reads.latencies, 0.5).toFixed(0)}/${percentile(reads.latencies, 0.99).toFixed(0)} ms during (${reads.latencies.length} reads)`,
    );
    // A read waits for at most a token or two of a 20/s bucket behind the job, never for the job.
    expect(percentile(reads.latencies, 0.99)).toBeLessThan(1_000);
  }, 120_000);
});
