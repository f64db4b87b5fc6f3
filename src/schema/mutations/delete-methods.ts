import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { InputChecker } from '../../validation/input-checker.js';
import { ConflictError, MethodNotFoundError } from '../../upstream/errors.js';
import { WRITE_ERRORS } from '../errors.js';
import { User } from '../user.js';
import { runWrite, USER_FIELD_DESCRIPTION, writeAccess } from './write.js';

const DeleteMethodInput = builder.inputType('DeleteMethodInput', {
  fields: (t) => ({ userId: t.id({ required: true }), methodId: t.id({ required: true }) }),
});

const DeleteMethodSuccess = builder.objectRef<{ deletedMethodId: string; userId: string }>('DeleteMethodSuccess').implement({
  description: 'The method was deleted (with any methods linked to it).',
  fields: (t) => ({
    deletedMethodId: t.exposeID('deletedMethodId'),
    user: t.field({ type: User, nullable: true, description: USER_FIELD_DESCRIPTION, resolve: (payload) => ({ id: payload.userId }) }),
  }),
});

builder.mutationField('deleteMethod', (t) =>
  t.field({
    type: DeleteMethodSuccess,
    description: 'Delete one method (DELETE one).',
    args: { input: t.arg({ type: DeleteMethodInput, required: true }) },
    errors: { types: [...WRITE_ERRORS, MethodNotFoundError] },
    ...writeAccess('deleteMethod', PERMISSIONS.delete, true),
    resolve: (_root, { input }, context) =>
      runWrite(
        context,
        { mutation: 'deleteMethod', targetUserId: String(input.userId), methodId: String(input.methodId) },
        async () => {
          const check = new InputChecker();
          const userId = check.id(String(input.userId), ['input', 'userId']);
          const methodId = check.id(String(input.methodId), ['input', 'methodId']);
          check.done();
          const known = context.loaders.readInThisRequest(userId)?.some((method) => method.id === methodId) ?? false;
          await context.api.remove(userId, methodId, known);
          return { deletedMethodId: methodId, userId };
        },
      ),
  }),
);

const DeleteAllMethodsInput = builder.inputType('DeleteAllMethodsInput', {
  fields: (t) => ({ userId: t.id({ required: true }) }),
});

const DeleteAllMethodsSuccess = builder.objectRef<{ userId: string }>('DeleteAllMethodsSuccess').implement({
  description: 'Every method of the user was deleted.',
  fields: (t) => ({ user: t.field({ type: User, nullable: true, description: USER_FIELD_DESCRIPTION, resolve: (payload) => ({ id: payload.userId }) }) }),
});

builder.mutationField('deleteAllMethods', (t) =>
  t.field({
    type: DeleteAllMethodsSuccess,
    description: "Delete all of a user's methods (DELETE all). Cannot be undone.",
    args: { input: t.arg({ type: DeleteAllMethodsInput, required: true }) },
    errors: { types: [...WRITE_ERRORS, ConflictError] },
    ...writeAccess('deleteAllMethods', PERMISSIONS.delete, false),
    resolve: (_root, { input }, context) =>
      runWrite(context, { mutation: 'deleteAllMethods', targetUserId: String(input.userId) }, async () => {
        const check = new InputChecker();
        const userId = check.id(String(input.userId), ['input', 'userId']);
        check.done();
        await context.api.removeAll(userId);
        return { userId };
      }),
  }),
);
