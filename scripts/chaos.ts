/**
 * `npm run chaos [-- --seconds 60 --clients 16 --users 10 --clock-skew -5]`: many clients enroll,
 * rename and delete MFA methods through the gateway (a real child process) while the emulator
 * injects faults: 5xx, 429 bursts (resets ahead, now and past, stamped by a tenant clock that is
 * off ours), hung requests, and sockets dropped before and after a write is applied. At the
 * end it compares what the gateway reported with what the emulator holds and received, prints the
 * figures, and exits non-zero on any duplicate or lost write.
 *
 * Each enrollment uses a phone number of its own, so every attempt can be traced to the methods it
 * created (the emulator stores numbers unmasked) and to the POSTs that were applied for it.
 */
import { execFileSync } from 'node:child_process';
import { startNodeArgs } from './start-command.js';
import { peakRssMb, spawnProcess, waitForOutput } from './processes.js';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Emulator } from '../src/emulator/server.js';
import type { FaultRates } from '../src/emulator/faults.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '16' },
    users: { type: 'string', default: '10' },
    'clock-skew': { type: 'string', default: '-5' },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const USERS = Number(args.users);
/** The tenant's clock against ours, in seconds: its Date and rate-limit resets are stamped by it. */
const CLOCK_SKEW_SECONDS = Number(args['clock-skew']);
const AUDIENCE = 'https://chaos.test/api';
const FAULT_RATES: FaultRates = {
  'status-5xx': 0.04,
  'rate-limit': 0.03,
  hang: 0.01,
  'drop-before': 0.02,
  'drop-after': 0.03,
  'bad-body': 0.01,
};

type Outcome = 'success' | 'outcomeUnknown' | 'failed' | 'gatewayError';

interface Attempt {
  kind: 'enroll' | 'rename' | 'delete';
  userId: string;
  phoneNumber?: string;
  methodId?: string;
  name?: string;
  outcome: Outcome;
  detail: string;
}

const emulator = await Emulator.start({ latencyMs: 2, rateLimit: { burst: 200, perSecond: 400 }, clockSkewSeconds: CLOCK_SKEW_SECONDS });
const userIds = Array.from({ length: USERS }, (_, i) => `chaos|user${i}`);
for (const id of userIds) emulator.store.setUser(id, []);

// The gateway as production runs it: the bundle `npm start` builds.
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const gateway = spawnProcess(process.execPath, startNodeArgs(), {
  cwd: root,
  env: {
    PORT: '0',
    LOG_LEVEL: 'error',
    ...emulator.tenantVariables(AUDIENCE),
    UPSTREAM_TIMEOUT_MS: '800',
    UPSTREAM_MAX_WAIT_MS: '4000',
  },
});
const url = (await waitForOutput(gateway, /GraphQL: (\S+)/))[1]!;
gateway.forgetOutput();
// Errors the gateway logs during the run are shown as they come.
gateway.stderr.pipe(process.stderr);
const token = await emulator.mintCallerToken({
  sub: 'chaos|admin',
  audience: AUDIENCE,
  permissions: [
    'read:authentication_methods',
    'create:authentication_methods',
    'update:authentication_methods',
    'delete:authentication_methods',
  ],
  expiresInSeconds: SECONDS + 600,
});
emulator.faults.configure({ rates: FAULT_RATES });

async function graphql(query: string, variables: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const RESULT = `__typename ... on Error { code } ... on UpstreamUnavailableError { outcomeUnknown }`;
function classify(status: number, result: any): { outcome: Outcome; detail: string } {
  if (status >= 500 || !result) return { outcome: 'gatewayError', detail: `HTTP ${status}` };
  if (String(result.__typename).endsWith('Success')) return { outcome: 'success', detail: result.__typename };
  if (result.outcomeUnknown) return { outcome: 'outcomeUnknown', detail: result.code };
  return { outcome: 'failed', detail: result.code ?? result.__typename };
}

const attempts: Attempt[] = [];
/** Methods reported created and not being worked on: each method is touched by one client at a time. */
const idle = new Map<string, string[]>(userIds.map((id) => [id, []]));
let phoneCounter = 0;
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

async function step(): Promise<void> {
  const userId = pick(userIds);
  const pool = idle.get(userId)!;
  const roll = Math.random();
  // Enroll while the user has room (the API allows 10 phones each), else rename or delete.
  if (pool.length === 0 || (roll < 0.45 && pool.length < 6)) {
    // Numbers share their last four digits in groups, as different people's numbers do: a masked
    // read (last 4 digits) cannot tell them apart.
    phoneCounter += 1;
    const phoneNumber = `+1415${String(500 + Math.floor(phoneCounter / 10)).padStart(3, '0')}${String(1000 + (phoneCounter % 10)).padStart(4, '0')}`;
    const { status, body } = await graphql(
      `mutation ($input: EnrollSmsInput!) { enrollSms(input: $input) { ${RESULT} ... on EnrollSmsSuccess { method { id } } } }`,
      { input: { userId, phoneNumber } },
    );
    const result = body?.data?.enrollSms;
    const { outcome, detail } = classify(status, result);
    attempts.push({ kind: 'enroll', userId, phoneNumber, outcome, detail, methodId: result?.method?.id });
    if (outcome === 'success') pool.push(result.method.id);
    return;
  }
  const methodId = pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!;
  if (roll < 0.75) {
    const name = `n${Math.floor(Math.random() * 1e6)}`;
    const { status, body } = await graphql(`mutation ($input: UpdateMethodInput!) { updateMethod(input: $input) { ${RESULT} } }`, {
      input: { userId, methodId, name },
    });
    attempts.push({ kind: 'rename', userId, methodId, name, ...classify(status, body?.data?.updateMethod) });
    pool.push(methodId);
    return;
  }
  const { status, body } = await graphql(`mutation ($input: DeleteMethodInput!) { deleteMethod(input: $input) { ${RESULT} } }`, {
    input: { userId, methodId },
  });
  const classified = classify(status, body?.data?.deleteMethod);
  attempts.push({ kind: 'delete', userId, methodId, ...classified });
  if (classified.outcome !== 'success') pool.push(methodId);
}

const started = Date.now();
const stopAt = started + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < stopAt) await step();
  }),
);
const elapsed = (Date.now() - started) / 1000;
emulator.faults.clear();

// --- compare what was reported with what the tenant holds and received ---------------------------
const stored = new Map(userIds.map((id) => [id, emulator.store.methods(id) ?? []]));
const storedById = new Map([...stored.values()].flat().map((m) => [m.id, m]));
const storedByPhone = new Map<string, number>();
for (const m of [...stored.values()].flat()) {
  if (m.phone_number) storedByPhone.set(m.phone_number, (storedByPhone.get(m.phone_number) ?? 0) + 1);
}
const requests = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as Array<{
  method: string;
  body: any;
  status: number;
  fault?: string;
}>;
const appliedPosts = new Map<string, number>();
for (const r of requests) {
  const applied = r.method === 'POST' && (r.status === 201 || (r.fault === 'drop-after' && r.status === 201));
  if (applied && r.body?.phone_number) appliedPosts.set(r.body.phone_number, (appliedPosts.get(r.body.phone_number) ?? 0) + 1);
}

const deletedOk = new Set(attempts.filter((a) => a.kind === 'delete' && a.outcome === 'success').map((a) => a.methodId));
const deleteUnknown = new Set(attempts.filter((a) => a.kind === 'delete' && a.outcome === 'outcomeUnknown').map((a) => a.methodId));
let duplicates = 0;
let reportedDoneButMissing = 0;
let reportedFailedButPresent = 0;
const problems: string[] = [];
for (const a of attempts.filter((x) => x.kind === 'enroll')) {
  const appliedCount = appliedPosts.get(a.phoneNumber!) ?? 0;
  const present = storedByPhone.get(a.phoneNumber!) ?? 0;
  if (appliedCount > 1 || present > 1) {
    duplicates += 1;
    problems.push(`duplicate enrollment for ${a.phoneNumber} (${appliedCount} POSTs applied)`);
  }
  if (a.outcome === 'success' && !storedById.has(a.methodId!) && !deletedOk.has(a.methodId) && !deleteUnknown.has(a.methodId)) {
    reportedDoneButMissing += 1;
    problems.push(`enrollment ${a.methodId} reported done but missing`);
  }
  // The method reported must be the one this enrollment asked for, not another number's.
  const reported = a.outcome === 'success' ? storedById.get(a.methodId!) : undefined;
  if (reported && reported.phone_number !== a.phoneNumber) {
    reportedDoneButMissing += 1;
    problems.push(`enrollment of ${a.phoneNumber} reported as ${a.methodId}, which holds ${reported.phone_number}`);
  }
  if (a.outcome === 'success' && appliedCount === 0) {
    reportedDoneButMissing += 1;
    problems.push(`enrollment of ${a.phoneNumber} reported done, but no POST for it was applied`);
  }
  if (a.outcome === 'failed' && appliedCount > 0) {
    reportedFailedButPresent += 1;
    problems.push(`enrollment for ${a.phoneNumber} reported failed (${a.detail}) but applied`);
  }
}
for (const a of attempts.filter((x) => x.kind === 'delete')) {
  if (a.outcome === 'success' && storedById.has(a.methodId!)) {
    reportedDoneButMissing += 1;
    problems.push(`delete of ${a.methodId} reported done but the method is still there`);
  }
  if (a.outcome === 'failed' && !storedById.has(a.methodId!) && !deletedOk.has(a.methodId) && !deleteUnknown.has(a.methodId)) {
    reportedFailedButPresent += 1;
    problems.push(`delete of ${a.methodId} reported failed (${a.detail}) but applied`);
  }
}
// The last reported rename of a method that still exists must be its name, unless a later one is unknown.
const lastRename = new Map<string, Attempt[]>();
for (const a of attempts.filter((x) => x.kind === 'rename')) lastRename.set(a.methodId!, [...(lastRename.get(a.methodId!) ?? []), a]);
for (const [methodId, renames] of lastRename) {
  const method = storedById.get(methodId);
  const lastSuccess = renames.map((r) => r.outcome).lastIndexOf('success');
  if (!method || lastSuccess < 0 || renames.slice(lastSuccess + 1).some((r) => r.outcome !== 'failed')) continue;
  if (method.name !== renames[lastSuccess]!.name) {
    reportedDoneButMissing += 1;
    problems.push(`rename of ${methodId} to ${renames[lastSuccess]!.name} reported done, name is ${method.name}`);
  }
}

const byOutcome: Record<string, number> = {};
for (const a of attempts) {
  const key = `${a.kind} ${a.outcome}${a.outcome === 'failed' ? ` ${a.detail}` : ''}`;
  byOutcome[key] = (byOutcome[key] ?? 0) + 1;
}
const faults = requests
  .filter((r) => r.fault)
  .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.fault!]: (acc[r.fault!] ?? 0) + 1 }), {});
const gatewayErrors = attempts.filter((a) => a.outcome === 'gatewayError').length;

console.log(
  `chaos: ${elapsed.toFixed(1)} s, ${CLIENTS} clients, ${USERS} users, tenant clock ${CLOCK_SKEW_SECONDS} s off, fault rates ${JSON.stringify(FAULT_RATES)}`,
);
console.log(
  `requests to the gateway: ${attempts.length} (${(attempts.length / elapsed).toFixed(1)}/s); upstream requests: ${requests.length}; faults injected: ${JSON.stringify(faults)}`,
);
console.log('outcomes:');
for (const [key, count] of Object.entries(byOutcome).sort()) console.log(`  ${key.padEnd(40)} ${count}`);
console.log(`duplicates found:                 ${duplicates}`);
console.log(`writes reported done but missing: ${reportedDoneButMissing}`);
console.log(`writes reported failed but present: ${reportedFailedButPresent}`);
console.log(`gateway 5xx:                      ${gatewayErrors}`);
// The kernel keeps the process's peak (VmHWM): read once, before it exits.
console.log(`gateway peak RSS:                 ${peakRssMb(gateway.pid!).toFixed(1)} MB`);
for (const problem of problems.slice(0, 20)) console.log(`  ! ${problem}`);

gateway.kill('SIGTERM');
await new Promise((r) => gateway.once('exit', r));
await emulator.close();
process.exit(duplicates > 0 || reportedDoneButMissing > 0 || reportedFailedButPresent > 0 ? 1 : 0);
