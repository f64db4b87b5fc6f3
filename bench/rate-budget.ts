import { runLoad, type LoadRequest } from './load.js';
import type { BenchTenant } from './tenant.js';

export const RATE = { burst: 10, perSecond: 20 };

/**
 * The tenant allows RATE; 16 clients read through the gateway for `seconds`. Counted: the calls
 * that reached the tenant within the window the clients offered load (R x seconds + the burst),
 * not the tail answered after it, the 429s met upstream, and what the clients saw.
 */
export async function measureRateBudget(options: {
  tenant: BenchTenant;
  gatewayUrl: string;
  requests: LoadRequest[];
  ok: (status: number, body: string) => boolean;
  seconds: number;
}) {
  const { tenant, seconds } = options;
  // A set bucket starts full.
  await tenant.settings({ rateLimit: RATE });
  await tenant.admin('DELETE', 'requests');
  const started = Date.now();
  const run = await runLoad(options.gatewayUrl, options.requests, { concurrency: 16, seconds, ok: options.ok });
  const inWindow = ((await (await tenant.admin('GET', 'requests')).json()) as Array<{ status: number; receivedAt: number }>).filter(
    (r) => r.receivedAt < started + seconds * 1000,
  );
  const budget = RATE.burst + RATE.perSecond * seconds;
  const successfulUpstreamCalls = inWindow.filter((r) => r.status === 200).length;
  return {
    ...RATE,
    seconds,
    clientRequests: run.requests,
    successfulUpstreamCalls,
    budget,
    budgetUsed: successfulUpstreamCalls / budget,
    upstream429s: inWindow.filter((r) => r.status === 429).length,
    clientErrors: run.errors,
    p99Ms: run.p99Ms,
  };
}
