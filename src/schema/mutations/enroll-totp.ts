import { Secret, TOTP } from 'otpauth';
import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { ConflictError } from '../../upstream/errors.js';
import { TotpMethod } from '../methods/factors.js';
import { defineWrite, methodPayload } from './write.js';

/** 160 bits, the size RFC 4226 recommends and authenticator apps expect (32 base32 characters). */
const GENERATED_SECRET_BYTES = 20;

const EnrollTotpInput = builder.inputType('EnrollTotpInput', {
  description: 'Enroll a one-time-password app. Without `secret`, the gateway generates one.',
  fields: (t) => ({
    userId: t.id({ required: true }),
    secret: t.string({ required: false, description: 'Base32, at least 26 characters (128 bits). Omit to have one generated.' }),
    name: t.string({ required: false, description: 'At most 20 characters.' }),
  }),
});

const EnrollTotpSuccess = methodPayload<{ secret: string; otpauthUri: string }>(
  'EnrollTotpSuccess',
  TotpMethod,
  'The OTP method enrolled, with the secret to load into the app. The secret is returned in this response only.',
);
builder.objectField(EnrollTotpSuccess, 'secret', (t) =>
  t.exposeString('secret', { description: 'Base32 secret; shown once, never stored or logged by the gateway.' }),
);
builder.objectField(EnrollTotpSuccess, 'otpauthUri', (t) =>
  t.exposeString('otpauthUri', { description: '`otpauth://totp/<issuer>:<user>?secret=...&issuer=...`, for a QR code.' }),
);

defineWrite({
  name: 'enrollTotp',
  description: 'Enroll an OTP app (POST totp).',
  input: EnrollTotpInput,
  success: EnrollTotpSuccess,
  errors: [ConflictError],
  permission: PERMISSIONS.create,
  selfService: true,
  audit: () => ({ methodType: 'totp' }),
  validate: (input, check) => ({
    secret: input.secret === null || input.secret === undefined ? null : check.totpSecret(input.secret, ['input', 'secret']),
    name: check.name(input.name, ['input', 'name']),
  }),
  write: async ({ userId, valid: { secret: given, name }, context, target }) => {
    // otpauth draws from crypto.getRandomValues, a CSPRNG.
    const secret = given ?? new Secret({ size: GENERATED_SECRET_BYTES }).base32;
    const method = await context.api.create(userId, { type: 'totp', totp_secret: secret, ...(name !== undefined ? { name } : {}) });
    target.methodId = method.id;
    const otpauthUri = new TOTP({ issuer: context.totpIssuer, label: userId, secret: Secret.fromBase32(secret) }).toString();
    return { method, userId, secret, otpauthUri };
  },
});
