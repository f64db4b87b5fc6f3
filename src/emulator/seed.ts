import { DEMO_USERS, FLEET_SIZE, fleetUserId } from '../demo-users.js';
import type { StoredMethod, Store } from './store.js';

const at = (iso: string) => new Date(iso).toISOString();

/**
 * Demo users that between them hold every method type the API reads, plus one type the gateway
 * does not know yet, so GraphiQL shows every concrete type and the OtherMethod fallback.
 */
export function demoUsers(): Record<string, StoredMethod[]> {
  return {
    [DEMO_USERS.alice]: [
      {
        id: 'phone|dev_AlicePhone000001',
        type: 'phone',
        name: 'Work phone',
        phone_number: '+14155550100',
        preferred_authentication_method: 'sms',
        authentication_methods: [{ id: 'sms|dev_AlicePhone000001', type: 'sms' }],
        confirmed: true,
        created_at: at('2026-01-10T09:00:00.000Z'),
        last_auth_at: at('2026-11-20T08:30:00.000Z'),
      },
      {
        id: 'totp|dev_AliceTotp0000001',
        type: 'totp',
        name: 'Authenticator',
        totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        confirmed: true,
        created_at: at('2026-02-01T10:00:00.000Z'),
      },
      {
        id: 'webauthn-roaming|dev_AliceKey00000001',
        type: 'webauthn-roaming',
        name: 'YubiKey 5C',
        key_id: 'a2V5LWlkLWFsaWNlLXl1YmlrZXk',
        public_key: 'pQECAyYgASFYIGV4YW1wbGUtcHVibGljLWtleS14LWNvb3JkIlggZXhhbXBsZQ',
        relying_party_identifier: 'login.example.com',
        confirmed: true,
        created_at: at('2026-03-05T12:00:00.000Z'),
        last_auth_at: at('2026-11-01T07:00:00.000Z'),
      },
      {
        id: 'recovery-code|dev_AliceRecovery001',
        type: 'recovery-code',
        confirmed: true,
        created_at: at('2026-01-10T09:01:00.000Z'),
      },
      {
        id: 'push|dev_AlicePush00000001',
        type: 'push',
        name: 'Pixel 9',
        confirmed: true,
        created_at: at('2026-04-02T15:00:00.000Z'),
      },
    ],
    [DEMO_USERS.bob]: [
      {
        id: 'email|dev_BobEmail00000001',
        type: 'email',
        name: 'Email Factor',
        email: 'bob.builder@example.com',
        confirmed: true,
        created_at: at('2026-05-12T11:00:00.000Z'),
      },
    ],
    [DEMO_USERS.carol]: [
      {
        id: 'phone|dev_CarolPhone00001',
        type: 'phone',
        name: 'Landline',
        phone_number: '+442071838750',
        preferred_authentication_method: 'voice',
        authentication_methods: [{ id: 'voice|dev_CarolPhone00001', type: 'voice' }],
        confirmed: true,
        created_at: at('2026-06-01T08:00:00.000Z'),
      },
      {
        id: 'webauthn-platform|dev_CarolTouchId001',
        type: 'webauthn-platform',
        name: 'Touch ID',
        key_id: 'Y2Fyb2wtdG91Y2gtaWQ',
        public_key: 'pQECAyYgASFYIGNhcm9sLXB1YmxpYy1rZXk',
        relying_party_identifier: 'login.example.com',
        confirmed: true,
        created_at: at('2026-06-02T08:00:00.000Z'),
      },
      {
        id: 'passkey|dev_CarolPasskey0001',
        type: 'passkey',
        name: 'iCloud Keychain',
        key_id: 'Y2Fyb2wtcGFzc2tleQ',
        public_key: 'pQECAyYgASFYIGNhcm9sLXBhc3NrZXk',
        relying_party_identifier: 'login.example.com',
        credential_device_type: 'multi_device',
        credential_backed_up: true,
        identity_user_id: '6578696d706c65',
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15',
        user_handle: 'Y2Fyb2wtaGFuZGxl',
        transports: ['internal', 'hybrid'],
        aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
        confirmed: true,
        created_at: at('2026-06-03T08:00:00.000Z'),
      },
      {
        id: 'password|dev_CarolPassword001',
        type: 'password',
        confirmed: true,
        created_at: at('2025-12-24T18:00:00.000Z'),
      },
      {
        id: 'email-verification|dev_CarolEmailVer01',
        type: 'email-verification',
        email: 'carol@example.org',
        confirmed: true,
        created_at: at('2025-12-24T18:00:00.000Z'),
      },
    ],
    [DEMO_USERS.dave]: [
      {
        id: 'guardian|dev_DaveGuardian0001',
        type: 'guardian',
        name: 'Guardian app',
        confirmed: false,
        created_at: at('2026-07-07T07:07:07.000Z'),
      },
      {
        // A type Auth0 might add tomorrow: the gateway must carry it as OtherMethod.
        id: 'magic-link|dev_DaveMagicLink001',
        type: 'magic-link',
        name: 'Magic link',
        confirmed: true,
        created_at: at('2026-08-08T08:08:08.000Z'),
      },
    ],
    [DEMO_USERS.erin]: [],
  };
}

/** Fleet user `n`'s methods (demo-users.ts says which). */
function fleetMethods(n: number): StoredMethod[] {
  const suffix = String(n).padStart(5, '0');
  const created_at = at('2026-09-01T09:00:00.000Z');
  const phone: StoredMethod = {
    id: `phone|dev_Fleet${suffix}Phone`,
    type: 'phone',
    phone_number: `+1415555${String(n).padStart(4, '0')}`,
    preferred_authentication_method: 'sms',
    authentication_methods: [{ id: `sms|dev_Fleet${suffix}Phone`, type: 'sms' }],
    confirmed: true,
    created_at,
  };
  const totp: StoredMethod = { id: `totp|dev_Fleet${suffix}Totp`, type: 'totp', confirmed: true, created_at };
  const password: StoredMethod = { id: `password|dev_Fleet${suffix}Password`, type: 'password', confirmed: true, created_at };
  return [[phone], [phone, totp], [totp], [password]][n % 4]!;
}

export function seed(store: Store): void {
  store.clear();
  for (const [userId, methods] of Object.entries(demoUsers())) store.setUser(userId, methods);
  for (let n = 0; n < FLEET_SIZE; n += 1) store.setUser(fleetUserId(n), fleetMethods(n));
}
