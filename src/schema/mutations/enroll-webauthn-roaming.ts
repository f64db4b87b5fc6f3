import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { ConflictError } from '../../upstream/errors.js';
import { WebAuthnRoamingMethod } from '../methods/webauthn.js';
import { defineWrite, methodPayload } from './write.js';

const EnrollWebAuthnRoamingInput = builder.inputType('EnrollWebAuthnRoamingInput', {
  description: 'Enroll a security key from a completed WebAuthn registration.',
  fields: (t) => ({
    userId: t.id({ required: true }),
    keyId: t.string({ required: true, description: 'Credential id, base64url.' }),
    publicKey: t.string({ required: true, description: 'Credential public key, base64 or base64url.' }),
    relyingPartyIdentifier: t.string({ required: true, description: 'RP id, a host name such as login.example.com.' }),
    name: t.string({ required: false, description: 'At most 20 characters.' }),
  }),
});

const EnrollWebAuthnRoamingSuccess = methodPayload('EnrollWebAuthnRoamingSuccess', WebAuthnRoamingMethod, 'The security key enrolled.');

defineWrite({
  name: 'enrollWebAuthnRoaming',
  description: 'Enroll a WebAuthn security key (POST webauthn-roaming).',
  input: EnrollWebAuthnRoamingInput,
  success: EnrollWebAuthnRoamingSuccess,
  errors: [ConflictError],
  permission: PERMISSIONS.create,
  selfService: true,
  audit: () => ({ methodType: 'webauthn-roaming' }),
  validate: (input, check) => ({
    key_id: check.keyId(input.keyId, ['input', 'keyId']),
    public_key: check.publicKey(input.publicKey, ['input', 'publicKey']),
    relying_party_identifier: check.relyingParty(input.relyingPartyIdentifier, ['input', 'relyingPartyIdentifier']),
    name: check.name(input.name, ['input', 'name']),
  }),
  write: async ({ userId, valid: { name, ...credential }, context, target }) => {
    // The hyphenated type is what the API's closed enum accepts (`webauthn_roaming` in Auth0's help page is a slip; docs/upstream.md).
    const method = await context.api.create(userId, { type: 'webauthn-roaming', ...credential, ...(name !== undefined ? { name } : {}) });
    target.methodId = method.id;
    return { method, userId };
  },
});
