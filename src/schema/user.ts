import { builder } from '../builder.js';
import { readScopes } from '../auth/caller.js';
import type { Method, MethodType } from '../domain.js';
import type { Context } from '../context.js';
import { checkId } from '../validation/ids.js';
import { validationGraphQLError } from '../validation/field-error.js';
import { AuthenticationMethod, AuthenticationMethodType } from './methods/authentication-method.js';

export interface UserShape {
  id: string;
}

/**
 * The company's User, owned by the users subgraph; this subgraph adds its MFA methods. The router
 * sends `{ __typename: "User", id }`, and resolving a reference costs nothing: the methods are
 * loaded, through the request's loader, only when a field asks for them.
 */
export const User = builder.objectRef<UserShape>('User').implement({
  description: 'A user of the tenant, identified by its Auth0 user id (e.g. `auth0|64f...`).',
  fields: (t) => ({
    id: t.exposeID('id'),
    authenticationMethods: t.field({
      type: [AuthenticationMethod],
      description: "The user's authentication methods, optionally only those of the given types.",
      args: { type: t.arg({ type: [AuthenticationMethodType], required: false }) },
      authScopes: (user) => readScopes(user.id),
      resolve: (user, args, context) => listMethods(context, user.id, ['id'], args.type),
    }),
    authenticationMethod: t.field({
      type: AuthenticationMethod,
      nullable: true,
      description: 'One of the user\'s methods by id; null when the user has no such method.',
      args: { id: t.arg.id({ required: true }) },
      authScopes: (user) => readScopes(user.id),
      resolve: (user, args, context) => findMethod(context, user.id, String(args.id), ['id'], ['id']),
    }),
  }),
});

builder.asEntity(User, {
  key: builder.selection<UserShape>('id'),
  // Representations are JSON the caller wrote (`_Any`): an id that is not a well-formed id string
  // is the caller's error, refused here before any field or permission check looks at it.
  resolveReference: (reference) => {
    const id: unknown = reference.id;
    const errors = typeof id === 'string' ? checkId(id, ['representations', 'id']) : [{ path: ['representations', 'id'], message: 'must be a string' }];
    if (errors.length > 0) throw validationGraphQLError(errors);
    return { id: id as string };
  },
});

builder.queryFields((t) => ({
  authenticationMethods: t.field({
    type: [AuthenticationMethod],
    description: "A user's authentication methods, optionally only those of the given types.",
    args: {
      userId: t.arg.id({ required: true }),
      type: t.arg({ type: [AuthenticationMethodType], required: false }),
    },
    authScopes: (_root, args) => readScopes(String(args.userId)),
    resolve: (_root, args, context) => listMethods(context, String(args.userId), ['userId'], args.type),
  }),
  authenticationMethod: t.field({
    type: AuthenticationMethod,
    nullable: true,
    description: "One of a user's methods by id; null when the user has no such method.",
    args: { userId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    authScopes: (_root, args) => readScopes(String(args.userId)),
    resolve: (_root, args, context) => findMethod(context, String(args.userId), String(args.id), ['userId'], ['id']),
  }),
}));

/** A user's methods through the request's loader, once the id is checked (`path` names it in an error). */
export async function loadMethods(context: Context, userId: string, path: string[]): Promise<Method[]> {
  const errors = checkId(userId, path);
  if (errors.length > 0) throw validationGraphQLError(errors);
  return context.loaders.methodsByUser.load(userId);
}

async function listMethods(
  context: Context,
  userId: string,
  userIdPath: string[],
  types: readonly MethodType[] | null | undefined,
): Promise<Method[]> {
  const methods = await loadMethods(context, userId, userIdPath);
  if (!types || types.length === 0) return methods;
  const wanted = new Set(types);
  return methods.filter((method) => wanted.has(method.type));
}

/** Served from the user's list, so a by-id read never costs a second upstream call. */
async function findMethod(context: Context, userId: string, id: string, userIdPath: string[], idPath: string[]): Promise<Method | null> {
  const errors = [...checkId(userId, userIdPath), ...checkId(id, idPath)];
  if (errors.length > 0) throw validationGraphQLError(errors);
  const methods = await context.loaders.methodsByUser.load(userId);
  return methods.find((method) => method.id === id) ?? null;
}
