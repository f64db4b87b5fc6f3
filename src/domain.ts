/**
 * The gateway's own model of an authentication method: camelCase, typed, every field optional
 * except the id, because the upstream adds types and drops fields without notice.
 */

/** Upstream `type` -> schema enum value. Anything not listed is OTHER, carried with its raw type. */
export const TYPE_BY_UPSTREAM = {
  phone: 'PHONE',
  email: 'EMAIL',
  totp: 'TOTP',
  'webauthn-roaming': 'WEBAUTHN_ROAMING',
  'webauthn-platform': 'WEBAUTHN_PLATFORM',
  passkey: 'PASSKEY',
  push: 'PUSH_NOTIFICATION',
  'recovery-code': 'RECOVERY_CODE',
  password: 'PASSWORD',
  'email-verification': 'EMAIL_VERIFICATION',
  guardian: 'GUARDIAN',
} as const;

export type MethodType = (typeof TYPE_BY_UPSTREAM)[keyof typeof TYPE_BY_UPSTREAM] | 'OTHER';
export const METHOD_TYPES: readonly MethodType[] = [...Object.values(TYPE_BY_UPSTREAM), 'OTHER'];

export type PhoneChannel = 'SMS' | 'VOICE';

export interface Method {
  id: string;
  type: MethodType;
  /** The upstream's own spelling of the type, e.g. `webauthn-roaming` or one we do not know yet. */
  rawType: string;
  name: string | null;
  confirmed: boolean | null;
  createdAt: Date | null;
  lastAuthAt: Date | null;
  enrolledAt: Date | null;
  linkId: string | null;
  phoneNumber: string | null;
  preferredAuthenticationMethod: PhoneChannel | null;
  phoneChannels: { id: string; channel: PhoneChannel | null }[];
  email: string | null;
  keyId: string | null;
  publicKey: string | null;
  relyingPartyIdentifier: string | null;
  credentialDeviceType: string | null;
  credentialBackedUp: boolean | null;
  identityUserId: string | null;
  userAgent: string | null;
  userHandle: string | null;
  transports: string[] | null;
  aaguid: string | null;
}
