import { TYPE_BY_UPSTREAM, type Method, type MethodType, type PhoneChannel } from '../domain.js';

type Raw = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const date = (value: unknown): Date | null => {
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
};
const channel = (value: unknown): PhoneChannel | null => (value === 'sms' ? 'SMS' : value === 'voice' ? 'VOICE' : null);

/** snake_case as the API sends it, with the camelCase of Auth0's help-page examples accepted as a fallback (docs/upstream.md). */
const field = (raw: Raw, snake: string, camel: string): unknown => raw[snake] ?? raw[camel];

export function methodType(rawType: string): MethodType {
  return Object.hasOwn(TYPE_BY_UPSTREAM, rawType) ? TYPE_BY_UPSTREAM[rawType as keyof typeof TYPE_BY_UPSTREAM] : 'OTHER';
}

/**
 * One upstream method as a Method, or null for an entry without an id, which no client could
 * address. Every other gap becomes a null field, so an answer that drifts from the reference
 * degrades one field, never the whole query.
 */
export function toMethod(value: unknown): Method | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Raw;
  const id = text(raw.id);
  if (!id) return null;
  const rawType = text(raw.type) ?? '';
  const subMethods = Array.isArray(raw.authentication_methods) ? raw.authentication_methods : [];
  const transports = Array.isArray(raw.transports) ? raw.transports.filter((t): t is string => typeof t === 'string') : null;
  return {
    id,
    type: methodType(rawType),
    rawType,
    name: text(raw.name),
    confirmed: flag(raw.confirmed),
    createdAt: date(raw.created_at),
    lastAuthAt: date(raw.last_auth_at),
    enrolledAt: date(raw.enrolled_at),
    linkId: text(raw.link_id),
    phoneNumber: text(raw.phone_number),
    preferredAuthenticationMethod: channel(raw.preferred_authentication_method),
    // Sub-methods are objects ({ id, type }); auth0-java once read them as strings (PR #520).
    phoneChannels: subMethods.flatMap((sub) => {
      const subId = typeof sub === 'object' && sub !== null ? text((sub as Raw).id) : null;
      return subId ? [{ id: subId, channel: channel((sub as Raw).type) }] : [];
    }),
    email: text(raw.email),
    keyId: text(field(raw, 'key_id', 'keyId')),
    publicKey: text(field(raw, 'public_key', 'publicKey')),
    relyingPartyIdentifier: text(field(raw, 'relying_party_identifier', 'relyingPartyIdentifier')),
    credentialDeviceType: text(raw.credential_device_type),
    credentialBackedUp: flag(raw.credential_backed_up),
    identityUserId: text(raw.identity_user_id),
    userAgent: text(raw.user_agent),
    userHandle: text(raw.user_handle),
    transports,
    aaguid: text(raw.aaguid),
  };
}

export function toMethods(values: unknown): Method[] {
  return Array.isArray(values) ? values.flatMap((value) => toMethod(value) ?? []) : [];
}
