import type { GraphQLError } from 'graphql';
import type { InputObjectRef, ObjectRef } from '@pothos/core';
import { builder, type BuilderTypes } from '../../builder.js';
import type { Context } from '../../context.js';
import type { Method } from '../../domain.js';
import { readScopes, type Permission } from '../../auth/caller.js';
import { forbiddenError } from '../../auth/forbidden.js';
import { InvalidRequestError } from '../../upstream/errors.js';
import { InputChecker } from '../../validation/input-checker.js';
import { WRITE_ERRORS } from '../errors.js';
import { ValidationError } from '../../validation/validation-error.js';
import type { AuditTarget } from '../../audit/audit-trail.js';
import { User } from '../user.js';
import { AuthenticationMethod, type methodObjectType } from '../methods/authentication-method.js';

type MethodRef = typeof AuthenticationMethod | ReturnType<typeof methodObjectType>;

/** What the audit trail says a write touched; filled in as the write learns it (e.g. the new method id). */
export type WriteTarget = AuditTarget;

/**
 * Runs one mutation: input checks and the upstream call inside `write`, audited twice: when it is
 * attempted (before anything is sent; with AUDIT_LOG_FILE on disk at once, so even `kill -9` leaves
 * it on record) and with its outcome, which says only what the gateway can prove (`unknown` when
 * the write may or may not have been applied). Afterwards the user's loader entry is dropped, so
 * the payload's `user` and every later field of the request read the new state.
 */
async function runWrite<T>(context: Context, target: WriteTarget, write: (target: WriteTarget) => Promise<T>): Promise<T> {
  context.audit.attempted(target);
  try {
    const result = await write(target);
    context.audit.settled(target);
    return result;
  } catch (error) {
    // The upstream refusing a body we validated means our rules lag behind its own: still the caller's input.
    const refused =
      error instanceof InvalidRequestError
        ? new ValidationError([{ path: ['input'], message: 'was refused by the Management API as invalid' }])
        : error;
    context.audit.settled(target, refused);
    throw refused;
  } finally {
    if (target.targetUserId) context.loaders.methodsByUser.clear(target.targetUserId);
  }
}

/**
 * Who may run a mutation: the permission, or self-service where allowed (docs/auth.md). A refusal
 * is audited here, since the resolver never runs.
 */
function writeAccess(mutation: string, permission: Permission, selfServiceAllowed: boolean) {
  return {
    authScopes: (_root: unknown, args: { input: { userId: string | number } }) =>
      selfServiceAllowed ? { permission, self: String(args.input.userId) } : { permission },
    unauthorizedError: (_root: unknown, args: { input: { userId: string | number; methodId?: string | number } }, context: Context): GraphQLError => {
      context.audit.refused(
        {
          mutation,
          targetUserId: String(args.input.userId),
          ...(args.input.methodId !== undefined ? { methodId: String(args.input.methodId) } : {}),
        },
        'FORBIDDEN',
      );
      return forbiddenError();
    },
  };
}

/**
 * A payload's `user` is nullable so that a caller who may write but not read a user's methods
 * still sees that the write succeeded: the refusal nulls `user`, not the whole result.
 */
export const USER_FIELD_DESCRIPTION = 'The user, read again after the write; null (with a FORBIDDEN error) for a caller who may not read it.';

export interface MethodPayload {
  method: Method;
  userId: string;
}

/** `{ method, user }`, the success shape of enroll* and updateMethod. */
export function methodPayload<Extra extends object = object>(name: string, methodRef: MethodRef, description: string) {
  return builder.objectRef<MethodPayload & Extra>(name).implement({
    description,
    fields: (t) => ({
      method: t.field({
        type: methodRef,
        nullable: true,
        description: 'The method as written; null (with a FORBIDDEN error) for a caller who may write but not read it.',
        authScopes: (payload) => readScopes(payload.userId),
        resolve: (payload) => payload.method,
      }),
      user: t.field({ type: User, nullable: true, description: USER_FIELD_DESCRIPTION, resolve: (payload) => ({ id: payload.userId }) }),
    }),
  });
}

type ErrorClass = new (...args: never[]) => Error;

/**
 * A write mutation, declared once: its input (every input has a `userId`), its success type, the
 * errors it can meet besides those of every write, who may run it, what it checks and what it
 * writes. The wiring is the same for all: the permission or self-service on the field (a refusal
 * audited), the user id and then `validate` checked before anything is sent, and `write` run
 * through runWrite, which audits the attempt and its outcome.
 */
export function defineWrite<Input extends { userId: string | number }, Valid, Payload>(spec: {
  name: string;
  description: string;
  input: InputObjectRef<BuilderTypes, Input>;
  success: ObjectRef<BuilderTypes, Payload>;
  errors: ErrorClass[];
  permission: Permission;
  selfService: boolean;
  /** What the audit can say from the input alone, besides the mutation and the user. */
  audit?: (input: Input) => Partial<WriteTarget>;
  /** Checks the input (the user id is checked already); nothing is sent unless every check passes. */
  validate: (input: Input, check: InputChecker) => Valid;
  /** The upstream write; it fills in the audit target as it learns it (e.g. the new method's id). */
  write: (args: { userId: string; valid: Valid; context: Context; target: WriteTarget }) => Promise<Payload>;
}): void {
  // Pothos cannot resolve its argument and result types over a generic `Input` and `Payload`, so
  // the options are typed here instead: `resolveWrite` and `writeAccess` carry the real signatures.
  builder.mutationField(spec.name, (t) =>
    t.field({
      type: spec.success,
      description: spec.description,
      args: { input: t.arg({ type: spec.input, required: true }) },
      errors: { types: [...WRITE_ERRORS, ...spec.errors] },
      ...writeAccess(spec.name, spec.permission, spec.selfService),
      resolve: resolveWrite(spec),
    } as never),
  );
}

function resolveWrite<Input extends { userId: string | number }, Valid, Payload>(spec: Parameters<typeof defineWrite<Input, Valid, Payload>>[0]) {
  return (_root: unknown, { input }: { input: Input }, context: Context): Promise<Payload> =>
    runWrite(context, { mutation: spec.name, targetUserId: String(input.userId), ...spec.audit?.(input) }, async (target) => {
      const check = new InputChecker();
      const userId = check.id(String(input.userId), ['input', 'userId']);
      const valid = spec.validate(input, check);
      check.done();
      return spec.write({ userId, valid, context, target });
    });
}
