import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, type RecordedRequest } from '../../src/emulator/server.js';
import { fleetUserId } from '../../src/demo-users.js';
import { RedisProcess } from '../../scripts/redis-process.js';
import { exitOf, productionEnv, signal, spawnGateway, waitForOutput } from '../helpers/process.js';
import type { Spawned } from '../../scripts/processes.js';

const AUDIENCE = 'https://jobs.test/api';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Job {
  state: string;
  processed: number;
  total: number;
  counts: Array<{ outcome: string; count: number }>;
}
interface ResultsPage {
  edges: Array<{ node: { userId: string; outcome: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A gateway process in production mode against `emulator`, sharing `redisUrl`, with its own audit file. */
async function replica(
  emulator: Emulator,
  redisUrl: string,
  auditFile: string,
): Promise<{ child: Spawned; graphql: (query: string, variables?: unknown) => Promise<Record<string, unknown>> }> {
  const child = spawnGateway({
    ...productionEnv(emulator, AUDIENCE),
    LOG_LEVEL: 'info',
    REDIS_URL: redisUrl,
    AUDIT_LOG_FILE: auditFile,
  });
  cleanup.push(async () => {
    signal(child, 'SIGKILL');
    await exitOf(child);
  });
  const [, url] = await waitForOutput(child, /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/, 30_000);
  const token = await emulator.mintCallerToken({ sub: 'auth0|secops', audience: AUDIENCE, permissions: ['delete:authentication_methods'] });
  return {
    child,
    graphql: async (query, variables) => {
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data!;
    },
  };
}

const START = `mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { ... on StartMfaResetSuccess { job { id } } } }`;
const JOB = `query ($id: ID!) { mfaResetJob(id: $id) { state processed total counts { outcome count } } }`;
const RESULTS = `query ($id: ID!, $after: String) { mfaResetJob(id: $id) {
  results(first: 100, after: $after) { edges { cursor node { userId outcome } } pageInfo { hasNextPage endCursor } }
} }`;

const auditEvents = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { targetUserId: string; outcome: string; jobId: string });
  } catch {
    return [];
  }
};

describe('bulk resets are durable (Redis)', () => {
  it('a replica killed (kill -9) mid-job: another takes the job over within 60 s, and every user is processed and reported exactly once', async () => {
    const redis = await RedisProcess.start();
    cleanup.push(() => redis.stop());
    // Every answer takes 25 ms, so the job is still running when its replica is killed.
    const emulator = await Emulator.start({ host: '127.0.0.1', latencyMs: 25 });
    cleanup.push(() => emulator.close());
    const dir = mkdtempSync(join(tmpdir(), 'mfa-jobs-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const [first, second] = await Promise.all([
      replica(emulator, redis.url, join(dir, 'first.jsonl')),
      replica(emulator, redis.url, join(dir, 'second.jsonl')),
    ]);

    // 200 fleet users: those numbered 0 and 1 modulo 4 hold an SMS phone.
    const userIds = Array.from({ length: 200 }, (_, n) => fleetUserId(n));
    const started = (await first.graphql(START, { input: { userIds, types: ['PHONE'], reason: 'SIM-swap wave' } })) as {
      startMfaReset: { job: { id: string } };
    };
    const jobId = started.startMfaReset.job.id;
    const job = async () => ((await second.graphql(JOB, { id: jobId })) as { mfaResetJob: Job }).mfaResetJob;
    const results = async () => {
      const all: ResultsPage['edges'] = [];
      for (let after: string | null = null; ;) {
        const data = (await second.graphql(RESULTS, { id: jobId, after })) as { mfaResetJob: { results: ResultsPage } };
        all.push(...data.mfaResetJob.results.edges);
        if (!data.mfaResetJob.results.pageInfo.hasNextPage) return all.map((edge) => edge.node);
        after = data.mfaResetJob.results.pageInfo.endCursor;
      }
    };

    while ((await job()).processed < 40) await new Promise((r) => setTimeout(r, 50));
    // The next DELETE is applied but its answer held: the replica is killed with it in flight, so
    // the one taking over must settle that user by reading it, not by deleting again or guessing.
    emulator.faults.configure({ script: [{ kind: 'delay', method: 'DELETE', delayMs: 10_000 }] });
    const inFlight = async () =>
      ((await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as RecordedRequest[]).find(
        (request) => request.method === 'DELETE' && request.status === 0,
      );
    let held: RecordedRequest | undefined;
    while (!(held = await inFlight())) await new Promise((r) => setTimeout(r, 10));
    signal(first.child, 'SIGKILL');
    await exitOf(first.child);
    const killedAt = Date.now();
    const processedAtKill = (await job()).processed;

    let resumedAfterMs: number | null = null;
    let finished: Job;
    for (;;) {
      finished = await job();
      if (resumedAfterMs === null && finished.processed > processedAtKill) resumedAfterMs = Date.now() - killedAt;
      if (finished.state === 'SUCCEEDED' || Date.now() - killedAt > 90_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(
      `killed at ${processedAtKill} of 200 users, a DELETE in flight; taken over after ${resumedAfterMs} ms; finished ${finished.state}`,
    );
    expect(finished.state).toBe('SUCCEEDED');
    expect(resumedAfterMs).toBeLessThan(60_000);

    // Every user once, in order, with the outcome their methods call for.
    const reported = await results();
    expect(reported.map((result) => result.userId)).toEqual(userIds);
    expect(reported.map((result) => result.outcome)).toEqual(userIds.map((_, n) => (n % 4 < 2 ? 'RESET' : 'NOTHING_TO_RESET')));
    expect(finished.counts).toEqual([
      { outcome: 'RESET', count: 100 },
      { outcome: 'NOTHING_TO_RESET', count: 100 },
    ]);

    // The tenant: every SMS phone gone, every authenticator app kept, one DELETE per phone.
    for (const [n, userId] of userIds.entries()) {
      const types = emulator.store.methods(userId)!.map((method) => method.type);
      expect(types).toEqual([[], ['totp'], ['totp'], ['password']][n % 4]);
    }
    const requests = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as RecordedRequest[];
    const deletes = requests.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(100);
    expect(new Set(deletes.map((request) => request.path)).size).toBe(100);

    // One audit event per user changed, over both replicas' files, each after an `attempted` line;
    // at most the user in flight at the kill may have been written by both (a line is never lost for one).
    const events = [...auditEvents(join(dir, 'first.jsonl')), ...auditEvents(join(dir, 'second.jsonl'))].filter(
      (event) => event.jobId === jobId,
    );
    const settled = events.filter((event) => event.outcome !== 'attempted');
    const attempted = events.filter((event) => event.outcome === 'attempted');
    const changed = new Set(userIds.filter((_, n) => n % 4 < 2));
    const heldUser = userIds.find((userId) => held.path.includes(encodeURIComponent(userId)))!;
    // The killed replica had written its `attempted` line before the DELETE went.
    expect(
      auditEvents(join(dir, 'first.jsonl'))
        .filter((event) => event.targetUserId === heldUser)
        .map((event) => event.outcome),
    ).toEqual(['attempted']);
    expect(auditEvents(join(dir, 'second.jsonl')).map((event) => event.targetUserId)).toContain(heldUser);
    expect(new Set(settled.map((event) => event.targetUserId))).toEqual(changed);
    expect(new Set(attempted.map((event) => event.targetUserId))).toEqual(changed);
    expect(settled.every((event) => event.outcome === 'success')).toBe(true);
    expect(settled.length - changed.size).toBeLessThanOrEqual(1);
  }, 150_000);
});
