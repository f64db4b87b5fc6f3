/**
 * `npm run bench [-- --seconds 10 --rounds 4 --warmup 8 --rate-seconds 30]`: the gateway measured
 * side by side with a bare passthrough, a bare-Yoga floor and the emulator called directly, in
 * one run on this machine, plus
 * upstream-call counts for fan-out, the rate-limit budget and token grants. Prints a table and
 * writes bench/results.json. Ratios, not absolute numbers, are what carry between machines.
 *
 * Every server is its own process (emulator, passthrough, floor, gateway as `npm start` runs it),
 * the load comes from this one; CPU and RSS are read from /proc for the server measured.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { cpuMicros, peakRssMb, start, withRssSampling } from '../scripts/processes.js';
import { startTenant } from './tenant.js';
import { CONCURRENCY, FANOUT_RUNS, FANOUT_WARMUP, measureFanout, UPSTREAM_LATENCY_MS } from './fanout.js';
import { measureRateBudget } from './rate-budget.js';
import { median } from './stats.js';
import { startNodeArgs } from '../scripts/start-command.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '8' },
    'rate-seconds': { type: 'string', default: '30' },
  },
});
/** Seconds of measured load per target and concurrency, split into ROUNDS interleaved rounds. */
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
/** Seconds of load before measuring: the gateway's (and Apollo's) JIT and heap take 5-8 s to settle. */
const WARMUP = Number(args.warmup);
const RATE_SECONDS = Number(args['rate-seconds']);
const USERS = 100;
const AUDIENCE = 'https://bench.test/api';
const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

// --- servers --------------------------------------------------------------------------------------
const tenant = await startTenant();
const emulatorUrl = tenant.url;
const userIds = Array.from({ length: USERS }, (_, i) => `auth0|bench${String(i).padStart(3, '0')}`);
await tenant.seedUsers(userIds);
const managementToken = await tenant.managementToken();

const passthrough = await start(node, ['--import', 'tsx', 'bench/passthrough.ts'], { TARGET: emulatorUrl }, /listening (\S+)/);
const passthroughUrl = passthrough.match[1]!;
const floor = await start(
  node,
  ['--import', 'tsx', 'bench/yoga-floor.ts'],
  { TARGET: emulatorUrl, TOKEN: managementToken },
  /listening (\S+)/,
);

/** The usual hand-written answer: Apollo Server + RESTDataSource, the same checks; its cache off, then on. */
const startApollo = (cacheTtlSeconds?: number) =>
  start(
    node,
    ['--import', 'tsx', 'bench/apollo-subgraph.ts'],
    {
      TARGET: emulatorUrl,
      ISSUER: 'https://tenant.emulator.local/',
      AUDIENCE,
      CLIENT_ID: 'emulator-client-id',
      CLIENT_SECRET: 'emulator-client-secret',
      ...(cacheTtlSeconds ? { CACHE_TTL_SECONDS: String(cacheTtlSeconds) } : {}),
    },
    /listening (\S+)/,
  );
const apollo = await startApollo();
const apolloCached = await startApollo(10);

execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
async function startGateway(env: Record<string, string> = {}) {
  const started = await start(
    node,
    startNodeArgs(),
    {
      PORT: '0',
      // LOG_LEVEL is left at its default (info): one log line per request, as in production.
      AUTH0_DOMAIN: 'tenant.emulator.local',
      AUTH0_BASE_URL: emulatorUrl,
      AUTH0_CLIENT_ID: 'emulator-client-id',
      AUTH0_CLIENT_SECRET: 'emulator-client-secret',
      GATEWAY_AUDIENCE: AUDIENCE,
      ...env,
    },
    /GraphQL: (\S+)\/graphql/,
  );
  return { child: started.child, url: started.match[1]! };
}
// Cache off: every read is an upstream call, as with the other targets; the cached row comes after.
let gateway = await startGateway({ METHODS_CACHE_TTL_SECONDS: '0' });
const gatewayCached = await startGateway({ METHODS_CACHE_TTL_SECONDS: '10' });

// Realistic caller tokens: one per user (RS256, from the tenant's keys), read permission.
const callerTokens = await Promise.all(userIds.map((sub) => tenant.callerToken(sub, AUDIENCE)));

// --- request sets -------------------------------------------------------------------------------------
const listPath = (userId: string) =>
  `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods?include_totals=true&per_page=100&page=0`;
const restRequests: LoadRequest[] = userIds.map((id) => ({
  method: 'GET',
  path: listPath(id),
  headers: { authorization: `Bearer ${managementToken}` },
}));
const QUERY =
  'query Methods($u: ID!) { authenticationMethods(userId: $u) { __typename id type name createdAt ... on PhoneMethod { phoneNumber } } }';
const graphqlRequests: LoadRequest[] = userIds.map((id, i) => ({
  method: 'POST',
  path: '/graphql',
  headers: { authorization: `Bearer ${callerTokens[i]}`, 'content-type': 'application/json' },
  body: JSON.stringify({ query: QUERY, variables: { u: id }, operationName: 'Methods' }),
}));
const graphqlOk = (status: number, body: string) => status === 200 && !body.includes('"errors"');
// The same query without the operation's name in the body Apollo's router would send.
const apolloRequests: LoadRequest[] = graphqlRequests.map((request) => ({ ...request, path: '/' }));

// --- 1. throughput and latency, side by side ----------------------------------------------------------
const floorRequests: LoadRequest[] = userIds.map((id) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: 'query Methods($u: ID!) { methods(userId: $u) { __typename id type name created_at phone_number } }',
    variables: { u: id },
  }),
}));
interface Target {
  target: string;
  origin: string;
  pid: number;
  requests: LoadRequest[];
  ok?: (status: number, body: string) => boolean;
}
const targets: Target[] = [
  { target: 'direct', origin: emulatorUrl, pid: tenant.pid, requests: restRequests },
  { target: 'passthrough', origin: passthroughUrl, pid: passthrough.child.pid!, requests: restRequests },
  { target: 'yoga floor', origin: floor.match[1]!, pid: floor.child.pid!, requests: floorRequests, ok: graphqlOk },
  { target: 'apollo', origin: apollo.match[1]!, pid: apollo.child.pid!, requests: apolloRequests, ok: graphqlOk },
  { target: 'gateway', origin: gateway.url, pid: gateway.child.pid!, requests: graphqlRequests, ok: graphqlOk },
  { target: 'apollo cache', origin: apolloCached.match[1]!, pid: apolloCached.child.pid!, requests: apolloRequests, ok: graphqlOk },
  { target: 'gateway cache', origin: gatewayCached.url, pid: gatewayCached.child.pid!, requests: graphqlRequests, ok: graphqlOk },
];
interface Row extends LoadResult {
  target: string;
  concurrency: number;
  cpuMicrosPerRequest: number;
  rounds: Array<{ rps: number; p50Ms: number; p99Ms: number; cpuMicrosPerRequest: number; upstreamPerRequest: number }>;
  upstreamPerRequest: number;
}

/**
 * Each target warmed up (the gateway and Apollo alike for WARMUP seconds: both JIT-compile their
 * hot paths for seconds, and a cold Apollo would flatter the gateway), then measured in ROUNDS
 * rounds taken in turn (direct, passthrough, floor, gateway, direct, ...), so a slow spell of this
 * shared machine hits all of them alike. A row's
 * figures are the medians of its rounds; a ratio is the median of the per-round ratios.
 */
async function measureSideBySide(concurrency: number): Promise<Row[]> {
  for (const t of targets)
    await runLoad(t.origin, t.requests, {
      concurrency,
      seconds: t.target.startsWith('gateway') || t.target.startsWith('apollo') ? WARMUP : WARMUP / 4,
      ...(t.ok ? { ok: t.ok } : {}),
    });
  const rounds = new Map<string, Row['rounds']>(targets.map((t) => [t.target, []]));
  const totals = new Map<string, LoadResult>();
  for (let round = 0; round < ROUNDS; round += 1) {
    // Every other round in reverse order, so that no target always follows the same neighbour
    // (whose load leaves the emulator and the machine in a state of its own).
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      const cpuBefore = cpuMicros(t.pid);
      const upstreamBefore = (await tenant.stats()).apiRequests;
      const result = await runLoad(t.origin, t.requests, { concurrency, seconds: SECONDS / ROUNDS, ...(t.ok ? { ok: t.ok } : {}) });
      rounds.get(t.target)!.push({
        rps: result.rps,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        cpuMicrosPerRequest: (cpuMicros(t.pid) - cpuBefore) / result.requests,
        upstreamPerRequest: ((await tenant.stats()).apiRequests - upstreamBefore) / result.requests,
      });
      const total = totals.get(t.target);
      totals.set(
        t.target,
        total
          ? {
              ...total,
              requests: total.requests + result.requests,
              errors: total.errors + result.errors,
              seconds: total.seconds + result.seconds,
            }
          : result,
      );
    }
  }
  return targets.map((t) => {
    const r = rounds.get(t.target)!;
    const total = totals.get(t.target)!;
    return {
      target: t.target,
      concurrency,
      requests: total.requests,
      errors: total.errors,
      seconds: total.seconds,
      rps: median(r.map((x) => x.rps)),
      p50Ms: median(r.map((x) => x.p50Ms)),
      p99Ms: median(r.map((x) => x.p99Ms)),
      cpuMicrosPerRequest: median(r.map((x) => x.cpuMicrosPerRequest)),
      upstreamPerRequest: median(r.map((x) => x.upstreamPerRequest)),
      rounds: r,
    };
  });
}

const rows: Row[] = [];
let gatewayRequests = 0;
let grantsSeen = 0;
for (const concurrency of [1, 32]) {
  const measured = await measureSideBySide(concurrency);
  rows.push(...measured);
  gatewayRequests += measured.find((r) => r.target === 'gateway')!.requests;
}
// The gateway is warm by now; its lifetime peak (VmHWM) also holds the cold start's transient,
// when V8 compiles the hot code under load.
const { result: c64, maxRssMb: gatewayRssAt64 } = await withRssSampling(gateway.child.pid!, () =>
  runLoad(gateway.url, graphqlRequests, { concurrency: 64, seconds: SECONDS, ok: graphqlOk }),
);
gatewayRequests += c64.requests;
const gatewayPeakRss = peakRssMb(gateway.child.pid!);
const passthroughPeakRss = peakRssMb(passthrough.child.pid!);
grantsSeen += (await tenant.stats()).grants;
floor.child.kill('SIGTERM');
apollo.child.kill('SIGTERM');
apolloCached.child.kill('SIGTERM');
gatewayCached.child.kill('SIGTERM');

// --- 2. fan-out: _entities for N users, 20 ms upstream latency ----------------------------------------
const fanoutRun = await measureFanout({ tenant, gatewayUrl: gateway.url, userIds, audience: AUDIENCE, listPath });
const fanout = fanoutRun.rows;
gatewayRequests += fanoutRun.gatewayRequests;

// --- 3. rate budget: the tenant allows R/s, many clients for RATE_SECONDS ------------------------------
gateway.child.kill('SIGTERM');
gateway = await startGateway({ METHODS_CACHE_TTL_SECONDS: '0' });
const rate = await measureRateBudget({ tenant, gatewayUrl: gateway.url, requests: graphqlRequests, ok: graphqlOk, seconds: RATE_SECONDS });
gatewayRequests += rate.clientRequests;
grantsSeen += (await tenant.stats()).grants;

gateway.child.kill('SIGTERM');
passthrough.child.kill('SIGTERM');
tenant.kill();

// --- report --------------------------------------------------------------------------------------------
const find = (target: string, concurrency: number) => rows.find((r) => r.target === target && r.concurrency === concurrency)!;
const pairedMedian = (concurrency: number, a: string, b: string, metric: (x: Row['rounds'][number]) => number) => {
  const x = find(a, concurrency).rounds;
  const y = find(b, concurrency).rounds;
  return median(x.map((round, i) => metric(round) / metric(y[i]!)));
};
const ratios = [1, 32].map((concurrency) => {
  const cpu = (x: Row['rounds'][number]) => x.cpuMicrosPerRequest;
  const p50 = (x: Row['rounds'][number]) => x.p50Ms;
  const g = find('gateway', concurrency).rounds;
  const p = find('passthrough', concurrency).rounds;
  return {
    concurrency,
    cpuPerRequestVsPassthrough: pairedMedian(concurrency, 'gateway', 'passthrough', cpu),
    cpuPerRequestVsYogaFloor: pairedMedian(concurrency, 'gateway', 'yoga floor', cpu),
    yogaFloorCpuVsPassthrough: pairedMedian(concurrency, 'yoga floor', 'passthrough', cpu),
    rpsVsPassthrough: pairedMedian(concurrency, 'gateway', 'passthrough', (x) => x.rps),
    rpsVsDirect: pairedMedian(concurrency, 'gateway', 'direct', (x) => x.rps),
    p50AddedOverPassthroughMs: median(g.map((round, i) => round.p50Ms - p[i]!.p50Ms)),
    p50VsPassthrough: pairedMedian(concurrency, 'gateway', 'passthrough', p50),
    p99VsPassthrough: pairedMedian(concurrency, 'gateway', 'passthrough', (x) => x.p99Ms),
    cpuPerRequestVsApollo: pairedMedian(concurrency, 'gateway', 'apollo', cpu),
    cpuPerRequestVsApolloCacheOn: pairedMedian(concurrency, 'gateway cache', 'apollo cache', cpu),
    rpsVsApollo: pairedMedian(concurrency, 'gateway', 'apollo', (x) => x.rps),
  };
});
const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, date: new Date().toISOString() },
  seconds: SECONDS,
  rounds: ROUNDS,
  warmupSeconds: WARMUP,
  rows,
  ratios,
  rssMb: { gatewayMaxAtConcurrency64: gatewayRssAt64, gatewayLifetimePeak: gatewayPeakRss, passthroughLifetimePeak: passthroughPeakRss },
  fanout,
  rate,
  tokenGrantsPer10kRequests: (grantsSeen / gatewayRequests) * 10_000,
  gatewayRequests,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const f = (n: number, digits = 2) => n.toFixed(digits);
console.log(
  `\nMachine: ${results.machine.cpus} x ${results.machine.model}, Node ${results.machine.node}; per target and concurrency: ${WARMUP} s warm-up (gateway), then ${SECONDS} s in ${ROUNDS} interleaved rounds; medians of rounds\n`,
);
console.log('target          conc    req/s    p50 ms   p99 ms   CPU µs/req  upstream/req  errors');
for (const r of rows) {
  console.log(
    `${r.target.padEnd(15)} ${String(r.concurrency).padStart(4)} ${f(r.rps, 0).padStart(8)} ${f(r.p50Ms, 3).padStart(9)} ${f(r.p99Ms, 3).padStart(8)} ${f(r.cpuMicrosPerRequest, 0).padStart(11)} ${f(r.upstreamPerRequest, 3).padStart(13)} ${String(r.errors).padStart(7)}`,
  );
}
console.log('\nratios (gateway vs ...)');
for (const r of ratios) {
  console.log(
    `  concurrency ${r.concurrency}: CPU/req ${f(r.cpuPerRequestVsApollo)}x Apollo + RESTDataSource (cache on, both: ${f(r.cpuPerRequestVsApolloCacheOn)}x), req/s ${f(r.rpsVsApollo)}x Apollo; CPU/req ${f(r.cpuPerRequestVsPassthrough)}x passthrough (yoga floor ${f(r.yogaFloorCpuVsPassthrough)}x; gateway ${f(r.cpuPerRequestVsYogaFloor)}x the floor); req/s ${f(r.rpsVsPassthrough)}x passthrough, ${f(r.rpsVsDirect)}x direct; p50 +${f(r.p50AddedOverPassthroughMs, 3)} ms over passthrough; p99 ${f(r.p99VsPassthrough)}x`,
  );
}
console.log(
  `\nRSS: gateway at most ${f(gatewayRssAt64, 1)} MB during ${SECONDS} s at concurrency 64 (${f(c64.rps, 0)} req/s, ${c64.errors} errors); lifetime peak ${f(gatewayPeakRss, 1)} MB (cold start included); passthrough lifetime peak ${f(passthroughPeakRss, 1)} MB`,
);
console.log(
  `\nfan-out (_entities, upstream latency ${UPSTREAM_LATENCY_MS} ms, UPSTREAM_CONCURRENCY ${CONCURRENCY}; median of ${FANOUT_RUNS} after ${FANOUT_WARMUP} warm-up runs)`,
);
for (const x of fanout) {
  console.log(
    `  ${x.label.padEnd(22)} upstream calls ${String(x.upstreamCalls).padStart(3)} (distinct ${x.distinct}), max in flight ${x.maxInFlight}, wall ${f(x.wallMs, 1)} ms vs bound ${x.boundMs} ms = ${f(x.ratio)}x (the same GETs sent directly: ${f(x.directMs, 1)} ms)`,
  );
}
console.log(
  `\nrate budget: tenant ${rate.burst} burst + ${rate.perSecond}/s for ${f(rate.seconds, 1)} s = ${f(rate.budget, 0)} calls; used ${rate.successfulUpstreamCalls} (${f(rate.budgetUsed * 100, 1)}%), 429s from upstream ${rate.upstream429s}, errors to clients ${rate.clientErrors} of ${rate.clientRequests}, client p99 ${f(rate.p99Ms, 0)} ms`,
);
console.log(
  `token grants per 10,000 gateway requests: ${f(results.tokenGrantsPer10kRequests, 2)} (${grantsSeen} grants, ${gatewayRequests} requests)`,
);
process.exit(0);
