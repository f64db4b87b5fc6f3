import type { Method } from '../domain.js';
import { methodType } from './map.js';

/** Clocks of the gateway and the tenant may differ; a method created this long before we sent still counts. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Whether `method`, read back after a POST whose answer was lost, is the enrollment that POST
 * asked for. Reads mask phone numbers and emails, so those are compared on what the mask leaves
 * visible (and on length); a security key on its credential id; an OTP app, of which the API
 * allows one, on being created after we sent.
 */
export function isSameEnrollment(method: Method, body: Record<string, unknown>, sentAt: number): boolean {
  if (method.type !== methodType(String(body.type))) return false;
  if (method.createdAt && method.createdAt.getTime() < sentAt - CLOCK_SKEW_MS) return false;
  switch (method.type) {
    case 'PHONE':
      return method.phoneNumber !== null && maskedEquals(method.phoneNumber, String(body.phone_number));
    case 'EMAIL':
      return method.email !== null && maskedEmailEquals(method.email, String(body.email));
    case 'WEBAUTHN_ROAMING':
    case 'PASSKEY':
      return method.keyId === body.key_id;
    default:
      return method.createdAt !== null;
  }
}

const MASK = new Set(['*', 'X']);

/** Same length, and every character either masked or equal (case-insensitively). */
function maskedEquals(masked: string, clear: string): boolean {
  if (masked === clear) return true;
  if (masked.length !== clear.length) return false;
  for (let i = 0; i < masked.length; i += 1) {
    if (!MASK.has(masked[i]!) && masked[i]!.toLowerCase() !== clear[i]!.toLowerCase()) return false;
  }
  return true;
}

/** Per part of the address; a part masked whole (`****`) says nothing, so it matches. */
function maskedEmailEquals(masked: string, clear: string): boolean {
  const [maskedLocal, maskedDomain] = masked.split('@');
  const [clearLocal, clearDomain] = clear.split('@');
  if (maskedLocal === undefined || maskedDomain === undefined || clearLocal === undefined || clearDomain === undefined) return masked === clear;
  const part = (m: string, c: string) => /^\*+$/.test(m) || maskedEquals(m, c);
  return part(maskedLocal, clearLocal) && part(maskedDomain, clearDomain);
}
