import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import {
  DeleteAllMethodsDocument,
  DeleteMethodDocument,
  EnrollEmailDocument,
  EnrollSmsDocument,
  EnrollTotpDocument,
  EnrollWebAuthnRoamingDocument,
  ReplaceMethodsDocument,
  UpdateMethodDocument,
} from '../generated/operations.js';

const auditFile = join(mkdtempSync(join(tmpdir(), 'mfa-audit-')), 'audit.jsonl');
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { AUDIT_LOG_FILE: auditFile } });
});
afterAll(() => stack.close());
beforeEach(async () => {
  await stack.admin('POST', 'reset');
});

const nothingSentUpstream = async () => expect((await stack.upstreamStats()).apiRequests).toBe(0);
const auditEvents = () =>
  readFileSync(auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('bad mutation input never reaches the upstream', () => {
  it.each([
    ['an empty phone number', { userId: 'auth0|erin', phoneNumber: '' }, ['input', 'phoneNumber'], /E\.164/],
    ['a number without country code', { userId: 'auth0|erin', phoneNumber: '4155550100' }, ['input', 'phoneNumber'], /E\.164/],
    ['an impossible number', { userId: 'auth0|erin', phoneNumber: '+00000000000' }, ['input', 'phoneNumber'], /not a valid phone number/],
    ['full-width digits', { userId: 'auth0|erin', phoneNumber: '+１４１５５５５０１００' }, ['input', 'phoneNumber'], /E\.164/],
    ['an emoji in the number', { userId: 'auth0|erin', phoneNumber: '+1 415 555 0100 ☎' }, ['input', 'phoneNumber'], /E\.164/],
    ['a 10 kB name', { userId: 'auth0|erin', phoneNumber: '+14155550100', name: 'n'.repeat(10_240) }, ['input', 'name'], /at most 20/],
    ['an empty name', { userId: 'auth0|erin', phoneNumber: '+14155550100', name: '  ' }, ['input', 'name'], /must not be empty/],
    ['a user id with ..', { userId: '..', phoneNumber: '+14155550100' }, ['input', 'userId'], /"\."/],
    ['an empty user id', { userId: '', phoneNumber: '+14155550100' }, ['input', 'userId'], /must not be empty/],
  ])('enrollSms with %s: ValidationError naming the field', async (_label, input, path, message) => {
    const { status, body } = await stack.graphql(EnrollSmsDocument, { input });
    expect(status).toBe(200);
    expect(body.data!.enrollSms).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      fields: [{ path, message: expect.stringMatching(message) }],
    });
    await nothingSentUpstream();
  });

  it('wrong GraphQL types are refused by the GraphQL layer (400)', async () => {
    const { status } = await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin', phoneNumber: 14155550100 } } as never);
    expect(status).toBe(400);
    const missing = await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin' } } as never);
    expect(missing.status).toBe(400);
    await nothingSentUpstream();
  });

  it('lists every bad field of one input at once', async () => {
    const { body } = await stack.graphql(EnrollWebAuthnRoamingDocument, {
      input: {
        userId: '',
        keyId: 'not base64url!',
        publicKey: '',
        relyingPartyIdentifier: 'https://login.example.com/',
        name: 'x'.repeat(21),
      },
    });
    expect((body.data!.enrollWebAuthnRoaming as { fields: { path: string[] }[] }).fields.map((f) => f.path.join('.'))).toEqual([
      'input.userId',
      'input.keyId',
      'input.publicKey',
      'input.relyingPartyIdentifier',
      'input.name',
    ]);
    await nothingSentUpstream();
  });

  it.each([
    ['not base32', 'not-base32-secret-at-all-1', /base32/],
    ['too short (80 bits)', 'JBSWY3DPEHPK3PXP', /at least 26/],
  ])('a TOTP secret %s is refused', async (_label, secret, message) => {
    const { body } = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|erin', secret } });
    expect(body.data!.enrollTotp).toMatchObject({ fields: [{ path: ['input', 'secret'], message: expect.stringMatching(message) }] });
    await nothingSentUpstream();
  });

  it('a bad email is refused', async () => {
    const { body } = await stack.graphql(EnrollEmailDocument, { input: { userId: 'auth0|erin', email: 'erin@' } });
    expect(body.data!.enrollEmail).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'email'] }] });
    await nothingSentUpstream();
  });

  it('a user id with / ? # is sent encoded and cannot reach another endpoint', async () => {
    const { body } = await stack.graphql(DeleteMethodDocument, { input: { userId: 'auth0|x/../../y?z#w', methodId: 'a/b' } });
    expect(body.data!.deleteMethod).toMatchObject({ __typename: 'UserNotFoundError' });
    const [request] = await stack.upstreamRequests();
    expect(request).toMatchObject({
      method: 'DELETE',
      path: '/api/v2/users/auth0%7Cx%2F..%2F..%2Fy%3Fz%23w/authentication-methods/a%2Fb',
      query: '',
    });
  });
});

describe('authorization matrix for mutations (FORBIDDEN before any upstream call)', () => {
  const enrollSelf = { userId: 'auth0|alice', phoneNumber: '+14155550123' };
  const cases = [
    ['enrollSms', EnrollSmsDocument, { input: enrollSelf }, 'create', true],
    [
      'updateMethod',
      UpdateMethodDocument,
      { input: { userId: 'auth0|alice', methodId: 'phone|dev_AlicePhone000001', name: 'x' } },
      'update',
      true,
    ],
    ['deleteMethod', DeleteMethodDocument, { input: { userId: 'auth0|alice', methodId: 'push|dev_AlicePush00000001' } }, 'delete', true],
    [
      'replaceMethods',
      ReplaceMethodsDocument,
      { input: { userId: 'auth0|alice', methods: [{ email: { email: 'a@example.com' } }] } },
      'update',
      false,
    ],
    ['deleteAllMethods', DeleteAllMethodsDocument, { input: { userId: 'auth0|alice' } }, 'delete', false],
  ] as const;

  it.each(cases)(
    '%s: permission allows, self-service as docs/auth.md says, others refused',
    async (name, document, variables, verb, selfService) => {
      const permission = `${verb}:authentication_methods`;
      const run = async (claims: { sub: string; permissions: string[] }) => {
        await stack.admin('POST', 'reset');
        const { body } = await stack.graphql(document, variables as never, { token: await stack.token(claims) });
        const requests = (await stack.upstreamStats()).apiRequests;
        return { body, requests };
      };
      const refused = (result: Awaited<ReturnType<typeof run>>) => {
        expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' }, path: [name] })]);
        expect(result.requests).toBe(0);
      };
      const allowed = (result: Awaited<ReturnType<typeof run>>) => {
        expect(result.body.errors).toBeUndefined();
        expect((result.body.data as Record<string, { __typename: string }>)[name]!.__typename).toMatch(/Success$/);
      };

      // Read as well, for the payload's `user { authenticationMethods }`.
      allowed(await run({ sub: 'auth0|admin', permissions: [permission, 'read:authentication_methods'] }));
      const self = await run({ sub: 'auth0|alice', permissions: [] });
      if (selfService) allowed(self);
      else refused(self);
      refused(await run({ sub: 'auth0|reader', permissions: ['read:authentication_methods'] }));
      refused(await run({ sub: 'auth0|bob', permissions: [] }));
      // Another verb's permission is not enough.
      refused(
        await run({
          sub: 'auth0|admin',
          permissions: [
            'read:authentication_methods',
            verb === 'create' ? 'delete:authentication_methods' : 'create:authentication_methods',
          ],
        }),
      );
    },
  );
});

describe('the audit trail', () => {
  it('records an attempted write before it is sent and again with its outcome; a refusal once; contact details masked and no secret', async () => {
    const before = auditEvents().length;
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';
    await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|erin', secret } });
    const generated = await stack.graphql(EnrollTotpDocument, { input: { userId: 'auth0|alice' } });
    await stack.graphql(EnrollSmsDocument, { input: { userId: 'auth0|erin', phoneNumber: '+14155550177' } });
    await stack.graphql(EnrollEmailDocument, { input: { userId: 'auth0|bob', email: 'robert.paulson@example.org' } });
    await stack.graphql(
      DeleteMethodDocument,
      { input: { userId: 'auth0|alice', methodId: 'push|dev_AlicePush00000001' } },
      {
        token: await stack.token({ sub: 'auth0|mallory', permissions: [] }),
      },
    );
    await stack.graphql(DeleteAllMethodsDocument, { input: { userId: 'auth0|carol' } }, { token: null });

    const events = auditEvents().slice(before);
    expect(events.map(({ mutation, targetUserId, outcome, errorCode }) => ({ mutation, targetUserId, outcome, errorCode }))).toEqual([
      { mutation: 'enrollTotp', targetUserId: 'auth0|erin', outcome: 'attempted', errorCode: undefined },
      { mutation: 'enrollTotp', targetUserId: 'auth0|erin', outcome: 'success', errorCode: undefined },
      { mutation: 'enrollTotp', targetUserId: 'auth0|alice', outcome: 'attempted', errorCode: undefined },
      { mutation: 'enrollTotp', targetUserId: 'auth0|alice', outcome: 'failure', errorCode: 'CONFLICT' },
      { mutation: 'enrollSms', targetUserId: 'auth0|erin', outcome: 'attempted', errorCode: undefined },
      { mutation: 'enrollSms', targetUserId: 'auth0|erin', outcome: 'success', errorCode: undefined },
      { mutation: 'enrollEmail', targetUserId: 'auth0|bob', outcome: 'attempted', errorCode: undefined },
      { mutation: 'enrollEmail', targetUserId: 'auth0|bob', outcome: 'failure', errorCode: 'CONFLICT' },
      { mutation: 'deleteMethod', targetUserId: 'auth0|alice', outcome: 'refused', errorCode: 'FORBIDDEN' },
      { mutation: 'deleteAllMethods', targetUserId: 'auth0|carol', outcome: 'refused', errorCode: 'UNAUTHENTICATED' },
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ audit: true, requestId: expect.any(String), time: expect.any(String) });
    }
    expect(events[1]).toMatchObject({ actor: { sub: 'auth0|admin' }, methodType: 'totp', methodId: expect.stringMatching(/^totp\|/) });
    expect(events[5]).toMatchObject({ contact: 'XXXXXXXX0177' });
    expect(events[7]).toMatchObject({ contact: 'robe**********@exam*******' });
    expect(events[8]).toMatchObject({ actor: { sub: 'auth0|mallory' }, methodId: 'push|dev_AlicePush00000001' });

    const generatedSecret = (generated.body.data!.enrollTotp as { secret?: string }).secret;
    const everything = readFileSync(auditFile, 'utf8') + stack.logs.join('');
    for (const leak of [secret, '+14155550177', '14155550177', 'robert.paulson', ...(generatedSecret ? [generatedSecret] : [])]) {
      expect(everything).not.toContain(leak);
    }
  });

  it("keeps its own request id; the client's x-request-id is recorded apart, as correlationId", async () => {
    const before = auditEvents().length;
    const response = await stack.graphql(
      DeleteMethodDocument,
      { input: { userId: 'auth0|alice', methodId: 'push|dev_AlicePush00000001' } },
      {
        headers: { 'x-request-id': 'req-12345' },
      },
    );
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(auditEvents().slice(before)).toEqual([
      expect.objectContaining({ requestId, correlationId: 'req-12345', outcome: 'attempted' }),
      expect.objectContaining({ requestId, correlationId: 'req-12345', outcome: 'success' }),
    ]);
  });
});

describe('secrets stay out of logs and errors', () => {
  it('no log line carries the Management API token, the client secret or a caller token', async () => {
    const callerToken = await stack.token();
    await stack.graphql('{ authenticationMethods(userId: "auth0|alice") { id } }', undefined, { token: callerToken });
    await stack.graphql('{ authenticationMethods(userId: "auth0|nobody") { id } }', undefined, { token: callerToken });
    const logged = stack.logs.join('');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(stack.emulator.options.clientSecret);
    expect(logged).not.toContain(callerToken);
    expect(logged).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
