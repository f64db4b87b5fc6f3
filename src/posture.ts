import { METHOD_TYPES, type Method, type MethodType } from './domain.js';

export type MfaStrength = 'NONE' | 'WEAK' | 'STRONG' | 'PHISHING_RESISTANT';

export interface Posture {
  strength: MfaStrength;
  enrolled: boolean;
  phishingResistant: boolean;
  factorTypes: MethodType[];
  hasRecoveryCode: boolean;
  lastUsedAt: Date | null;
}

/** Each strength's factors, strongest first. A recovery code, a password or email verification alone is no second factor. */
const STRENGTHS: ReadonlyArray<[MfaStrength, ReadonlySet<MethodType>]> = [
  ['PHISHING_RESISTANT', new Set(['WEBAUTHN_ROAMING', 'WEBAUTHN_PLATFORM', 'PASSKEY'])],
  ['STRONG', new Set(['TOTP', 'PUSH_NOTIFICATION', 'GUARDIAN'])],
  ['WEAK', new Set(['PHONE', 'EMAIL'])],
];

/**
 * How strong a user's MFA is, from their list of methods. A method the upstream reports as not
 * confirmed (an enrollment never finished) cannot pass a challenge, so it counts for no strength;
 * it is still listed among the types held.
 */
export function postureOf(methods: readonly Method[]): Posture {
  const held = new Set(methods.map((method) => method.type));
  const usable = new Set(methods.filter((method) => method.confirmed !== false).map((method) => method.type));
  const strength = STRENGTHS.find(([, types]) => [...types].some((type) => usable.has(type)))?.[0] ?? 'NONE';
  const lastUsed = Math.max(...methods.map((method) => method.lastAuthAt?.getTime() ?? Number.NEGATIVE_INFINITY));
  return {
    strength,
    enrolled: strength !== 'NONE',
    phishingResistant: strength === 'PHISHING_RESISTANT',
    factorTypes: METHOD_TYPES.filter((type) => held.has(type)),
    hasRecoveryCode: held.has('RECOVERY_CODE'),
    lastUsedAt: Number.isFinite(lastUsed) ? new Date(lastUsed) : null,
  };
}
