/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The kind of an authentication method. OTHER stands for an upstream type this gateway does not know yet. */
export type AuthenticationMethodType =
  | 'EMAIL'
  | 'EMAIL_VERIFICATION'
  | 'GUARDIAN'
  | 'OTHER'
  | 'PASSKEY'
  | 'PASSWORD'
  | 'PHONE'
  | 'PUSH_NOTIFICATION'
  | 'RECOVERY_CODE'
  | 'TOTP'
  | 'WEBAUTHN_PLATFORM'
  | 'WEBAUTHN_ROAMING';

export type DeleteAllMethodsInput = {
  userId: string | number;
};

export type DeleteMethodInput = {
  methodId: string | number;
  userId: string | number;
};

/** Enroll an email address that receives codes. Allowed only while the user has no other factor. */
export type EnrollEmailInput = {
  email: string;
  /** At most 20 characters. */
  name?: string | null | undefined;
  userId: string | number;
};

/** Enroll a phone number that receives codes by SMS. */
export type EnrollSmsInput = {
  /** At most 20 characters. */
  name?: string | null | undefined;
  /** International number, e.g. +14155550100; sent upstream as E.164. */
  phoneNumber: string;
  userId: string | number;
};

/** Enroll a one-time-password app. Without `secret`, the gateway generates one. */
export type EnrollTotpInput = {
  /** At most 20 characters. */
  name?: string | null | undefined;
  /** Base32, at least 26 characters (128 bits). Omit to have one generated. */
  secret?: string | null | undefined;
  userId: string | number;
};

/** Enroll a phone number that receives codes by voice call. */
export type EnrollVoiceInput = {
  /** At most 20 characters. */
  name?: string | null | undefined;
  /** International number, e.g. +14155550100; sent upstream as E.164. */
  phoneNumber: string;
  userId: string | number;
};

/** Enroll a security key from a completed WebAuthn registration. */
export type EnrollWebAuthnRoamingInput = {
  /** Credential id, base64url. */
  keyId: string;
  /** At most 20 characters. */
  name?: string | null | undefined;
  /** Credential public key, base64 or base64url. */
  publicKey: string;
  /** RP id, a host name such as login.example.com. */
  relyingPartyIdentifier: string;
  userId: string | number;
};

export type ErrorCode =
  | 'CONFLICT'
  | 'METHOD_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'USER_NOT_FOUND'
  | 'VALIDATION_FAILED';

export type PhoneChannel =
  | 'SMS'
  | 'VOICE';

export type ReplaceMethodsInput = {
  methods: Array<ReplacementMethodInput>;
  userId: string | number;
};

export type ReplacementEmailInput = {
  email: string;
  name?: string | null | undefined;
};

/** Exactly one of `phone`, `email` or `totp`: the only kinds the upstream PUT accepts. */
export type ReplacementMethodInput = {
  email?: ReplacementEmailInput | null | undefined;
  phone?: ReplacementPhoneInput | null | undefined;
  totp?: ReplacementTotpInput | null | undefined;
};

export type ReplacementPhoneInput = {
  name?: string | null | undefined;
  phoneNumber: string;
  /** Defaults to SMS. */
  preferredAuthenticationMethod?: PhoneChannel | null | undefined;
};

export type ReplacementTotpInput = {
  name?: string | null | undefined;
  secret: string;
};

/** Rename a method, or switch a phone method between SMS and voice. At least one of the two. */
export type UpdateMethodInput = {
  methodId: string | number;
  /** At most 20 characters. */
  name?: string | null | undefined;
  /** Phone methods only. */
  preferredAuthenticationMethod?: PhoneChannel | null | undefined;
  userId: string | number;
};

type EveryMethodField_EmailMethod_Fragment = { __typename: 'EmailMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_EmailVerificationMethod_Fragment = { __typename: 'EmailVerificationMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_GuardianMethod_Fragment = { __typename: 'GuardianMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_OtherMethod_Fragment = { __typename: 'OtherMethod', rawType: string, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_PasskeyMethod_Fragment = { __typename: 'PasskeyMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, credentialDeviceType: string | null, credentialBackedUp: boolean | null, identityUserId: string | null, userAgent: string | null, userHandle: string | null, transports: Array<string> | null, aaguid: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_PasswordMethod_Fragment = { __typename: 'PasswordMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_PhoneMethod_Fragment = { __typename: 'PhoneMethod', phoneNumber: string | null, preferredAuthenticationMethod: PhoneChannel | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null, authenticationMethods: Array<{ id: string, channel: PhoneChannel | null }> };

type EveryMethodField_PushNotificationMethod_Fragment = { __typename: 'PushNotificationMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_RecoveryCodeMethod_Fragment = { __typename: 'RecoveryCodeMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_TotpMethod_Fragment = { __typename: 'TotpMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_WebAuthnPlatformMethod_Fragment = { __typename: 'WebAuthnPlatformMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

type EveryMethodField_WebAuthnRoamingMethod_Fragment = { __typename: 'WebAuthnRoamingMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null };

export type EveryMethodFieldFragment =
  | EveryMethodField_EmailMethod_Fragment
  | EveryMethodField_EmailVerificationMethod_Fragment
  | EveryMethodField_GuardianMethod_Fragment
  | EveryMethodField_OtherMethod_Fragment
  | EveryMethodField_PasskeyMethod_Fragment
  | EveryMethodField_PasswordMethod_Fragment
  | EveryMethodField_PhoneMethod_Fragment
  | EveryMethodField_PushNotificationMethod_Fragment
  | EveryMethodField_RecoveryCodeMethod_Fragment
  | EveryMethodField_TotpMethod_Fragment
  | EveryMethodField_WebAuthnPlatformMethod_Fragment
  | EveryMethodField_WebAuthnRoamingMethod_Fragment
;

export type MethodsOfUserQueryVariables = Exact<{
  userId: string | number;
  type?: Array<AuthenticationMethodType> | AuthenticationMethodType | null | undefined;
}>;


export type MethodsOfUserQuery = { authenticationMethods: Array<
    | { __typename: 'EmailMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'EmailVerificationMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'GuardianMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'OtherMethod', rawType: string, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PasskeyMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, credentialDeviceType: string | null, credentialBackedUp: boolean | null, identityUserId: string | null, userAgent: string | null, userHandle: string | null, transports: Array<string> | null, aaguid: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PasswordMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PhoneMethod', phoneNumber: string | null, preferredAuthenticationMethod: PhoneChannel | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null, authenticationMethods: Array<{ id: string, channel: PhoneChannel | null }> }
    | { __typename: 'PushNotificationMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'RecoveryCodeMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'TotpMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'WebAuthnPlatformMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'WebAuthnRoamingMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
  > };

export type MethodByIdQueryVariables = Exact<{
  userId: string | number;
  id: string | number;
}>;


export type MethodByIdQuery = { authenticationMethod:
    | { __typename: 'EmailMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'EmailVerificationMethod', email: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'GuardianMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'OtherMethod', rawType: string, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PasskeyMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, credentialDeviceType: string | null, credentialBackedUp: boolean | null, identityUserId: string | null, userAgent: string | null, userHandle: string | null, transports: Array<string> | null, aaguid: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PasswordMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'PhoneMethod', phoneNumber: string | null, preferredAuthenticationMethod: PhoneChannel | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null, authenticationMethods: Array<{ id: string, channel: PhoneChannel | null }> }
    | { __typename: 'PushNotificationMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'RecoveryCodeMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'TotpMethod', id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'WebAuthnPlatformMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
    | { __typename: 'WebAuthnRoamingMethod', keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null, id: string, type: AuthenticationMethodType, name: string | null, confirmed: boolean | null, createdAt: string | null, lastAuthAt: string | null, enrolledAt: string | null, linkId: string | null }
   | null };

export type UserEntitiesQueryVariables = Exact<{
  representations: Array<unknown> | unknown;
}>;


export type UserEntitiesQuery = { _entities: Array<{ id: string, authenticationMethods: Array<
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
      | { id: string, type: AuthenticationMethodType }
    > } | null> };

export type ServiceSdlQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceSdlQuery = { _service: { sdl: string | null } };

type ErrorFields_ConflictError_Fragment = { __typename: 'ConflictError', message: string, code: ErrorCode };

type ErrorFields_MethodNotFoundError_Fragment = { __typename: 'MethodNotFoundError', message: string, code: ErrorCode };

type ErrorFields_RateLimitedError_Fragment = { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode };

type ErrorFields_UpstreamUnavailableError_Fragment = { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode };

type ErrorFields_UserNotFoundError_Fragment = { __typename: 'UserNotFoundError', message: string, code: ErrorCode };

type ErrorFields_ValidationError_Fragment = { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> };

export type ErrorFieldsFragment =
  | ErrorFields_ConflictError_Fragment
  | ErrorFields_MethodNotFoundError_Fragment
  | ErrorFields_RateLimitedError_Fragment
  | ErrorFields_UpstreamUnavailableError_Fragment
  | ErrorFields_UserNotFoundError_Fragment
  | ErrorFields_ValidationError_Fragment
;

export type UserMethodsFragment = { id: string, authenticationMethods: Array<
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
    | { id: string, type: AuthenticationMethodType }
  > };

export type EnrollSmsMutationVariables = Exact<{
  input: EnrollSmsInput;
}>;


export type EnrollSmsMutation = { enrollSms:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'EnrollSmsSuccess', method: { id: string, name: string | null, phoneNumber: string | null, preferredAuthenticationMethod: PhoneChannel | null } | null, user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type EnrollVoiceMutationVariables = Exact<{
  input: EnrollVoiceInput;
}>;


export type EnrollVoiceMutation = { enrollVoice:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'EnrollVoiceSuccess', method: { id: string, preferredAuthenticationMethod: PhoneChannel | null } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type EnrollEmailMutationVariables = Exact<{
  input: EnrollEmailInput;
}>;


export type EnrollEmailMutation = { enrollEmail:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'EnrollEmailSuccess', method: { id: string, email: string | null } | null, user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type EnrollTotpMutationVariables = Exact<{
  input: EnrollTotpInput;
}>;


export type EnrollTotpMutation = { enrollTotp:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'EnrollTotpSuccess', secret: string, otpauthUri: string, method: { id: string, type: AuthenticationMethodType, name: string | null } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type EnrollWebAuthnRoamingMutationVariables = Exact<{
  input: EnrollWebAuthnRoamingInput;
}>;


export type EnrollWebAuthnRoamingMutation = { enrollWebAuthnRoaming:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'EnrollWebAuthnRoamingSuccess', method: { id: string, keyId: string | null, publicKey: string | null, relyingPartyIdentifier: string | null } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type ReplaceMethodsMutationVariables = Exact<{
  input: ReplaceMethodsInput;
}>;


export type ReplaceMethodsMutation = { replaceMethods:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'ReplaceMethodsSuccess', methods: Array<
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
        | { id: string, type: AuthenticationMethodType, name: string | null }
      > | null, user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type UpdateMethodMutationVariables = Exact<{
  input: UpdateMethodInput;
}>;


export type UpdateMethodMutation = { updateMethod:
    | { __typename: 'MethodNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpdateMethodSuccess', method:
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { preferredAuthenticationMethod: PhoneChannel | null, id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
        | { id: string, name: string | null }
       | null, user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteMethodMutationVariables = Exact<{
  input: DeleteMethodInput;
}>;


export type DeleteMethodMutation = { deleteMethod:
    | { __typename: 'DeleteMethodSuccess', deletedMethodId: string, user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'MethodNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteAllMethodsMutationVariables = Exact<{
  input: DeleteAllMethodsInput;
}>;


export type DeleteAllMethodsMutation = { deleteAllMethods:
    | { __typename: 'ConflictError', message: string, code: ErrorCode }
    | { __typename: 'DeleteAllMethodsSuccess', user: { id: string, authenticationMethods: Array<
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
          | { id: string, type: AuthenticationMethodType }
        > } | null }
    | { __typename: 'RateLimitedError', retryAfterSeconds: number | null, message: string, code: ErrorCode }
    | { __typename: 'UpstreamUnavailableError', outcomeUnknown: boolean, message: string, code: ErrorCode }
    | { __typename: 'UserNotFoundError', message: string, code: ErrorCode }
    | { __typename: 'ValidationError', message: string, code: ErrorCode, fields: Array<{ path: Array<string>, message: string }> }
   };

export const EveryMethodFieldFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EveryMethodField"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthenticationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"confirmed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthAt"}},{"kind":"Field","name":{"kind":"Name","value":"enrolledAt"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PhoneMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailVerificationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnRoamingMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnPlatformMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PasskeyMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}},{"kind":"Field","name":{"kind":"Name","value":"credentialDeviceType"}},{"kind":"Field","name":{"kind":"Name","value":"credentialBackedUp"}},{"kind":"Field","name":{"kind":"Name","value":"identityUserId"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"userHandle"}},{"kind":"Field","name":{"kind":"Name","value":"transports"}},{"kind":"Field","name":{"kind":"Name","value":"aaguid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]} as unknown as DocumentNode<EveryMethodFieldFragment, unknown>;
export const ErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}}]} as unknown as DocumentNode<ErrorFieldsFragment, unknown>;
export const UserMethodsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<UserMethodsFragment, unknown>;
export const MethodsOfUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MethodsOfUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AuthenticationMethodType"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EveryMethodField"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EveryMethodField"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthenticationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"confirmed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthAt"}},{"kind":"Field","name":{"kind":"Name","value":"enrolledAt"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PhoneMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailVerificationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnRoamingMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnPlatformMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PasskeyMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}},{"kind":"Field","name":{"kind":"Name","value":"credentialDeviceType"}},{"kind":"Field","name":{"kind":"Name","value":"credentialBackedUp"}},{"kind":"Field","name":{"kind":"Name","value":"identityUserId"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"userHandle"}},{"kind":"Field","name":{"kind":"Name","value":"transports"}},{"kind":"Field","name":{"kind":"Name","value":"aaguid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]} as unknown as DocumentNode<MethodsOfUserQuery, MethodsOfUserQueryVariables>;
export const MethodByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MethodById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authenticationMethod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EveryMethodField"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EveryMethodField"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthenticationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"confirmed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthAt"}},{"kind":"Field","name":{"kind":"Name","value":"enrolledAt"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PhoneMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailVerificationMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnRoamingMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebAuthnPlatformMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PasskeyMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}},{"kind":"Field","name":{"kind":"Name","value":"credentialDeviceType"}},{"kind":"Field","name":{"kind":"Name","value":"credentialBackedUp"}},{"kind":"Field","name":{"kind":"Name","value":"identityUserId"}},{"kind":"Field","name":{"kind":"Name","value":"userAgent"}},{"kind":"Field","name":{"kind":"Name","value":"userHandle"}},{"kind":"Field","name":{"kind":"Name","value":"transports"}},{"kind":"Field","name":{"kind":"Name","value":"aaguid"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OtherMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]} as unknown as DocumentNode<MethodByIdQuery, MethodByIdQueryVariables>;
export const UserEntitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserEntities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"representations"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"_Any"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"representations"},"value":{"kind":"Variable","name":{"kind":"Name","value":"representations"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UserEntitiesQuery, UserEntitiesQueryVariables>;
export const ServiceSdlDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSdl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sdl"}}]}}]}}]} as unknown as DocumentNode<ServiceSdlQuery, ServiceSdlQueryVariables>;
export const EnrollSmsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollSms"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollSmsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollSms"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollSmsSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<EnrollSmsMutation, EnrollSmsMutationVariables>;
export const EnrollVoiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollVoice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollVoiceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollVoice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollVoiceSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}}]} as unknown as DocumentNode<EnrollVoiceMutation, EnrollVoiceMutationVariables>;
export const EnrollEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollEmailSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<EnrollEmailMutation, EnrollEmailMutationVariables>;
export const EnrollTotpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollTotp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollTotpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollTotp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollTotpSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"otpauthUri"}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}}]} as unknown as DocumentNode<EnrollTotpMutation, EnrollTotpMutationVariables>;
export const EnrollWebAuthnRoamingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollWebAuthnRoaming"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollWebAuthnRoamingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollWebAuthnRoaming"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollWebAuthnRoamingSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"relyingPartyIdentifier"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}}]} as unknown as DocumentNode<EnrollWebAuthnRoamingMutation, EnrollWebAuthnRoamingMutationVariables>;
export const ReplaceMethodsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReplaceMethods"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReplaceMethodsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replaceMethods"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReplaceMethodsSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"methods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<ReplaceMethodsMutation, ReplaceMethodsMutationVariables>;
export const UpdateMethodDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateMethod"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMethodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMethod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMethodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PhoneMethod"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferredAuthenticationMethod"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<UpdateMethodMutation, UpdateMethodMutationVariables>;
export const DeleteMethodDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteMethod"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteMethodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteMethod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteMethodSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedMethodId"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<DeleteMethodMutation, DeleteMethodMutationVariables>;
export const DeleteAllMethodsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteAllMethods"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAllMethodsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteAllMethods"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteAllMethodsSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserMethods"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamUnavailableError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcomeUnknown"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserMethods"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationMethods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<DeleteAllMethodsMutation, DeleteAllMethodsMutationVariables>;