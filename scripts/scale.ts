/**
 * `npm run scale [-- --seconds 20 --rate 64 --redis server|cluster|evicting]`: three gateway replicas
 * (the production bundle, as `npm start` runs it) sharing one Redis (a server; a three-master Redis
 * Cluster, REDIS_URL at one node, whose phase d stops one master; or a server of 2 MB that evicts
 * with allkeys-lru, as managed defaults do), in front of the emulator with a tenant bucket of
 * 50 + 16/s; open-loop clients spread over the replicas. Phases:
 *   a. reads with the cache on          b. the same with the cache off (reads of a user in flight
 *   at once still share a GET)          b'. cache off and every read fresh (Cache-Control: no-cache)
 *   c. reads and writes: each write on one replica is read back on another at once
 *   d. Redis stopped for 5 s mid-phase  e. one replica killed mid-phase (the clients move on)
 * and a forced 401 after (a). Prints a table per phase, then `N passed, M failed` against the
 * targets; exits non-zero when a correctness target fails (stale reads, errors caused by Redis,
 * token grants), and with --strict when any does.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildBundle, startNodeArgs } from './start-command.js';
import { start, type Spawned } from './processes.js';
import { RedisCluster, RedisProcess } from './redis-process.js';
import { startTenant } from '../bench/tenant.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '64' },
    strict: { type: 'boolean', default: false },
    redis: { type: 'string', default: 'server' },
  },
});
if (!['server', 'cluster', 'evicting'].includes(args.redis)) throw new Error('--redis must be server, cluster or evicting');
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const BUCKET = { burst: 50, perSecond: 16 };
const USERS = Array.from({ length: 20 }, (_, i) => `auth0|scale${String(i).padStart(3, '0')}`);
const AUDIENCE = 'https://scale.test/api';
const root = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- the stack ---------------------------------------------------------------------------------
const bundle = buildBundle(root, 'dist/scale');
/** The Redis of the run, and what phase d stops and starts again (the server, or one master of the cluster). */
const redis = await (async (): Promise<{ url: string; stop(): Promise<void>; restart(): Promise<void>; close(): Promise<void> }> => {
  if (args.redis === 'cluster') {
    const cluster = await RedisCluster.start();
    const master = cluster.nodes[2]!;
    // Restarted, a master serves again once the others have seen it: the next phase starts after that.
    return { url: cluster.url, stop: () => master.stop(), restart: () => cluster.restartNode(2), close: () => cluster.stop() };
  }
  const server = await RedisProcess.start(args.redis === 'evicting' ? ['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru'] : []);
  return { url: server.url, stop: () => server.stop(), restart: () => server.restart(), close: () => server.stop() };
})();
const tenant = await startTenant();
await tenant.seedUsers(USERS);
const token = await mintToken(['read:authentication_methods', 'update:authentication_methods']);

async function mintToken(permissions: string[]): Promise<string> {
  const answer = await tenant.admin('POST', 'caller-tokens', {
    sub: 'auth0|scale-client',
    audience: AUDIENCE,
    permissions,
    expiresInSeconds: 7200,
  });
  return ((await answer.json()) as { token: string }).token;
}

interface Replica {
  child: Spawned;
  url: string;
  alive: boolean;
}

async function startReplica(cacheTtlSeconds: number): Promise<Replica> {
  const { child, match } = await start(
    process.execPath,
    [...startNodeArgs().filter((arg) => !arg.endsWith('.js')), bundle],
    {
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: 'warn',
      AUTH0_DOMAIN: 'tenant.emulator.local',
      AUTH0_BASE_URL: tenant.url,
      AUTH0_CLIENT_ID: 'emulator-client-id',
      AUTH0_CLIENT_SECRET: 'emulator-client-secret',
      GATEWAY_AUDIENCE: AUDIENCE,
      REDIS_URL: redis.url,
      METHODS_CACHE_TTL_SECONDS: String(cacheTtlSeconds),
    },
    /GraphQL: (\S+)/,
  );
  return { child, url: match[1]!, alive: true };
}

let replicas: Replica[] = [];
/**
 * Fresh replicas, warmed up for 2 s of the phase's load (a new process's first second runs cold
 * code: JIT, token, connections), then a full bucket and an empty upstream log for the phase.
 */
async function startReplicas(cacheTtlSeconds: number): Promise<void> {
  for (const replica of replicas) replica.child.kill('SIGTERM');
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(cacheTtlSeconds)));
  await drive(2, RATE, readUser);
  await tenant.settings({ rateLimit: BUCKET });
  await resetUpstream();
}

// --- clients -----------------------------------------------------------------------------------
interface Outcome {
  /** `data`, or the first error's code (RATE_LIMITED...), or what went wrong before an answer. */
  kind: string;
  ms: number;
  name?: string | null;
}

interface Answer {
  data?: {
    updateMethod?: { __typename: string };
    authenticationMethods?: Array<{ id: string; name: string | null }>;
  };
  errors?: Array<{ extensions?: { code?: string } }>;
}

const READ = 'query ($u: ID!) { authenticationMethods(userId: $u) { id name } }';
const RENAME =
  'mutation ($i: UpdateMethodInput!) { updateMethod(input: $i) { __typename ... on UpdateMethodSuccess { method { id name } } } }';

/** One GraphQL request to replica `index` (or, when it is gone, the next one alive, as a load balancer would). */
async function send(
  index: number,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Outcome & { body?: Answer }> {
  const started = performance.now();
  for (let tries = 0; tries < replicas.length; tries += 1) {
    const replica = replicas[(index + tries) % replicas.length]!;
    if (!replica.alive) continue;
    try {
      const response = await fetch(replica.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Answer;
      const ms = performance.now() - started;
      const code = body.errors?.[0]?.extensions?.code;
      return { kind: code ? String(code) : response.status === 200 ? 'data' : `HTTP ${response.status}`, ms, body };
    } catch {
      // The replica is gone: the next one takes the request.
      replica.alive = replica.child.exitCode === null && replica.child.signalCode === null;
    }
  }
  return { kind: 'NO_REPLICA', ms: performance.now() - started };
}

const readUser = (i: number) => send(i % 3, READ, { u: USERS[i % USERS.length] });
/** A read that neither the cache nor a GET in flight may serve: every one costs an upstream call. */
const readFresh = (i: number) => send(i % 3, READ, { u: USERS[i % USERS.length] }, { 'cache-control': 'no-cache' });

/** Open loop: request i is sent at i / rate seconds, whatever the answers before it. */
async function drive(seconds: number, rate: number, request: (i: number) => Promise<Outcome>, during?: () => Promise<void>) {
  const started = performance.now();
  const outcomes: Array<Promise<Outcome>> = [];
  const side = during?.();
  for (let i = 0; i < seconds * rate; i += 1) {
    const delay = started + (i * 1000) / rate - performance.now();
    if (delay > 0) await sleep(delay);
    outcomes.push(request(i));
  }
  const sentFor = (performance.now() - started) / 1000;
  await side;
  return { outcomes: await Promise.all(outcomes), startedAt: Date.now() - (performance.now() - started), sentFor };
}

// --- measuring ---------------------------------------------------------------------------------
interface Upstream {
  calls: number;
  ok: number;
  limited: number;
  grants: number;
}
async function upstreamSince(from: number, to = Number.POSITIVE_INFINITY): Promise<Upstream> {
  const requests = (await (await tenant.admin('GET', 'requests')).json()) as Array<{ status: number; receivedAt: number }>;
  const inWindow = requests.filter((r) => r.receivedAt >= from && r.receivedAt < to);
  return {
    calls: inWindow.length,
    ok: inWindow.filter((r) => r.status < 400).length,
    limited: inWindow.filter((r) => r.status === 429).length,
    grants: await grantsSoFar(),
  };
}
/** Token grants since the start (the tenant's counters restart with each reset of its log). */
let grantsBefore = 0;
const grantsSoFar = async () => grantsBefore + (await tenant.stats()).grants;
async function resetUpstream(): Promise<void> {
  grantsBefore = await grantsSoFar();
  await tenant.admin('DELETE', 'requests');
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
};

interface PhaseRow {
  phase: string;
  reads: number;
  data: number;
  rateLimited: number;
  otherErrors: number;
  p50: number;
  p99: number;
  rateLimitedP99: number;
  upstreamPerSecond: number;
  budgetPerSecond: number;
  upstream429s: number;
  upstreamCalls: number;
  grants: number;
  stale: number;
}
const rows: PhaseRow[] = [];
function row(phase: string, outcomes: Outcome[], seconds: number, upstream: Upstream, extra: Partial<PhaseRow> = {}): PhaseRow {
  const limited = outcomes.filter((o) => o.kind === 'RATE_LIMITED');
  const r: PhaseRow = {
    phase,
    reads: outcomes.length,
    data: outcomes.filter((o) => o.kind === 'data').length,
    rateLimited: limited.length,
    otherErrors: outcomes.filter((o) => o.kind !== 'data' && o.kind !== 'RATE_LIMITED').length,
    p50: quantile(
      outcomes.map((o) => o.ms),
      0.5,
    ),
    p99: quantile(
      outcomes.map((o) => o.ms),
      0.99,
    ),
    rateLimitedP99: quantile(
      limited.map((o) => o.ms),
      0.99,
    ),
    upstreamPerSecond: upstream.ok / seconds,
    budgetPerSecond: BUCKET.perSecond + BUCKET.burst / seconds,
    upstream429s: upstream.limited,
    upstreamCalls: upstream.calls,
    grants: upstream.grants,
    stale: 0,
    ...extra,
  };
  rows.push(r);
  return r;
}

// --- phases ------------------------------------------------------------------------------------
await startReplicas(10);

// (a) cache on
const a = await drive(SECONDS, RATE, readUser);
const rowA = row('a cache on', a.outcomes, a.sentFor, await upstreamSince(a.startedAt));

// a forced 401: the tenant revokes the token; every replica meets it, one grant follows
const grantsBefore401 = await grantsSoFar();
await tenant.admin('POST', 'revoke-tokens');
const forced = await Promise.all(
  replicas.flatMap((replica, r) =>
    USERS.slice(0, 3).map((u) =>
      fetch(replica.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'cache-control': 'no-cache' },
        body: JSON.stringify({ query: READ, variables: { u: `${u.slice(0, -1)}${r}` } }),
      }).then(async (response) => !(await response.text()).includes('"errors"')),
    ),
  ),
);
const grantsAfter401 = (await grantsSoFar()) - grantsBefore401;
const forcedOk = forced.every(Boolean);

// (b) cache off
await startReplicas(0);
// The warm-up's calls still queued are answered first; then the bucket is full again.
await sleep(15_000);
await tenant.settings({ rateLimit: BUCKET });
await resetUpstream();
const b = await drive(SECONDS, RATE, readUser);
const rowB = row('b cache off', b.outcomes, b.sentFor, await upstreamSince(b.startedAt, b.startedAt + b.sentFor * 1000));
const budgetUsedB = rowB.upstreamPerSecond / rowB.budgetPerSecond;

// (b') cache off and every read fresh: four times what the bucket serves, admission decides
await sleep(15_000);
await tenant.settings({ rateLimit: BUCKET });
await resetUpstream();
const bFresh = await drive(SECONDS, RATE, readFresh);
const rowBFresh = row(
  "b' no-cache reads",
  bFresh.outcomes,
  bFresh.sentFor,
  await upstreamSince(bFresh.startedAt, bFresh.startedAt + bFresh.sentFor * 1000),
);
const budgetUsedBFresh = rowBFresh.upstreamPerSecond / rowBFresh.budgetPerSecond;

// (c) reads and writes: a write on one replica, read back at once on another
await startReplicas(10);
let stale = 0;
let writes = 0;
let failedWrites = 0;
const c = await drive(SECONDS, RATE * 0.75, readUser, async () => {
  const stopAt = performance.now() + SECONDS * 1000;
  for (let k = 0; performance.now() < stopAt; k += 1) {
    const userId = USERS[k % USERS.length]!;
    const name = `n${k}`;
    const written = await send(k % 3, RENAME, { i: { userId, methodId: `totp|dev_${userId.slice(-3)}Totp00000000`, name } });
    if (written.body?.data?.updateMethod?.__typename !== 'UpdateMethodSuccess') {
      failedWrites += 1;
      continue;
    }
    writes += 1;
    const read = await send((k + 1) % 3, READ, { u: userId });
    const methods = read.body?.data?.authenticationMethods ?? [];
    if (!methods.some((m) => m.name === name)) stale += 1;
    await sleep(200);
  }
});
row('c reads+writes', c.outcomes, c.sentFor, await upstreamSince(c.startedAt), { stale });

// (d) Redis stopped for 5 s mid-phase
await resetUpstream();
const d = await drive(Math.max(SECONDS, 8), RATE, readUser, async () => {
  await sleep((Math.max(SECONDS, 8) * 1000) / 3);
  await redis.stop();
  await sleep(5_000);
  await redis.restart();
});
const rowD = row('d redis down 5s', d.outcomes, d.sentFor, await upstreamSince(d.startedAt));

// (e) one replica killed mid-phase
await resetUpstream();
const e = await drive(SECONDS, RATE, readUser, async () => {
  await sleep((SECONDS * 1000) / 3);
  replicas[2]!.child.kill('SIGKILL');
});
const rowE = row('e replica killed', e.outcomes, e.sentFor, await upstreamSince(e.startedAt));

const totalGrants = await grantsSoFar();
for (const replica of replicas) replica.child.kill('SIGTERM');
await redis.close();
tenant.kill();

// --- report ------------------------------------------------------------------------------------
const f = (n: number, digits = 0) => n.toFixed(digits);
console.log(
  `\n3 replicas, tenant bucket ${BUCKET.burst} + ${BUCKET.perSecond}/s, ${RATE} reads/s over ${USERS.length} users, ${SECONDS} s a phase\n`,
);
console.log('phase              reads   data  RATE_LIM  other   p50 ms   p99 ms  RL p99  upstream/s (budget)  429s  stale  grants so far');
for (const r of rows) {
  console.log(
    `${r.phase.padEnd(17)} ${String(r.reads).padStart(6)} ${String(r.data).padStart(6)} ${String(r.rateLimited).padStart(9)} ${String(r.otherErrors).padStart(6)} ${f(r.p50).padStart(8)} ${f(r.p99).padStart(8)} ${f(r.rateLimitedP99).padStart(7)} ${f(r.upstreamPerSecond, 1).padStart(10)} (${f(r.budgetPerSecond, 1)}) ${String(r.upstream429s).padStart(9)} ${String(r.stale).padStart(6)} ${String(r.grants).padStart(14)}`,
  );
}
console.log(`\nwrites in (c): ${writes} read back on another replica, ${stale} stale; ${failedWrites} writes failed`);
console.log(
  `token grants: ${grantsBefore401} for the 3 replicas until the forced 401; ${grantsAfter401} after it; ${totalGrants} over the whole run (replicas restarted for b and c)`,
);

interface Target {
  name: string;
  ok: boolean;
  correctness: boolean;
}
const targets: Target[] = [
  {
    name: `(a) >= 99% of reads answered with data: ${f((rowA.data / rowA.reads) * 100, 1)}%`,
    ok: rowA.data >= 0.99 * rowA.reads,
    correctness: false,
  },
  { name: `(a) p99 < 250 ms: ${f(rowA.p99)} ms`, ok: rowA.p99 < 250, correctness: false },
  {
    name: `(a) upstream calls within the budget: ${f(rowA.upstreamPerSecond, 1)}/s`,
    ok: rowA.upstreamPerSecond <= rowA.budgetPerSecond,
    correctness: false,
  },
  { name: `(a) no upstream 429 surfaced to clients: ${rowA.rateLimited} RATE_LIMITED`, ok: rowA.rateLimited === 0, correctness: false },
  { name: `(b) >= 95% of the budget used: ${f(budgetUsedB * 100, 1)}%`, ok: budgetUsedB >= 0.95, correctness: false },
  { name: `(b') >= 95% of the budget used: ${f(budgetUsedBFresh * 100, 1)}%`, ok: budgetUsedBFresh >= 0.95, correctness: false },
  {
    name: `(b') every read that cannot be served: RATE_LIMITED within 100 ms (p99): ${f(rowBFresh.rateLimitedP99)} ms (${rowBFresh.rateLimited} reads)`,
    ok: rowBFresh.rateLimitedP99 < 100,
    correctness: false,
  },
  {
    name: `(b') at most 1% of upstream calls meet a 429: ${rowBFresh.upstream429s} of ${rowBFresh.upstreamCalls}`,
    ok: rowBFresh.upstream429s <= 0.01 * Math.max(1, rowBFresh.upstreamCalls),
    correctness: false,
  },
  { name: `(b) RATE_LIMITED within 100 ms (p99): ${f(rowB.rateLimitedP99)} ms`, ok: rowB.rateLimitedP99 < 100, correctness: false },
  {
    name: `(b) at most 1% of upstream calls meet a 429: ${rowB.upstream429s} of ${rowB.upstreamCalls}`,
    ok: rowB.upstream429s <= 0.01 * Math.max(1, rowB.upstreamCalls),
    correctness: false,
  },
  { name: `1 token grant for 3 replicas: ${grantsBefore401}`, ok: grantsBefore401 === 1, correctness: true },
  {
    name: `1 grant after a forced 401: ${grantsAfter401}${forcedOk ? '' : ' (reads failed)'}`,
    ok: grantsAfter401 === 1 && forcedOk,
    correctness: true,
  },
  { name: `no other grant when replicas restart or Redis loses its keys: ${totalGrants} in all`, ok: totalGrants === 2, correctness: true },
  { name: `(c) 0 stale reads after a write, on any replica: ${stale} of ${writes}`, ok: stale === 0 && writes > 0, correctness: true },
  { name: `(d) 0 client errors caused by Redis: ${rowD.otherErrors}`, ok: rowD.otherErrors === 0, correctness: true },
  {
    name: `(e) 0 client errors after a replica died, the others go on: ${rowE.otherErrors}`,
    ok: rowE.otherErrors === 0 && rowE.data > 0,
    correctness: true,
  },
];
console.log('');
for (const t of targets) console.log(`${t.ok ? 'PASS' : 'FAIL'}  ${t.name}`);
const failed = targets.filter((t) => !t.ok);
console.log(`\n${targets.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.some((t) => t.correctness || args.strict) ? 1 : 0);
