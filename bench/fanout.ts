import { Pool } from 'undici';
import type { BenchTenant } from './tenant.js';
import { median } from './stats.js';

export const UPSTREAM_LATENCY_MS = 20;
export const CONCURRENCY = 8;
export const FANOUT_RUNS = 9;
export const FANOUT_WARMUP = 10;

export interface FanoutRow {
  label: string;
  representations: number;
  distinct: number;
  upstreamCalls: number;
  maxInFlight: number;
  wallMs: number;
  boundMs: number;
  ratio: number;
  directMs: number;
}

/**
 * `_entities` for 1, 10 and 100 users (and 100 representations of 10), with UPSTREAM_LATENCY_MS
 * on every upstream answer: upstream calls per request, calls in flight, and the wall time
 * against the bound ceil(N / CONCURRENCY) x latency and against the same GETs sent directly.
 */
export async function measureFanout(options: {
  tenant: BenchTenant;
  gatewayUrl: string;
  userIds: string[];
  audience: string;
  listPath: (userId: string) => string;
}): Promise<{ rows: FanoutRow[]; gatewayRequests: number }> {
  const { tenant, gatewayUrl, userIds, listPath } = options;
  const managementToken = await tenant.managementToken();
  const callerToken = await tenant.callerToken('auth0|bench-admin', options.audience);
  await tenant.settings({ latencyMs: UPSTREAM_LATENCY_MS });

  /** The same GETs straight from the emulator, CONCURRENCY at a time: the bound as this machine delivers it. */
  async function directFanout(ids: string[]): Promise<number> {
    const pool = new Pool(tenant.url, { connections: CONCURRENCY });
    const walls: number[] = [];
    for (let run = -1; run < FANOUT_RUNS; run += 1) {
      const queue = [...ids];
      const sent = performance.now();
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, ids.length) }, async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            const response = await pool.request({
              method: 'GET',
              path: listPath(id),
              headers: { authorization: `Bearer ${managementToken}` },
            });
            await response.body.text();
          }
        }),
      );
      if (run >= 0) walls.push(performance.now() - sent);
    }
    await pool.close();
    return median(walls);
  }

  // The same lean client as the load generator, on a warm connection: the wall time is the gateway's.
  const client = new Pool(gatewayUrl, { connections: 1 });
  const rows: FanoutRow[] = [];
  let gatewayRequests = 0;
  for (const [label, ids] of [
    ['1 user', userIds.slice(0, 1)],
    ['10 users', userIds.slice(0, 10)],
    ['100 users', userIds.slice(0, 100)],
    ['100 reps of 10 users', Array.from({ length: 100 }, (_, i) => userIds[i % 10]!)],
  ] as const) {
    const walls: number[] = [];
    let upstreamCalls = 0;
    let maxInFlight = 0;
    // Warm-up runs (caller token verified and cached, connections open, this query's code paths
    // compiled), then FANOUT_RUNS measured.
    for (let run = -FANOUT_WARMUP; run < FANOUT_RUNS; run += 1) {
      await tenant.admin('DELETE', 'requests');
      const body = JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }',
        variables: { r: ids.map((id) => ({ __typename: 'User', id })) },
      });
      const sent = performance.now();
      const response = await client.request({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
        body,
      });
      await response.body.text();
      if (run >= 0) walls.push(performance.now() - sent);
      const s = await tenant.stats();
      upstreamCalls = s.apiRequests;
      maxInFlight = s.maxInFlight;
      gatewayRequests += 1;
    }
    const distinct = [...new Set(ids)];
    const boundMs = Math.ceil(distinct.length / CONCURRENCY) * UPSTREAM_LATENCY_MS;
    rows.push({
      label,
      representations: ids.length,
      distinct: distinct.length,
      upstreamCalls,
      maxInFlight,
      wallMs: median(walls),
      boundMs,
      ratio: median(walls) / boundMs,
      directMs: await directFanout(distinct),
    });
  }
  await client.close();
  await tenant.settings({ latencyMs: 0 });
  return { rows, gatewayRequests };
}
