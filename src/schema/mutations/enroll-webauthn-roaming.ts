import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { InputChecker } from '../../validation/input-checker.js';
import { ConflictError } from '../../upstream/errors.js';
import { WRITE_ERRORS } from '../errors.js';
import { WebAuthnRoamingMethod } from '../methods/webauthn.js';
import { methodPayload, runWrite, writeAccess } from './write.js';

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

builder.mutationField('enrollWebAuthnRoaming', (t) =>
  t.field({
    type: EnrollWebAuthnRoamingSuccess,
    description: 'Enroll a WebAuthn security key (POST webauthn-roaming).',
    args: { input: t.arg({ type: EnrollWebAuthnRoamingInput, required: true }) },
    errors: { types: [...WRITE_ERRORS, ConflictError] },
    ...writeAccess('enrollWebAuthnRoaming', PERMISSIONS.create, true),
    resolve: (_root, { input }, context) =>
      runWrite(
        context,
        { mutation: 'enrollWebAuthnRoaming', targetUserId: String(input.userId), methodType: 'webauthn-roaming' },
        async (target) => {
          const check = new InputChecker();
          const userId = check.id(String(input.userId), ['input', 'userId']);
          const keyId = check.keyId(input.keyId, ['input', 'keyId']);
          const publicKey = check.publicKey(input.publicKey, ['input', 'publicKey']);
          const relyingParty = check.relyingParty(input.relyingPartyIdentifier, ['input', 'relyingPartyIdentifier']);
          const name = check.name(input.name, ['input', 'name']);
          check.done();
          // The hyphenated type is what the API's closed enum accepts (`webauthn_roaming` in Auth0's help page is a slip; docs/upstream.md).
          const method = await context.api.create(userId, {
            type: 'webauthn-roaming',
            key_id: keyId,
            public_key: publicKey,
            relying_party_identifier: relyingParty,
            ...(name !== undefined ? { name } : {}),
          });
          target.methodId = method.id;
          return { method, userId };
        },
      ),
  }),
);
