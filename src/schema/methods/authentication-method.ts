import { builder } from '../../builder.js';
import { METHOD_TYPES, type Method, type MethodType } from '../../domain.js';
import { DateTime } from '../scalars.js';

export const AuthenticationMethodType = builder.enumType('AuthenticationMethodType', {
  description: 'The kind of an authentication method. OTHER stands for an upstream type this gateway does not know yet.',
  values: METHOD_TYPES,
});

export const PhoneChannel = builder.enumType('PhoneChannel', { values: ['SMS', 'VOICE'] as const });

/** The concrete GraphQL type of each method type; every name here is implemented in this folder. */
const TYPE_NAMES: Record<MethodType, string> = {
  PHONE: 'PhoneMethod',
  EMAIL: 'EmailMethod',
  TOTP: 'TotpMethod',
  WEBAUTHN_ROAMING: 'WebAuthnRoamingMethod',
  WEBAUTHN_PLATFORM: 'WebAuthnPlatformMethod',
  PASSKEY: 'PasskeyMethod',
  PUSH_NOTIFICATION: 'PushNotificationMethod',
  RECOVERY_CODE: 'RecoveryCodeMethod',
  PASSWORD: 'PasswordMethod',
  EMAIL_VERIFICATION: 'EmailVerificationMethod',
  GUARDIAN: 'GuardianMethod',
  OTHER: 'OtherMethod',
};

export const AuthenticationMethod = builder.interfaceRef<Method>('AuthenticationMethod').implement({
  description: "One of a user's multi-factor authentication methods, as the Auth0 Management API reports it.",
  resolveType: (method) => TYPE_NAMES[method.type],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Upstream id, e.g. `phone|dev_kXVq4drj3Mw6uCF5`.' }),
    type: t.field({ type: AuthenticationMethodType, resolve: (method) => method.type }),
    name: t.exposeString('name', { nullable: true }),
    confirmed: t.exposeBoolean('confirmed', { nullable: true, description: 'Whether enrollment was completed.' }),
    createdAt: t.expose('createdAt', { type: DateTime, nullable: true }),
    lastAuthAt: t.expose('lastAuthAt', { type: DateTime, nullable: true, description: 'Last successful use; null until first used.' }),
    enrolledAt: t.expose('enrolledAt', { type: DateTime, nullable: true }),
    linkId: t.exposeString('linkId', { nullable: true, description: 'Methods sharing a linkId are deleted together.' }),
  }),
});

/** A concrete method type: the interface's fields plus its own. */
export function methodObjectType(
  name: string,
  description: string,
  fields?: Parameters<ReturnType<typeof builder.objectRef<Method>>['implement']>[0]['fields'],
) {
  return builder.objectRef<Method>(name).implement({ description, interfaces: [AuthenticationMethod], ...(fields ? { fields } : {}) });
}
