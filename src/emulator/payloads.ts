/**
 * The upstream's closed request schemas (additionalProperties: false) and the shape of its answers,
 * including the masking of contact details seen in recorded traffic.
 */
import type { StoredMethod } from './store.js';
import { maskEmail, maskPhone } from '../contact-mask.js';

export type Payload = Record<string, unknown>;

/** Thrown for a body the real API would answer with 400 invalid_body. */
export class PayloadError extends Error {}

const NAME_MAX = 20;
const BASE32 = /^[A-Z2-7]+=*$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Rule = { required?: boolean; check: (value: unknown) => string | null };

const string =
  (min: number, max: number): Rule['check'] =>
  (value) => {
    if (typeof value !== 'string') return 'Expected type string';
    if (value.length < min) return `String is too short (${value.length} chars), minimum ${min}`;
    if (value.length > max) return `String is too long (${value.length} chars), maximum ${max}`;
    return null;
  };
const oneOf =
  (...values: string[]): Rule['check'] =>
  (value) =>
    typeof value === 'string' && values.includes(value) ? null : `No enum match for: ${JSON.stringify(value)}`;
const matches =
  (pattern: RegExp, min: number, max: number): Rule['check'] =>
  (value) =>
    string(min, max)(value) ?? (pattern.test(value as string) ? null : 'String does not match pattern');
const boolean: Rule['check'] = (value) => (typeof value === 'boolean' ? null : 'Expected type boolean');
const stringArray: Rule['check'] = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'Expected type array of strings';

const name: Rule = { check: string(1, NAME_MAX) };
const phoneFields: Record<string, Rule> = {
  name,
  phone_number: { required: true, check: string(2, 30) },
  preferred_authentication_method: { check: oneOf('sms', 'voice') },
};
const emailFields: Record<string, Rule> = { name, email: { required: true, check: matches(EMAIL, 3, 254) } };
const totpFields: Record<string, Rule> = { name, totp_secret: { required: true, check: matches(BASE32, 16, 128) } };
const webauthnFields: Record<string, Rule> = {
  name,
  key_id: { required: true, check: string(1, 1024) },
  public_key: { required: true, check: string(1, 4096) },
  relying_party_identifier: { required: true, check: string(1, 255) },
};
const passkeyFields: Record<string, Rule> = {
  name,
  key_id: { required: true, check: string(1, 1024) },
  public_key: { required: true, check: string(1, 4096) },
  relying_party_identifier: { check: string(1, 255) },
  aaguid: { check: string(1, 64) },
  credential_device_type: { check: oneOf('single_device', 'multi_device') },
  credential_backed_up: { check: boolean },
  identity_user_id: { check: string(1, 255) },
  user_agent: { check: string(1, 1024) },
  user_handle: { check: string(1, 255) },
  transports: { check: stringArray },
};

/** What POST accepts, per type. The seed's `webauthn_roaming` spelling is tolerated, as the reference allows. */
const CREATE_SCHEMAS: Record<string, Record<string, Rule>> = {
  phone: phoneFields,
  email: emailFields,
  totp: totpFields,
  'webauthn-roaming': webauthnFields,
  webauthn_roaming: webauthnFields,
  passkey: passkeyFields,
};
/** PUT items may only be phone, email or totp. */
const REPLACE_SCHEMAS: Record<string, Record<string, Rule>> = { phone: phoneFields, email: emailFields, totp: totpFields };
const UPDATE_SCHEMA: Record<string, Rule> = {
  name,
  preferred_authentication_method: { check: oneOf('sms', 'voice') },
};

function fail(detail: string, property?: string): never {
  throw new PayloadError(`Payload validation error: '${detail}'${property ? ` on property ${property}` : ''}.`);
}

function checkObject(body: unknown, rules: Record<string, Rule>, extraAllowed: string[] = []): Payload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('Expected type object but found type ' + typeName(body));
  const payload = body as Payload;
  const unknown = Object.keys(payload).filter((key) => !(key in rules) && !extraAllowed.includes(key));
  if (unknown.length > 0) fail(`Additional properties not allowed: ${unknown.join(',')}`);
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in payload)) {
      if (rule.required) fail(`Missing required property: ${key}`);
      continue;
    }
    const problem = rule.check(payload[key]);
    if (problem) fail(problem, key);
  }
  return payload;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function checkTyped(body: unknown, schemas: Record<string, Record<string, Rule>>): Payload {
  const type = (body as Payload | null)?.type;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail(`Expected type object but found type ${typeName(body)}`);
  if (type === undefined) fail('Missing required property: type');
  const rules = typeof type === 'string' ? schemas[type] : undefined;
  if (!rules) fail(`No enum match for: ${JSON.stringify(type)}`, 'type');
  return checkObject(body, rules, ['type']);
}

export const validateCreate = (body: unknown): Payload => checkTyped(body, CREATE_SCHEMAS);

export function validateReplace(body: unknown): Payload[] {
  if (!Array.isArray(body)) fail(`Expected type array but found type ${typeName(body)}`);
  return body.map((item) => checkTyped(item, REPLACE_SCHEMAS));
}

export const validateUpdate = (body: unknown): Payload => checkObject(body, UPDATE_SCHEMA);

/** The type as stored and answered: the API always answers with the hyphenated spelling. */
export const canonicalType = (type: string): string => (type === 'webauthn_roaming' ? 'webauthn-roaming' : type);

/**
 * A stored method as the API answers it. `confirmed` appears only in GET answers, contact details
 * are masked except in the PUT answer, and the TOTP secret never leaves.
 */
export function present(method: StoredMethod, options: { confirmed: boolean; masked: boolean }): Payload {
  const { totp_secret: _secret, confirmed, created_at, last_auth_at, ...rest } = method;
  const out: Payload = { id: rest.id, type: rest.type };
  if (options.confirmed) out.confirmed = confirmed;
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'id' || key === 'type' || value === undefined) continue;
    out[key] = value;
  }
  if (options.masked && typeof out.phone_number === 'string') out.phone_number = maskPhone(out.phone_number);
  if (options.masked && typeof out.email === 'string') out.email = maskEmail(out.email);
  out.created_at = created_at;
  if (last_auth_at) out.last_auth_at = last_auth_at;
  return out;
}
