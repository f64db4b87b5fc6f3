import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { MethodByIdDocument, MethodsOfUserDocument } from '../generated/operations.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetUpstreamLog());

describe("reading a user's methods", () => {
  it('returns every field of phone, TOTP, WebAuthn roaming, recovery-code and push methods', async () => {
    const { status, body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|alice', type: null });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const byType = Object.fromEntries(body.data!.authenticationMethods.map((m) => [m.__typename, m]));
    expect(Object.keys(byType).sort()).toEqual([
      'PhoneMethod',
      'PushNotificationMethod',
      'RecoveryCodeMethod',
      'TotpMethod',
      'WebAuthnRoamingMethod',
    ]);
    expect(byType.PhoneMethod).toEqual({
      __typename: 'PhoneMethod',
      id: 'phone|dev_AlicePhone000001',
      type: 'PHONE',
      name: 'Work phone',
      confirmed: true,
      createdAt: '2026-01-10T09:00:00.000Z',
      lastAuthAt: '2026-11-20T08:30:00.000Z',
      enrolledAt: null,
      linkId: null,
      // Reads are masked upstream; the gateway passes what it gets.
      phoneNumber: 'XXXXXXXX0100',
      preferredAuthenticationMethod: 'SMS',
      authenticationMethods: [{ id: 'sms|dev_AlicePhone000001', channel: 'SMS' }],
    });
    expect(byType.TotpMethod).toMatchObject({ type: 'TOTP', name: 'Authenticator', confirmed: true, lastAuthAt: null });
    expect(byType.WebAuthnRoamingMethod).toMatchObject({
      type: 'WEBAUTHN_ROAMING',
      keyId: 'a2V5LWlkLWFsaWNlLXl1YmlrZXk',
      publicKey: 'pQECAyYgASFYIGV4YW1wbGUtcHVibGljLWtleS14LWNvb3JkIlggZXhhbXBsZQ',
      relyingPartyIdentifier: 'login.example.com',
    });
    expect(byType.RecoveryCodeMethod).toMatchObject({ type: 'RECOVERY_CODE', name: null });
    expect(byType.PushNotificationMethod).toMatchObject({ type: 'PUSH_NOTIFICATION', name: 'Pixel 9' });
  });

  it('returns email, voice phone, WebAuthn platform, passkey, password and email-verification methods', async () => {
    const bob = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|bob', type: null });
    expect(bob.body.data!.authenticationMethods).toEqual([
      expect.objectContaining({ __typename: 'EmailMethod', type: 'EMAIL', email: 'bob.*******@exam*******' }),
    ]);
    const carol = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|carol', type: null });
    const byType = Object.fromEntries(carol.body.data!.authenticationMethods.map((m) => [m.__typename, m]));
    expect(byType.PhoneMethod).toMatchObject({ preferredAuthenticationMethod: 'VOICE', phoneNumber: 'XXXXXXXXX8750' });
    expect(byType.WebAuthnPlatformMethod).toMatchObject({ type: 'WEBAUTHN_PLATFORM', keyId: 'Y2Fyb2wtdG91Y2gtaWQ' });
    expect(byType.PasskeyMethod).toEqual(
      expect.objectContaining({
        type: 'PASSKEY',
        credentialDeviceType: 'multi_device',
        credentialBackedUp: true,
        identityUserId: '6578696d706c65',
        userAgent: expect.stringContaining('Safari'),
        userHandle: 'Y2Fyb2wtaGFuZGxl',
        transports: ['internal', 'hybrid'],
        aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
        relyingPartyIdentifier: 'login.example.com',
      }),
    );
    expect(byType.PasswordMethod).toMatchObject({ type: 'PASSWORD' });
    expect(byType.EmailVerificationMethod).toMatchObject({ type: 'EMAIL_VERIFICATION', email: 'caro*@exam*******' });
  });

  it('carries a type it does not know as OtherMethod with the raw type, next to known ones', async () => {
    const { body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|dave', type: null });
    expect(body.errors).toBeUndefined();
    expect(body.data!.authenticationMethods.map((m) => [m.__typename, m.type, 'rawType' in m ? m.rawType : undefined])).toEqual([
      ['GuardianMethod', 'GUARDIAN', undefined],
      ['OtherMethod', 'OTHER', 'magic-link'],
    ]);
  });

  it('filters by type, OTHER included, with one upstream call', async () => {
    const { body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|dave', type: ['OTHER'] });
    expect(body.data!.authenticationMethods.map((m) => m.id)).toEqual(['magic-link|dev_DaveMagicLink001']);
    const alice = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|alice', type: ['PHONE', 'TOTP'] });
    expect(alice.body.data!.authenticationMethods.map((m) => m.type).sort()).toEqual(['PHONE', 'TOTP']);
  });

  it('answers an empty list for a user without methods', async () => {
    const { body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|erin', type: null });
    expect(body).toEqual({ data: { authenticationMethods: [] } });
  });

  it('answers null for an absent method and the method for a present one', async () => {
    const absent = await stack.graphql(MethodByIdDocument, { userId: 'auth0|alice', id: 'totp|dev_doesNotExist0000' });
    expect(absent.body).toEqual({ data: { authenticationMethod: null } });
    const present = await stack.graphql(MethodByIdDocument, { userId: 'auth0|alice', id: 'totp|dev_AliceTotp0000001' });
    expect(present.body.data!.authenticationMethod).toMatchObject({ __typename: 'TotpMethod', name: 'Authenticator' });
  });

  it('reports an unknown user as USER_NOT_FOUND', async () => {
    for (const document of [MethodsOfUserDocument, MethodByIdDocument]) {
      const { status, body } = await stack.graphql(document, { userId: 'auth0|nobody', id: 'x', type: null });
      expect(status).toBe(200);
      expect(Object.values(body.data ?? {}).every((value) => value === null)).toBe(true);
      expect(body.errors).toEqual([
        expect.objectContaining({ message: 'The user does not exist.', extensions: { code: 'USER_NOT_FOUND' } }),
      ]);
    }
  });

  it('sends ids percent-encoded, so an id cannot reach another endpoint', async () => {
    await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|a/b?c#d%e', type: null });
    const [request] = await stack.upstreamRequests();
    expect(request!.path).toBe('/api/v2/users/auth0%7Ca%2Fb%3Fc%23d%25e/authentication-methods');
    expect(request!.query).toBe('?include_totals=true&per_page=100&page=0');
  });
});

describe('an upstream answer that drifts from the reference', () => {
  it('degrades missing or malformed fields to null and skips entries without an id', async () => {
    await stack.admin('PUT', `users/${encodeURIComponent('auth0|drift')}`, {
      methods: [
        { id: 'phone|dev_drift00000000001', type: 'phone', created_at: 'not a date', confirmed: 'yes', authentication_methods: ['sms'] },
        { type: 'totp', name: 'no id' },
        {
          id: 'webauthn-roaming|dev_camel000000001',
          type: 'webauthn-roaming',
          keyId: 'camel-key',
          publicKey: 'pk',
          relyingPartyIdentifier: 'rp',
        },
        { id: 'future|dev_new0000000000001', type: 'quantum-token', brand_new_field: { nested: true } },
        { id: 'weird|dev_notype0000000001' },
      ],
    });
    const { body } = await stack.graphql(MethodsOfUserDocument, { userId: 'auth0|drift', type: null });
    expect(body.errors).toBeUndefined();
    expect(body.data!.authenticationMethods).toHaveLength(4);
    expect(body.data!.authenticationMethods).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          __typename: 'PhoneMethod',
          createdAt: null,
          confirmed: null,
          phoneNumber: null,
          authenticationMethods: [],
        }),
        expect.objectContaining({ __typename: 'WebAuthnRoamingMethod', keyId: 'camel-key', publicKey: 'pk', relyingPartyIdentifier: 'rp' }),
        expect.objectContaining({ __typename: 'OtherMethod', type: 'OTHER', rawType: 'quantum-token' }),
        expect.objectContaining({ __typename: 'OtherMethod', type: 'OTHER', rawType: '' }),
      ]),
    );
  });
});

describe('a user with more methods than one page holds', () => {
  it('is read page by page (100 a page) until the total, every method once', async () => {
    const methods = Array.from({ length: 230 }, (_, i) => ({
      id: `recovery-code|dev_Page${String(i).padStart(12, '0')}`,
      type: 'recovery-code',
      created_at: '2026-01-01T00:00:00.000Z',
    }));
    await stack.admin('PUT', `users/${encodeURIComponent('auth0|many')}`, { methods });
    const { body } = await stack.graphql('{ authenticationMethods(userId: "auth0|many") { id } }');
    const ids = (body.data!.authenticationMethods as Array<{ id: string }>).map((m) => m.id);
    expect(new Set(ids).size).toBe(230);
    const pages = (await stack.upstreamRequests()).map((r) => new URLSearchParams(r.query).get('page'));
    expect(pages).toEqual(['0', '1', '2']);
  });
});
