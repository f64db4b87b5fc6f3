import type { Method } from '../domain.js';
import { methodType } from './map.js';

/**
 * Whether `method`, read back after a POST whose answer was lost, could be the enrollment that POST
 * asked for: the same type, created no earlier than `notBefore` (the tenant's clock), and the same
 * on what a read shows. Reads mask phone numbers and emails, so those are compared on what the
 * mask leaves visible (and on length); a security key on its credential id. Whether a candidate
 * proves anything is write-outcome.ts's decision.
 */
export function isCandidateEnrollment(method: Method, body: Record<string, unknown>, notBefore: number): boolean {
  if (method.type !== methodType(String(body.type))) return false;
  if (method.createdAt && method.createdAt.getTime() < notBefore) return false;
  switch (method.type) {
    case 'PHONE':
      return method.phoneNumber !== null && maskedEquals(method.phoneNumber, String(body.phone_number));
    case 'EMAIL':
      return method.email !== null && maskedEmailEquals(method.email, String(body.email));
    case 'WEBAUTHN_ROAMING':
    case 'PASSKEY':
      return method.keyId === body.key_id;
    default:
      return true;
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
  if (maskedLocal === undefined || maskedDomain === undefined || clearLocal === undefined || clearDomain === undefined)
    return masked === clear;
  const part = (m: string, c: string) => /^\*+$/.test(m) || maskedEquals(m, c);
  return part(maskedLocal, clearLocal) && part(maskedDomain, clearDomain);
}
