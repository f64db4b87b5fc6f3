import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/server.js';

/** The emulator as a client of the real Management API would meet it. */
let emulator: Emulator;
let token: string;
beforeAll(async () => {
  emulator = await Emulator.start();
  token = await grant();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
});

async function grant(overrides: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emulator.options.clientId,
      client_secret: emulator.options.clientSecret,
      audience: emulator.managementAudience,
      ...overrides,
    }),
  });
  const body = (await response.json()) as { access_token: string };
  return overrides.raw ? (body as never) : body.access_token;
}

async function api(method: string, path: string, body?: unknown, bearer: string | null = token) {
  const response = await fetch(`${emulator.url}/api/v2${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const alice = '/users/auth0%7Calice/authentication-methods';
const erin = '/users/auth0%7Cerin/authentication-methods';

describe('the token grant', () => {
  it('answers a bearer JWT with expires_in and the scopes', async () => {
    const response = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.options.clientId,
        client_secret: emulator.options.clientSecret,
        audience: emulator.managementAudience,
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      token_type: 'Bearer',
      expires_in: 86_400,
      scope: 'read:authentication_methods create:authentication_methods update:authentication_methods delete:authentication_methods',
    });
  });

  it('refuses bad credentials with 401 access_denied and an unknown audience with 403', async () => {
    const bad = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y', audience: emulator.managementAudience }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    const audience = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.options.clientId,
        client_secret: emulator.options.clientSecret,
        audience: 'https://other/api/v2/',
      }),
    });
    expect(audience.status).toBe(403);
  });
});

describe('the authentication-method endpoints', () => {
  it('lists as a bare array, or in the authenticators envelope with include_totals, masked, with confirmed', async () => {
    const bare = await api('GET', alice);
    expect(bare.status).toBe(200);
    expect(bare.body).toHaveLength(5);
    const phone = bare.body.find((m: { type: string }) => m.type === 'phone');
    expect(phone).toEqual({
      id: 'phone|dev_AlicePhone000001',
      type: 'phone',
      confirmed: true,
      name: 'Work phone',
      phone_number: 'XXXXXXXX0100',
      preferred_authentication_method: 'sms',
      authentication_methods: [{ id: 'sms|dev_AlicePhone000001', type: 'sms' }],
      created_at: '2026-01-10T09:00:00.000Z',
      last_auth_at: '2026-11-20T08:30:00.000Z',
    });
    expect(bare.body.some((m: Record<string, unknown>) => 'totp_secret' in m)).toBe(false);
    const envelope = await api('GET', `${alice}?include_totals=true&per_page=2&page=1`);
    expect(envelope.body).toMatchObject({ start: 2, limit: 2, total: 5, authenticators: expect.any(Array) });
    expect(envelope.body.authenticators).toHaveLength(2);
    const none = await api('GET', `${erin}?include_totals=true`);
    expect(none.body).toEqual({ authenticators: [], start: 0, limit: 50 });
  });

  it('creates with 201, a new id, confirmed omitted, contact masked; GET one then shows confirmed', async () => {
    const created = await api('POST', erin, { type: 'phone', phone_number: '+14155550111', preferred_authentication_method: 'voice' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^phone\|dev_[A-Za-z0-9]{16}$/),
      type: 'phone',
      phone_number: 'XXXXXXXX0111',
      preferred_authentication_method: 'voice',
      authentication_methods: [{ id: created.body.id.replace('phone|', 'voice|'), type: 'voice' }],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const one = await api('GET', `${erin}/${encodeURIComponent(created.body.id)}`);
    expect(one.body.confirmed).toBe(true);
  });

  it('accepts the help page spelling webauthn_roaming and answers the hyphenated type', async () => {
    const created = await api('POST', erin, {
      type: 'webauthn_roaming',
      key_id: 'k',
      public_key: 'p',
      relying_party_identifier: 'rp.example',
    });
    expect(created.body.type).toBe('webauthn-roaming');
  });

  it.each([
    [{ type: 'phone', phone_number: '+14155550111', foo: 1 }, "Payload validation error: 'Additional properties not allowed: foo'."],
    [{ type: 'phone' }, "Payload validation error: 'Missing required property: phone_number'."],
    [{ type: 'sms', phone_number: '+1' }, 'Payload validation error: \'No enum match for: "sms"\' on property type.'],
    [
      { type: 'totp', totp_secret: 'not base32 secret at all!' },
      "Payload validation error: 'String does not match pattern' on property totp_secret.",
    ],
    [
      { type: 'email', email: 'a@b.co', name: 'x'.repeat(21) },
      "Payload validation error: 'String is too long (21 chars), maximum 20' on property name.",
    ],
  ])('refuses an invalid body with 400 invalid_body: %j', async (body, message) => {
    const response = await api('POST', erin, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message, errorCode: 'invalid_body' });
  });

  it('refuses malformed JSON with 400', async () => {
    expect((await api('POST', erin, '{not json')).status).toBe(400);
  });

  it('enforces the email-only-when-no-other-factor rule and duplicates with 409', async () => {
    const email = await api('POST', alice, { type: 'email', email: 'alice@example.com' });
    expect(email.status).toBe(409);
    expect(email.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    const duplicate = await api('POST', alice, { type: 'phone', phone_number: '+14155550100' });
    expect(duplicate.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'Authentication method already exists.' });
  });

  it('answers 404 inexistent_user for an unknown user and 404 for an unknown method', async () => {
    expect(await api('GET', '/users/auth0%7Cnobody/authentication-methods')).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' },
    });
    expect(await api('DELETE', `${alice}/totp%7Cdev_missing`)).toMatchObject({
      status: 404,
      body: { message: 'The authentication method could not be found.' },
    });
  });

  it('replaces with PUT (new ids, unmasked, no confirmed) and refuses PUT and delete-all with a passkey', async () => {
    const replaced = await api('PUT', alice, [
      { type: 'email', email: 'alice@example.com' },
      { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
    ]);
    expect(replaced.status).toBe(200);
    expect(replaced.body[0]).toEqual({
      id: expect.stringMatching(/^email\|dev_/),
      type: 'email',
      email: 'alice@example.com',
      created_at: expect.any(String),
    });
    expect((await api('GET', alice)).body).toHaveLength(2);
    const carol = '/users/auth0%7Ccarol/authentication-methods';
    expect((await api('PUT', carol, [{ type: 'email', email: 'c@example.com' }])).status).toBe(403);
    expect((await api('DELETE', carol)).status).toBe(403);
    expect(
      (await api('PUT', alice, [{ type: 'webauthn-roaming', key_id: 'k', public_key: 'p', relying_party_identifier: 'r' }])).status,
    ).toBe(400);
  });

  it('patches only name and preferred_authentication_method, the latter for phones only', async () => {
    const patched = await api('PATCH', `${alice}/phone%7Cdev_AlicePhone000001`, { preferred_authentication_method: 'voice' });
    expect(patched.body).toMatchObject({ preferred_authentication_method: 'voice', authentication_methods: [{ type: 'voice' }] });
    expect(patched.body.confirmed).toBeUndefined();
    expect((await api('PATCH', `${alice}/phone%7Cdev_AlicePhone000001`, { phone_number: '+1' })).status).toBe(400);
    expect((await api('PATCH', `${alice}/totp%7Cdev_AliceTotp0000001`, { preferred_authentication_method: 'sms' })).status).toBe(400);
  });

  it('deletes one and all with 204', async () => {
    expect((await api('DELETE', `${alice}/push%7Cdev_AlicePush00000001`)).status).toBe(204);
    expect((await api('GET', alice)).body).toHaveLength(4);
    expect((await api('DELETE', alice)).status).toBe(204);
    expect((await api('GET', alice)).body).toEqual([]);
  });
});

describe('credentials and rate limits', () => {
  it('answers 401 without, with a forged or with a revoked token; 403 insufficient_scope is not reachable with the granted scopes', async () => {
    expect((await api('GET', alice, undefined, null)).body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing authentication',
    });
    expect((await api('GET', alice, undefined, token.slice(0, -4) + 'AAAA')).body.message).toBe('Invalid token');
    const fresh = await grant();
    await fetch(`${emulator.url}/__emulator/revoke-tokens`, { method: 'POST' });
    expect((await api('GET', alice, undefined, fresh)).status).toBe(401);
    token = await grant();
    expect((await api('GET', alice)).status).toBe(200);
  });

  it('reports the bucket on every answer and answers 429 when it is empty', async () => {
    await fetch(`${emulator.url}/__emulator/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: { burst: 3, perSecond: 0.5 } }),
    });
    try {
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await api('GET', alice));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      expect(answers[3]!.headers.get('x-ratelimit-limit')).toBe('3');
      const reset = Number(answers[3]!.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000);
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000 + 6));
      expect(answers[3]!.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global limit has been reached',
        errorCode: 'too_many_requests',
      });
    } finally {
      await fetch(`${emulator.url}/__emulator/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimit: { burst: 1000, perSecond: 1000 } }),
      });
    }
  });

  it('with a skewed clock, stamps Date and x-ratelimit-reset by the tenant clock', async () => {
    const settings = (body: unknown) =>
      fetch(`${emulator.url}/__emulator/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await settings({ clockSkewSeconds: -60 });
    try {
      const answer = await api('GET', alice);
      const date = Date.parse(answer.headers.get('date')!);
      expect(Math.abs(date - (Date.now() - 60_000))).toBeLessThan(2_000);
      const reset = Number(answer.headers.get('x-ratelimit-reset'));
      expect(Math.abs(reset - (Date.now() / 1000 - 60))).toBeLessThan(2);
    } finally {
      await settings({ clockSkewSeconds: 0 });
    }
  });
});
