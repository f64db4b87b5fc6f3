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
