/**
 * `npm run abuse [-- --seconds 5 --gateway-dir DIR]`: attacks a production-mode gateway (the
 * bundle `npm start` runs, as a child process) the way a hostile or careless caller would, one
 * attack at a time, while a well-behaved client keeps reading. Per attack it prints the requests
 * sent, the gateway's peak RSS (from /proc), whether it stayed up, and the well-behaved client's
 * answers, failures and p99; then `N passed, M failed`, and exits non-zero on any failure.
 *
 * An attack passes when the gateway stays up, its RSS stays under 200 MB, and every well-behaved
 * request is answered without error. `--gateway-dir` runs the same attacks against another
 * checkout (for a before/after comparison).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Emulator } from '../src/emulator/server.js';
import { FLEET_SIZE, fleetUserId } from '../src/demo-users.js';
import { rssMb, start } from './processes.js';
import { buildBundle, startNodeArgs } from './start-command.js';

const AUDIENCE = 'https://abuse.test/api';
const RSS_LIMIT_MB = 200;
const READ = 'read:authentication_methods';
const ALL = [READ, 'create:authentication_methods', 'update:authentication_methods', 'delete:authentication_methods'];
const ATTACKER = 'auth0|attacker';

export interface AttackReport {
  attack: string;
  sent: number;
  statuses: Record<string, number>;
  peakRssMb: number;
  up: boolean;
  wellBehaved: { answered: number; failed: number; p99Ms: number };
  passed: boolean;
}

/** POSTs `body` as JSON to /graphql, or to `path`; resolves with the HTTP status (0: no answer). */
type Send = (body: unknown, headers?: Record<string, string>, path?: string) => Promise<number>;

interface Attack {
  name: string;
  /** Concurrent attacker loops. */
  concurrency: number;
  /** One attacking request; resolves with its HTTP status. */
  step: (send: Send, tokens: Tokens, n: number) => Promise<number>;
  /** A further condition, checked after the attack. */
  check?: (gatewayUrl: string, wellBehavedName: string) => Promise<string | null>;
}

interface Tokens {
  admin: string;
  reader: string;
  attacker: string;
  /** Another reader: the well-behaved client's own operation names are not its to use up. */
  cycler: string;
}

const junk = (bytes: number) => 'x'.repeat(bytes);
const LOG_STREAM_TOKEN = 'abuse-log-stream-token-0123456789';

const ATTACKS: Attack[] = [
  {
    name: 'mutation repeating one root field 280 times, 84 kB userId (no token, bogus token, admin token)',
    concurrency: 4,
    step: (send, tokens, n) => {
      const fields = Array.from({ length: 280 }, () => 'deleteAllMethods(input: { userId: $u }) { __typename }').join(' ');
      const headers: Record<string, string> = [{}, { authorization: 'Bearer a.b.c' }, { authorization: `Bearer ${tokens.admin}` }][n % 3]!;
      const userId = n % 3 === 2 ? 'auth0|nobody' : junk(84_000);
      return send({ query: `mutation ($u: ID!) { ${fields} }`, variables: { u: userId } }, headers);
    },
  },
  {
    name: 'distinct anonymous documents of ~3,000 tokens',
    concurrency: 4,
    step: (send, _tokens, n) => send({ query: `query Q${n} { ${'__typename '.repeat(2_990)} }` }, { authorization: 'Bearer a.b.c' }),
  },
  {
    name: "self-service _entities with 2,400 copies of the caller's own id (long security keys)",
    concurrency: 2,
    step: (send, tokens, n) => {
      const copies = n % 2 ? 2_400 : 100;
      return send(
        {
          query:
            'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id ... on WebAuthnRoamingMethod { publicKey keyId } } } } }',
          variables: { r: Array.from({ length: copies }, () => ({ __typename: 'User', id: ATTACKER })) },
        },
        { authorization: `Bearer ${tokens.attacker}` },
      );
    },
  },
  {
    name: '_entities with 2,400 malformed representations (an array as id)',
    concurrency: 4,
    step: (send, tokens, n) =>
      send(
        {
          query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }',
          variables: { r: Array.from({ length: n % 2 ? 2_400 : 100 }, () => ({ __typename: 'User', id: ['a', 'b'] })) },
        },
        { authorization: `Bearer ${tokens.admin}` },
      ),
  },
  {
    name: 'reader fan-out: _entities for many distinct users',
    concurrency: 4,
    step: (send, tokens, n) =>
      send(
        {
          query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { authenticationMethods { id } } } }',
          variables: { r: Array.from({ length: n % 4 ? 100 : 2_400 }, (_, i) => ({ __typename: 'User', id: `auth0|fan${n}-${i}` })) },
        },
        { authorization: `Bearer ${tokens.reader}` },
      ),
  },
  {
    // Each a new document that passes every limit, so each is validated, kept and in turn compiled
    // (graphql-jit, at most one a second): the costliest path a document can take.
    name: 'a reader cycling through distinct valid documents, 30 aliased reads with every field',
    concurrency: 4,
    step: (send, tokens, n) => send({ query: distinctReadDocument(n) }, { authorization: `Bearer ${tokens.cycler}` }),
  },
  {
    name: '500 kB bulk-reset requests: a made-up token (413 past 100 kB), a valid token without the permission (FORBIDDEN)',
    concurrency: 4,
    step: (send, tokens, n) =>
      send(
        {
          query: 'mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { __typename } }',
          variables: {
            input: { userIds: Array.from({ length: 10_000 }, (_, i) => `google-oauth2|10987654321098765432${i}`), reason: junk(40_000) },
          },
        },
        { authorization: n % 2 ? 'Bearer a.b.c' : `Bearer ${tokens.attacker}` },
      ),
  },
  {
    name: 'log stream: 1 MB deliveries with a wrong token, and 5,000 events a delivery with the right one',
    concurrency: 4,
    step: (send, _tokens, n) =>
      n % 2
        ? send([{ log_id: junk(1_000_000) }], { authorization: 'Bearer wrong-token-0123456789' }, '/hooks/auth0-log-stream')
        : send(
            Array.from({ length: 5_000 }, (_, i) => ({ log_id: `abuse-${n}-${i}`, type: 'gd_unenroll', user_id: `auth0|flood-${n}-${i}` })),
            { authorization: `Bearer ${LOG_STREAM_TOKEN}` },
            '/hooks/auth0-log-stream',
          ),
  },
  {
    name: 'anonymous `query JunkN { __typename }` filling the metric labels',
    concurrency: 4,
    step: (send, _tokens, n) => send({ query: `query Junk${n} { __typename }` }),
    check: async (url, wellBehavedName) => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      return metrics.includes(`operation="${wellBehavedName}"`) ? null : `the well-behaved ${wellBehavedName} is not named in /metrics`;
    },
  },
  {
    // Last: the jobs it starts go on in the background after it.
    name: 'bulk resets of all 10,000 fleet users, started and read as fast as an admin can',
    concurrency: 2,
    step: (send, tokens, n) =>
      n % 2
        ? send(
            {
              query: 'mutation ($input: StartMfaResetInput!) { startMfaReset(input: $input) { __typename } }',
              variables: { input: { userIds: FLEET, dryRun: true, reason: `abuse ${n}` } },
            },
            { authorization: `Bearer ${tokens.admin}` },
          )
        : send(
            {
              query: `query ($id: ID!) { mfaResetJob(id: $id) { state processed results(first: 100) { edges { node { userId } } } } }`,
              variables: { id: `job-${n}` },
            },
            { authorization: `Bearer ${tokens.admin}` },
          ),
  },
];

/** Query number `n`: a document of its own, near the alias and token limits, reading every field of every method type. */
function distinctReadDocument(n: number): string {
  const fields =
    '__typename id type name confirmed createdAt lastAuthAt enrolledAt ... on PhoneMethod { phoneNumber preferredAuthenticationMethod } ' +
    '... on EmailMethod { email } ... on WebAuthnRoamingMethod { keyId publicKey relyingPartyIdentifier }';
  const reads = Array.from({ length: 30 }, (_, i) => `r${n}_${i}: authenticationMethods(userId: "auth0|alice") { ${fields} }`);
  return `query Distinct${n} { ${reads.join(' ')} }`;
}

const FLEET = Array.from({ length: FLEET_SIZE }, (_, n) => fleetUserId(n));

export const ATTACK_COUNT = ATTACKS.length;

export async function runAbuse(options: { seconds: number; bundle: string; log?: (line: string) => void }): Promise<AttackReport[]> {
  const print = options.log ?? console.log;
  const emulator = await Emulator.start({ latencyMs: 20 });
  const { child, match } = await start(
    process.execPath,
    // npm start's node flags, with the bundle of the checkout under test.
    [...startNodeArgs().filter((arg) => !arg.endsWith('.js')), options.bundle],
    {
      NODE_ENV: 'production',
      PORT: '0',
      ...emulator.tenantVariables(AUDIENCE),
      LOG_STREAM_TOKEN,
    },
    /GraphQL: (\S+)/,
  );
  const url = match[1]!;
  const gatewayUrl = url.replace(/\/graphql$/, '');
  const pid = child.pid!;
  const mint = (sub: string, permissions: string[]) =>
    emulator.mintCallerToken({ sub, audience: AUDIENCE, permissions, expiresInSeconds: 3_600 });
  const tokens: Tokens = {
    admin: await mint('auth0|abuse-admin', ALL),
    reader: await mint('auth0|abuse-reader', [READ]),
    attacker: await mint(ATTACKER, []),
    cycler: await mint('auth0|abuse-cycler', [READ]),
  };

  const send: Send = async (body, headers = {}, path = '/graphql') => {
    try {
      const response = await fetch(`${gatewayUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  };

  // The attacker's own user holds security keys with public keys as long as the API allows.
  emulator.store.setUser(ATTACKER, []);
  for (let i = 0; i < 5; i += 1) {
    await send(
      {
        query: 'mutation ($input: EnrollWebAuthnRoamingInput!) { enrollWebAuthnRoaming(input: $input) { __typename } }',
        variables: {
          input: {
            userId: ATTACKER,
            keyId: `key-${i}-${junk(1_000)}`,
            publicKey: junk(4_096),
            relyingPartyIdentifier: 'login.example.com',
          },
        },
      },
      { authorization: `Bearer ${tokens.attacker}` },
    );
  }

  const reports: AttackReport[] = [];
  for (const [index, attack] of ATTACKS.entries()) {
    // A name of its own per attack: the metrics check asks whether it got a label of its own.
    const wellBehavedName = `WellBehaved${index}`;
    const stopAt = Date.now() + options.seconds * 1_000;
    let peak = rssMb(pid);
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        // the process is gone: reported below
      }
    }, 50);
    const statuses: Record<string, number> = {};
    let sent = 0;
    const attackers = Array.from({ length: attack.concurrency }, async () => {
      while (Date.now() < stopAt && child.exitCode === null) {
        const status = await attack.step(send, tokens, sent++);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    });
    const latencies: number[] = [];
    let failed = 0;
    const wellBehaved = (async () => {
      while (Date.now() < stopAt && child.exitCode === null) {
        const started = performance.now();
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.reader}` },
            body: JSON.stringify({ query: `query ${wellBehavedName} { authenticationMethods(userId: "auth0|alice") { id } }` }),
            signal: AbortSignal.timeout(10_000),
          });
          const body = (await response.json()) as { errors?: unknown[] };
          if (response.status !== 200 || body.errors) failed += 1;
          else latencies.push(performance.now() - started);
        } catch {
          failed += 1;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await Promise.all([...attackers, wellBehaved]);
    clearInterval(sampler);
    const healthy =
      child.exitCode === null &&
      (await fetch(`${gatewayUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    const problem = healthy && attack.check ? await attack.check(gatewayUrl, wellBehavedName) : null;
    latencies.sort((a, b) => a - b);
    const p99Ms = latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!) : -1;
    const report: AttackReport = {
      attack: attack.name,
      sent,
      statuses,
      peakRssMb: Math.round(peak),
      up: healthy,
      wellBehaved: { answered: latencies.length, failed, p99Ms },
      passed: healthy && peak < RSS_LIMIT_MB && failed === 0 && latencies.length > 0 && problem === null,
    };
    reports.push(report);
    print(
      `${report.passed ? 'PASS' : 'FAIL'}  ${attack.name}\n      sent ${sent} ${JSON.stringify(statuses)}; peak RSS ${report.peakRssMb} MB; ` +
        `${healthy ? 'up' : 'DOWN'}; well-behaved ${latencies.length} answered, ${failed} failed, p99 ${p99Ms} ms${problem ? `; ${problem}` : ''}`,
    );
    if (!healthy) break;
  }
  child.kill('SIGKILL');
  await emulator.close();
  const passed = reports.filter((r) => r.passed).length;
  print(`${passed} passed, ${ATTACKS.length - passed} failed`);
  return reports;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      'gateway-dir': { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) },
    },
  });
  const reports = await runAbuse({ seconds: Number(values.seconds), bundle: buildBundle(resolve(values['gateway-dir'])) });
  process.exit(reports.length === ATTACKS.length && reports.every((r) => r.passed) ? 0 : 1);
}
