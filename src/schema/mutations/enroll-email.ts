import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { maskEmail } from '../../contact-mask.js';
import { ConflictError } from '../../upstream/errors.js';
import { EmailMethod } from '../methods/email.js';
import { defineWrite, methodPayload } from './write.js';

const EnrollEmailInput = builder.inputType('EnrollEmailInput', {
  description: 'Enroll an email address that receives codes. Allowed only while the user has no other factor.',
  fields: (t) => ({
    userId: t.id({ required: true }),
    email: t.string({ required: true }),
    name: t.string({ required: false, description: 'At most 20 characters.' }),
  }),
});

const EnrollEmailSuccess = methodPayload('EnrollEmailSuccess', EmailMethod, 'The email method enrolled.');

defineWrite({
  name: 'enrollEmail',
  description: 'Enroll an email factor (POST email). A user who already has another factor gets a ConflictError.',
  input: EnrollEmailInput,
  success: EnrollEmailSuccess,
  errors: [ConflictError],
  permission: PERMISSIONS.create,
  selfService: true,
  audit: () => ({ methodType: 'email' }),
  validate: (input, check) => ({ email: check.email(input.email, ['input', 'email']), name: check.name(input.name, ['input', 'name']) }),
  write: async ({ userId, valid: { email, name }, context, target }) => {
    target.contact = maskEmail(email);
    const method = await context.api.create(userId, { type: 'email', email, ...(name !== undefined ? { name } : {}) });
    target.methodId = method.id;
    return { method, userId };
  },
});
