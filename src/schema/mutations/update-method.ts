import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { InputChecker } from '../../validation/input-checker.js';
import { MethodNotFoundError } from '../../upstream/errors.js';
import { WRITE_ERRORS } from '../errors.js';
import { AuthenticationMethod, PhoneChannel } from '../methods/authentication-method.js';
import { methodPayload, runWrite, writeAccess } from './write.js';

const UpdateMethodInput = builder.inputType('UpdateMethodInput', {
  description: 'Rename a method, or switch a phone method between SMS and voice. At least one of the two.',
  fields: (t) => ({
    userId: t.id({ required: true }),
    methodId: t.id({ required: true }),
    name: t.string({ required: false, description: 'At most 20 characters.' }),
    preferredAuthenticationMethod: t.field({ type: PhoneChannel, required: false, description: 'Phone methods only.' }),
  }),
});

const UpdateMethodSuccess = methodPayload('UpdateMethodSuccess', AuthenticationMethod, 'The method as updated.');

builder.mutationField('updateMethod', (t) =>
  t.field({
    type: UpdateMethodSuccess,
    description: "Update a method's name or phone channel (PATCH).",
    args: { input: t.arg({ type: UpdateMethodInput, required: true }) },
    errors: { types: [...WRITE_ERRORS, MethodNotFoundError] },
    ...writeAccess('updateMethod', PERMISSIONS.update, true),
    resolve: (_root, { input }, context) =>
      runWrite(
        context,
        { mutation: 'updateMethod', targetUserId: String(input.userId), methodId: String(input.methodId) },
        async (target) => {
          const check = new InputChecker();
          const userId = check.id(String(input.userId), ['input', 'userId']);
          const methodId = check.id(String(input.methodId), ['input', 'methodId']);
          const name = check.name(input.name, ['input', 'name']);
          const channel = input.preferredAuthenticationMethod;
          if (name === undefined && !channel) check.fail(['input'], 'must set name or preferredAuthenticationMethod');
          // Method ids carry their kind (`phone|dev_...`): a channel for a non-phone id cannot succeed.
          if (channel && methodId.includes('|') && !methodId.startsWith('phone|')) {
            check.fail(['input', 'preferredAuthenticationMethod'], 'applies to phone methods only');
          }
          check.done();
          const method = await context.api.update(userId, methodId, {
            ...(name !== undefined ? { name } : {}),
            ...(channel ? { preferred_authentication_method: channel === 'VOICE' ? 'voice' : 'sms' } : {}),
          });
          target.methodType = method.rawType;
          return { method, userId };
        },
      ),
  }),
);
