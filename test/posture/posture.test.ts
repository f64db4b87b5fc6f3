import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const at = (day: number) => `2026-0${day}-01T00:00:00.000Z`;
const method = (type: string, extra: Record<string, unknown> = {}) => ({
  id: `${type}|dev_${Math.random().toString(36).slice(2, 12)}`,
  type,
  confirmed: true,
  created_at: at(1),
  ...extra,
});

const POSTURE = `query ($u: ID!) {
  mfaPosture(userId: $u) { strength enrolled phishingResistant factorTypes hasRecoveryCode lastUsedAt }
}`;

async function postureOf(methods: Array<Record<string, unknown>>) {
  const userId = `auth0|posture-${Math.random().toString(36).slice(2)}`;
  await stack.admin('PUT', `users/${encodeURIComponent(userId)}`, { methods });
  const { body } = await stack.graphql(POSTURE, { u: userId });
  expect(body.errors).toBeUndefined();
  return (body.data as { mfaPosture: Record<string, unknown> }).mfaPosture;
}

describe('MfaPosture', () => {
  it.each([
    ['nothing', [], 'NONE'],
    ['a recovery code alone', [method('recovery-code')], 'NONE'],
    ['a password and email verification', [method('password'), method('email-verification')], 'NONE'],
    ['SMS', [method('phone', { phone_number: '+14155550100', preferred_authentication_method: 'sms' })], 'WEAK'],
    ['email', [method('email', { email: 'a@example.com' })], 'WEAK'],
    ['an OTP app and SMS', [method('totp'), method('phone', { phone_number: '+14155550100' })], 'STRONG'],
    ['push', [method('push')], 'STRONG'],
    ['guardian', [method('guardian')], 'STRONG'],
    ['a security key and an OTP app', [method('webauthn-roaming'), method('totp')], 'PHISHING_RESISTANT'],
    ['a platform authenticator', [method('webauthn-platform')], 'PHISHING_RESISTANT'],
    ['a passkey', [method('passkey')], 'PHISHING_RESISTANT'],
    ['an OTP app never confirmed', [method('totp', { confirmed: false })], 'NONE'],
    ['a type not known yet', [method('smart-card')], 'NONE'],
  ])('%s: %s', async (_name, methods, strength) => {
    const posture = await postureOf(methods);
    expect(posture.strength).toBe(strength);
    expect(posture.enrolled).toBe(strength !== 'NONE');
    expect(posture.phishingResistant).toBe(strength === 'PHISHING_RESISTANT');
  });

  it('lists each type held once, in the enum order; says whether a recovery code is held; takes the latest use of any method', async () => {
    const posture = await postureOf([
      method('totp', { last_auth_at: at(3) }),
      method('recovery-code'),
      method('phone', { phone_number: '+14155550100', last_auth_at: at(2) }),
      method('password', { last_auth_at: at(5) }),
      method('totp', { last_auth_at: at(4) }),
    ]);
    expect(posture).toEqual({
      strength: 'STRONG',
      enrolled: true,
      phishingResistant: false,
      factorTypes: ['PHONE', 'TOTP', 'RECOVERY_CODE', 'PASSWORD'],
      hasRecoveryCode: true,
      lastUsedAt: at(5),
    });
    expect((await postureOf([method('totp')])).lastUsedAt).toBeNull();
  });

  it('needs the permission to read methods (or to be the user, self-service)', async () => {
    const userId = 'auth0|posture-owner';
    await stack.admin('PUT', `users/${encodeURIComponent(userId)}`, { methods: [method('totp')] });
    const stranger = await stack.token({ sub: 'auth0|stranger', permissions: [] });
    const refused = await stack.graphql(POSTURE, { u: userId }, { token: stranger });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const owner = await stack.token({ sub: userId, permissions: [] });
    const own = await stack.graphql(POSTURE, { u: userId }, { token: owner });
    expect(own.body.errors).toBeUndefined();
  });

  it('on User through _entities: 50 users cost 50 GETs at most, however many fields ask', async () => {
    const users = Array.from({ length: 50 }, (_, i) => `auth0|posture-page-${i}`);
    for (const id of users) await stack.admin('PUT', `users/${encodeURIComponent(id)}`, { methods: [method('totp')] });
    await stack.resetUpstreamLog();
    const { body } = await stack.graphql(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id mfaPosture { strength } authenticationMethods { id } } } }`,
      { r: users.map((id) => ({ __typename: 'User', id })) },
    );
    expect(body.errors).toBeUndefined();
    expect(
      (body.data as { _entities: Array<{ mfaPosture: { strength: string } }> })._entities.every((u) => u.mfaPosture.strength === 'STRONG'),
    ).toBe(true);
    expect((await stack.upstreamRequests()).length).toBeLessThanOrEqual(50);
  });
});
