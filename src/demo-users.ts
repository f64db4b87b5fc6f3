/**
 * The demo users of dev mode: seeded in the embedded emulator and used by GraphiQL's example tabs.
 * Ids are fixed so that the README's example stays true. Kept apart from the emulator so that the
 * production bundle, which carries the GraphiQL examples, carries no emulator code.
 */
export const DEMO_USERS = {
  alice: 'auth0|alice',
  bob: 'auth0|bob',
  carol: 'auth0|carol',
  dave: 'auth0|dave',
  erin: 'auth0|erin',
} as const;

/**
 * The emulator's fleet: FLEET_SIZE more users, `auth0|fleet00000` to `auth0|fleet09999`, for bulk
 * resets in tests and in the demo. By their number modulo 4: an SMS phone; an SMS phone and an
 * authenticator app; an authenticator app; a password alone.
 */
export const FLEET_SIZE = 10_000;
export const fleetUserId = (n: number): string => `auth0|fleet${String(n).padStart(5, '0')}`;
