import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { MethodNotFoundError } from '../../upstream/errors.js';
import { AuthenticationMethod, PhoneChannel } from '../methods/authentication-method.js';
import { defineWrite, methodPayload } from './write.js';

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

defineWrite({
  name: 'updateMethod',
  description: "Update a method's name or phone channel (PATCH).",
  input: UpdateMethodInput,
  success: UpdateMethodSuccess,
  errors: [MethodNotFoundError],
  permission: PERMISSIONS.update,
  selfService: true,
  audit: (input) => ({ methodId: String(input.methodId) }),
  validate: (input, check) => {
    const methodId = check.id(String(input.methodId), ['input', 'methodId']);
    const name = check.name(input.name, ['input', 'name']);
    const channel = input.preferredAuthenticationMethod;
    if (name === undefined && !channel) check.fail(['input'], 'must set name or preferredAuthenticationMethod');
    // Method ids carry their kind (`phone|dev_...`): a channel for a non-phone id cannot succeed.
    if (channel && methodId.includes('|') && !methodId.startsWith('phone|')) {
      check.fail(['input', 'preferredAuthenticationMethod'], 'applies to phone methods only');
    }
    return { methodId, name, channel };
  },
  write: async ({ userId, valid: { methodId, name, channel }, context, target }) => {
    const method = await context.api.update(userId, methodId, {
      ...(name !== undefined ? { name } : {}),
      ...(channel ? { preferred_authentication_method: channel === 'VOICE' ? 'voice' : 'sms' } : {}),
    });
    target.methodType = method.rawType;
    return { method, userId };
  },
});
