import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import {
  DeleteAllMethodsDocument,
  DeleteMethodDocument,
  EnrollEmailDocument,
  EnrollSmsDocument,
  EnrollTotpDocument,
  EnrollVoiceDocument,
  EnrollWebAuthnRoamingDocument,
  ReplaceMethodsDocument,
  UpdateMethodDocument,
} from '../generated/operations.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.admin('POST', 'reset');
});

/** The write calls the emulator received (reads are left out: the payload's `user` re-reads). */
const writes = async () =>
  (await stack.upstreamRequests())
    .filter((r) => r.method !== 'GET')
    .map(({ method, path, body, status }) => ({ method, path, body, status }));

describe('enrollSms / enrollVoice', () => {
  it('POSTs a phone method with the number normalised to E.164 and the chosen channel', async () => {
    const { body } = await stack.graphql(EnrollSmsDocument, {
      input: { userId: 'auth0|erin', phoneNumber: '+1 (415) 555-0199', name: 'Mobile' },
    });
    expect(body.data!.enrollSms).toMatchObject({
      __typename: 'EnrollSmsSuccess',
      method: { name: 'Mobile', phoneNumber: 'XXXXXXXX0199', preferredAuthenticationMethod: 'SMS' },
    });
    const result = body.data!.enrollSms as { method: { id: string }; user: { authenticationMethods: { id: string }[] } };
    expect(result.method.id).toMatch(/^phone\|dev_[A-Za-z0-9]{16}$/);
    // The payload's user sees the new state.
    expect(result.user.authenticationMethods.map((m) => m.id)).toEqual([result.method.id]);
    expect(await writes()).toEqual([
      {
        method: 'POST',
        path: '/api/v2/users/auth0%7Cerin/authentication-methods',
        body: { type: 'phone', phone_number: '+14155550199', preferred_authentication_method: 'sms', name: 'Mobile' },
        status: 201,
      },
    ]);
    expect(await stack.storedMethods('auth0|erin')).toEqual([
      expect.objectContaining({
        id: result.method.id,
        phone_number: '+14155550199',
        preferred_authentication_method: 'sms',
        confirmed: true,
      }),
    ]);
  });

  it('enrollVoice sends preferred voice and omits an absent name', async () => {
    const { body } = await stack.graphql(EnrollVoiceDocument, { input: { userId: 'auth0|erin', phoneNumber: '+442071838750' } });
    expect(body.data!.enrollVoice).toMatchObject({ __typename: 'EnrollVoiceSuccess', method: { preferredAuthenticationMethod: 'VOICE' } });
    expect((await writes())[0]!.body).toEqual({ type: 'phone', phone_number: '+442071838750', preferred_authentication_method: 'voice' });
  });

  it('a duplicate number is a ConflictError', async () => {
    const { body } = await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|alice', phoneNumber: '+14155550100' } });
    expect(body.data!.enrollSms).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect((await writes())[0]!.status).toBe(409);
  });

  it('an unknown user is a UserNotFoundError', async () => {
    const { body } = await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|nobody', phoneNumber: '+14155550100' } });
    expect(body.data!.enrollSms).toEqual({ __typename: 'UserNotFoundError', message: 'The user does not exist.', code: 'USER_NOT_FOUND' });
  });
});

describe('enrollEmail', () => {
  it('POSTs an email method for a user without another factor', async () => {
    const { body } = await stack.graphql(EnrollEmailDocument, {
      input: { userId: 'auth0|erin', email: 'Erin@Example.com', name: 'Email' },
    });
    expect(body.data!.enrollEmail).toMatchObject({ __typename: 'EnrollEmailSuccess', method: { email: '****@Exam*******' } });
    expect(await writes()).toEqual([
      expect.objectContaining({ method: 'POST', body: { type: 'email', email: 'Erin@Example.com', name: 'Email' }, status: 201 }),
    ]);
  });

  it('is a ConflictError when the user already has another factor (the email-only rule)', async () => {
    const { body } = await stack.graphql(EnrollEmailDocument, { input: { userId: 'auth0|alice', email: 'alice@example.com' } });
    expect(body.data!.enrollEmail).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message: expect.stringContaining('no other factor'),
    });
    expect(await stack.storedMethods('auth0|alice')).toHaveLength(5);
  });
});

describe('enrollTotp', () => {
  it('generates a 160-bit base32 secret when none is given and returns it with an otpauth URI', async () => {
    const { body } = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|erin', name: 'Authy' } });
    const result = body.data!.enrollTotp as { secret: string; otpauthUri: string; method: { id: string } };
    expect(result.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(result.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/tenant.emulator.local:auth0|erin');
    expect(uri.searchParams.get('secret')).toBe(result.secret);
    expect(uri.searchParams.get('issuer')).toBe('tenant.emulator.local');
    expect((await writes())[0]!.body).toEqual({ type: 'totp', totp_secret: result.secret, name: 'Authy' });
    expect((await stack.storedMethods('auth0|erin'))[0]).toMatchObject({ totp_secret: result.secret });
    // Two enrollments never share a secret.
    await stack.admin('PUT', 'users/auth0%7Cfrank', { methods: [] });
    const again = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|frank' } });
    expect((again.body.data!.enrollTotp as { secret: string }).secret).not.toBe(result.secret);
  });

  it('sends a given secret normalised (spaces, case, padding)', async () => {
    const { body } = await stack.graphql(EnrollTotpDocument, {
      input: { userId: 'auth0|erin', secret: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp==' },
    });
    expect(body.data!.enrollTotp).toMatchObject({ __typename: 'EnrollTotpSuccess', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    expect((await writes())[0]!.body).toEqual({ type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  });

  it('a second OTP app is a ConflictError', async () => {
    const { body } = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|alice' } });
    expect(body.data!.enrollTotp).toMatchObject({ __typename: 'ConflictError' });
  });
});

describe('enrollWebAuthnRoaming', () => {
  it('POSTs webauthn-roaming (hyphenated) with the credential fields', async () => {
    const input = {
      userId: 'auth0|erin',
      keyId: 'AbC-123_xyz',
      publicKey: 'pQECAyYgASFYIA==',
      relyingPartyIdentifier: 'Login.Example.com',
      name: 'YubiKey',
    };
    const { body } = await stack.graphql(EnrollWebAuthnRoamingDocument, { input });
    expect(body.data!.enrollWebAuthnRoaming).toMatchObject({
      __typename: 'EnrollWebAuthnRoamingSuccess',
      method: { keyId: 'AbC-123_xyz', publicKey: 'pQECAyYgASFYIA==', relyingPartyIdentifier: 'login.example.com' },
    });
    expect((await writes())[0]!.body).toEqual({
      type: 'webauthn-roaming',
      key_id: 'AbC-123_xyz',
      public_key: 'pQECAyYgASFYIA==',
      relying_party_identifier: 'login.example.com',
      name: 'YubiKey',
    });
  });
});

describe('replaceMethods', () => {
  it('PUTs the whole set and the user then has exactly it', async () => {
    const { body } = await stack.graphql(ReplaceMethodsDocument, {
      input: {
        userId: 'auth0|alice',
        methods: [
          { phone: { phoneNumber: '+14155550111', preferredAuthenticationMethod: 'VOICE', name: 'Desk' } },
          { email: { email: 'alice@example.com' } },
          { totp: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
        ],
      },
    });
    const result = body.data!.replaceMethods as {
      methods: { id: string; type: string }[];
      user: { authenticationMethods: { id: string }[] };
    };
    expect(result.methods.map((m) => m.type)).toEqual(['PHONE', 'EMAIL', 'TOTP']);
    expect(result.user.authenticationMethods.map((m) => m.id).sort()).toEqual(result.methods.map((m) => m.id).sort());
    expect(await writes()).toEqual([
      {
        method: 'PUT',
        path: '/api/v2/users/auth0%7Calice/authentication-methods',
        body: [
          { type: 'phone', phone_number: '+14155550111', preferred_authentication_method: 'voice', name: 'Desk' },
          { type: 'email', email: 'alice@example.com' },
          { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
        ],
        status: 200,
      },
    ]);
    expect(await stack.storedMethods('auth0|alice')).toHaveLength(3);
  });

  it('is a ConflictError for a user with a passkey', async () => {
    const { body } = await stack.graphql(ReplaceMethodsDocument, {
      input: { userId: 'auth0|carol', methods: [{ email: { email: 'c@example.com' } }] },
    });
    expect(body.data!.replaceMethods).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('passkey') });
  });

  it('refuses zero or two members of the one-of, and an empty list, naming each item', async () => {
    const { body } = await stack.graphql(ReplaceMethodsDocument, {
      input: {
        userId: 'auth0|alice',
        methods: [
          {},
          { email: { email: 'a@example.com' }, totp: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } },
          { email: { email: 'nope' } },
        ],
      },
    });
    expect(body.data!.replaceMethods).toMatchObject({
      __typename: 'ValidationError',
      fields: [
        { path: ['input', 'methods', '0'], message: 'must set exactly one of phone, email or totp (none set)' },
        { path: ['input', 'methods', '1'], message: 'must set exactly one of phone, email or totp (email and totp set)' },
        { path: ['input', 'methods', '2', 'email', 'email'], message: expect.stringContaining('email address') },
      ],
    });
    const empty = await stack.graphql(ReplaceMethodsDocument, { input: { userId: 'auth0|alice', methods: [] } });
    expect(empty.body.data!.replaceMethods).toMatchObject({ fields: [{ path: ['input', 'methods'], message: 'must not be empty' }] });
    expect(await writes()).toEqual([]);
  });
});

describe('updateMethod', () => {
  it('PATCHes the name and the channel, and the payload user sees it', async () => {
    const { body } = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'phone|dev_AlicePhone000001', name: 'Old phone', preferredAuthenticationMethod: 'VOICE' },
    });
    expect(body.data!.updateMethod).toMatchObject({
      __typename: 'UpdateMethodSuccess',
      method: { id: 'phone|dev_AlicePhone000001', name: 'Old phone', preferredAuthenticationMethod: 'VOICE' },
    });
    expect(await writes()).toEqual([
      {
        method: 'PATCH',
        path: '/api/v2/users/auth0%7Calice/authentication-methods/phone%7Cdev_AlicePhone000001',
        body: { name: 'Old phone', preferred_authentication_method: 'voice' },
        status: 200,
      },
    ]);
  });

  it('an unknown method is a MethodNotFoundError', async () => {
    const { body } = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'totp|dev_unknown000000001', name: 'x' },
    });
    expect(body.data!.updateMethod).toMatchObject({ __typename: 'MethodNotFoundError', code: 'METHOD_NOT_FOUND' });
  });

  it('refuses a channel for a non-phone method and an update with nothing to change, before the upstream', async () => {
    const channel = await stack.graphql(UpdateMethodDocument, {
      input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001', preferredAuthenticationMethod: 'SMS' },
    });
    expect(channel.body.data!.updateMethod).toMatchObject({ fields: [{ path: ['input', 'preferredAuthenticationMethod'] }] });
    const nothing = await stack.graphql(UpdateMethodDocument, { input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001' } });
    expect(nothing.body.data!.updateMethod).toMatchObject({
      fields: [{ path: ['input'], message: 'must set name or preferredAuthenticationMethod' }],
    });
    expect(await writes()).toEqual([]);
  });
});

describe('deleteMethod / deleteAllMethods', () => {
  it('DELETEs one method, percent-encoded, and the payload user no longer has it', async () => {
    const { body } = await stack.graphql(DeleteMethodDocument, { input: { userId: 'auth0|alice', methodId: 'totp|dev_AliceTotp0000001' } });
    const result = body.data!.deleteMethod as { deletedMethodId: string; user: { authenticationMethods: { id: string }[] } };
    expect(result.deletedMethodId).toBe('totp|dev_AliceTotp0000001');
    expect(result.user.authenticationMethods.map((m) => m.id)).not.toContain('totp|dev_AliceTotp0000001');
    expect(result.user.authenticationMethods).toHaveLength(4);
    expect(await writes()).toEqual([
      {
        method: 'DELETE',
        path: '/api/v2/users/auth0%7Calice/authentication-methods/totp%7Cdev_AliceTotp0000001',
        body: undefined,
        status: 204,
      },
    ]);
  });

  it('an unknown method is a MethodNotFoundError', async () => {
    const { body } = await stack.graphql(DeleteMethodDocument, { input: { userId: 'auth0|alice', methodId: 'sms|dev_nothere00000001' } });
    expect(body.data!.deleteMethod).toMatchObject({ __typename: 'MethodNotFoundError' });
  });

  it('DELETEs all methods', async () => {
    const { body } = await stack.graphql(DeleteAllMethodsDocument, { input: { userId: 'auth0|alice' } });
    expect(body.data!.deleteAllMethods).toEqual({
      __typename: 'DeleteAllMethodsSuccess',
      user: { id: 'auth0|alice', authenticationMethods: [] },
    });
    expect(await writes()).toEqual([
      expect.objectContaining({ method: 'DELETE', path: '/api/v2/users/auth0%7Calice/authentication-methods', status: 204 }),
    ]);
    expect(await stack.storedMethods('auth0|alice')).toEqual([]);
  });

  it('deleting all is a ConflictError for a user with a passkey', async () => {
    const { body } = await stack.graphql(DeleteAllMethodsDocument, { input: { userId: 'auth0|carol' } });
    expect(body.data!.deleteAllMethods).toMatchObject({ __typename: 'ConflictError' });
    expect(await stack.storedMethods('auth0|carol')).toHaveLength(5);
  });
});
