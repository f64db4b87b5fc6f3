import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { ConflictError, MethodNotFoundError } from '../../upstream/errors.js';
import { User } from '../user.js';
import { defineWrite, USER_FIELD_DESCRIPTION } from './write.js';

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

defineWrite({
  name: 'deleteMethod',
  description: 'Delete one method (DELETE one).',
  input: DeleteMethodInput,
  success: DeleteMethodSuccess,
  errors: [MethodNotFoundError],
  permission: PERMISSIONS.delete,
  selfService: true,
  audit: (input) => ({ methodId: String(input.methodId) }),
  validate: (input, check) => check.id(String(input.methodId), ['input', 'methodId']),
  write: async ({ userId, valid: methodId, context }) => {
    const known = context.loaders.readInThisRequest(userId)?.some((method) => method.id === methodId) ?? false;
    await context.api.remove(userId, methodId, known);
    return { deletedMethodId: methodId, userId };
  },
});

const DeleteAllMethodsInput = builder.inputType('DeleteAllMethodsInput', {
  fields: (t) => ({ userId: t.id({ required: true }) }),
});

const DeleteAllMethodsSuccess = builder.objectRef<{ userId: string }>('DeleteAllMethodsSuccess').implement({
  description: 'Every method of the user was deleted.',
  fields: (t) => ({ user: t.field({ type: User, nullable: true, description: USER_FIELD_DESCRIPTION, resolve: (payload) => ({ id: payload.userId }) }) }),
});

defineWrite({
  name: 'deleteAllMethods',
  description: "Delete all of a user's methods (DELETE all). Cannot be undone.",
  input: DeleteAllMethodsInput,
  success: DeleteAllMethodsSuccess,
  errors: [ConflictError],
  permission: PERMISSIONS.delete,
  selfService: false,
  validate: () => null,
  write: async ({ userId, context }) => {
    await context.api.removeAll(userId);
    return { userId };
  },
});
