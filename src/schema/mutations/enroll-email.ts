import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { InputChecker } from '../../validation/input-checker.js';
import { maskEmail } from '../../contact-mask.js';
import { ConflictError } from '../../upstream/errors.js';
import { WRITE_ERRORS } from '../errors.js';
import { EmailMethod } from '../methods/email.js';
import { methodPayload, runWrite, writeAccess } from './write.js';

const EnrollEmailInput = builder.inputType('EnrollEmailInput', {
  description: 'Enroll an email address that receives codes. Allowed only while the user has no other factor.',
  fields: (t) => ({
    userId: t.id({ required: true }),
    email: t.string({ required: true }),
    name: t.string({ required: false, description: 'At most 20 characters.' }),
  }),
});

const EnrollEmailSuccess = methodPayload('EnrollEmailSuccess', EmailMethod, 'The email method enrolled.');

builder.mutationField('enrollEmail', (t) =>
  t.field({
    type: EnrollEmailSuccess,
    description: 'Enroll an email factor (POST email). A user who already has another factor gets a ConflictError.',
    args: { input: t.arg({ type: EnrollEmailInput, required: true }) },
    errors: { types: [...WRITE_ERRORS, ConflictError] },
    ...writeAccess('enrollEmail', PERMISSIONS.create, true),
    resolve: (_root, { input }, context) =>
      runWrite(context, { mutation: 'enrollEmail', targetUserId: String(input.userId), methodType: 'email' }, async (target) => {
        const check = new InputChecker();
        const userId = check.id(String(input.userId), ['input', 'userId']);
        const email = check.email(input.email, ['input', 'email']);
        const name = check.name(input.name, ['input', 'name']);
        check.done();
        target.contact = maskEmail(email);
        const method = await context.api.create(userId, { type: 'email', email, ...(name !== undefined ? { name } : {}) });
        target.methodId = method.id;
        return { method, userId };
      }),
  }),
);
