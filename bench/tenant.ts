import { start } from '../scripts/processes.js';
import { EMULATOR_DEFAULTS } from '../src/emulator/server.js';
import { requestGrant } from '../src/upstream/token.js';
import { createUpstreamFetch } from '../src/upstream/transport.js';

/** The emulator as the bench's tenant: its own process, steered through its admin API. */
export interface BenchTenant {
  url: string;
  pid: number;
  kill(): void;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  settings(body: unknown): Promise<Response>;
  stats(): Promise<{ grants: number; apiRequests: number; maxInFlight: number }>;
  /** A Management API token, from the tenant's own client-credentials grant. */
  managementToken(): Promise<string>;
  /** A caller's token (read permission) for the gateway's audience. */
  callerToken(sub: string, audience: string): Promise<string>;
  /** Users holding a phone, an OTP app and an email each, as a typical account does. */
  seedUsers(userIds: string[]): Promise<void>;
}

export async function startTenant(): Promise<BenchTenant> {
  const emulator = await start(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/main.ts'],
    // No tenant limit while measuring throughput; the rate-budget phase sets one.
    { EMULATOR_PORT: '0', EMULATOR_RATE_LIMIT_BURST: '1000000000', EMULATOR_RATE_LIMIT_PER_SECOND: '1000000000' },
    /listening on (\S+)/,
  );
  const url = emulator.match[1]!;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/__emulator/${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
  return {
    url,
    pid: emulator.child.pid!,
    kill: () => emulator.child.kill('SIGTERM'),
    admin,
    settings: (body) => admin('PATCH', 'settings', body),
    stats: async () => (await (await admin('GET', 'stats')).json()) as { grants: number; apiRequests: number; maxInFlight: number },
    managementToken: async () =>
      (
        await requestGrant(
          {
            baseUrl: url,
            clientId: EMULATOR_DEFAULTS.clientId,
            clientSecret: EMULATOR_DEFAULTS.clientSecret,
            audience: `https://${EMULATOR_DEFAULTS.domain}/api/v2/`,
          },
          createUpstreamFetch(10_000),
        )
      ).accessToken,
    callerToken: async (sub, audience) => {
      const response = await admin('POST', 'caller-tokens', {
        sub,
        audience,
        permissions: ['read:authentication_methods'],
        expiresInSeconds: 7200,
      });
      return ((await response.json()) as { token: string }).token;
    },
    seedUsers: async (userIds) => {
      for (const id of userIds) {
        await admin('PUT', `users/${encodeURIComponent(id)}`, {
          methods: [
            {
              id: `phone|dev_${id.slice(-3)}Phone0000000`,
              type: 'phone',
              phone_number: '+14155550100',
              preferred_authentication_method: 'sms',
              authentication_methods: [{ id: `sms|dev_${id.slice(-3)}Phone0000000`, type: 'sms' }],
              confirmed: true,
              created_at: '2026-01-01T00:00:00.000Z',
            },
            { id: `totp|dev_${id.slice(-3)}Totp00000000`, type: 'totp', confirmed: true, created_at: '2026-01-02T00:00:00.000Z' },
            {
              id: `email|dev_${id.slice(-3)}Email0000000`,
              type: 'email',
              email: 'someone@example.com',
              confirmed: true,
              created_at: '2026-01-03T00:00:00.000Z',
            },
          ],
        });
      }
    },
  };
}
