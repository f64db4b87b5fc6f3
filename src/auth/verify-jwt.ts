import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from './caller.js';

export type Authentication =
  { caller: Caller; failure?: undefined } | { caller: null; failure: 'missing' | 'malformed' | 'expired' | 'invalid' };

export interface VerifierSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

/**
 * A caller's authentication from an Authorization header. Synchronous when the answer is known
 * without a signature check (no header, a malformed one, a token verified before), which is
 * nearly every request: a promise per request was a measurable share of the gateway's CPU.
 */
export type VerifyCaller = (authorization: string | null) => Authentication | Promise<Authentication>;

/** `then` of an authentication, at once when it is known, once verified when it is not. */
export function withAuthentication<T>(
  authentication: Authentication | Promise<Authentication>,
  then: (authentication: Authentication) => T,
): T | Promise<T> {
  return authentication instanceof Promise ? authentication.then(then) : then(authentication);
}

/** Verified tokens are kept until they expire, so the RSA check runs once per token, not per request. */
const CACHE_LIMIT = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies callers' bearer tokens: RS256 only, against the tenant's JWKS (cached by jose, and
 * fetched again, at most every 30 s, when a token names a `kid` it does not know), the issuer,
 * the audience, `exp` and `nbf`.
 */
export function createCallerVerifier(settings: VerifierSettings): VerifyCaller {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  const cache = new Map<string, Caller>();

  const verify = async (token: string): Promise<Authentication> => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      });
      const caller = toCaller(payload);
      // Map keeps insertion order, so dropping the first key evicts the oldest entry.
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(token, caller);
      return { caller };
    } catch (error) {
      return { caller: null, failure: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  };

  return (authorization) => {
    if (!authorization) return { caller: null, failure: 'missing' };
    const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(authorization);
    if (!match) return { caller: null, failure: 'malformed' };
    const token = match[1]!;
    const cached = cache.get(token);
    if (cached) {
      if (cached.expiresAt > Date.now()) return { caller: cached };
      cache.delete(token);
      return { caller: null, failure: 'expired' };
    }
    return verify(token);
  };
}

function toCaller(payload: JWTPayload): Caller {
  const permissions = new Set<string>();
  if (Array.isArray(payload.permissions)) {
    for (const p of payload.permissions) if (typeof p === 'string') permissions.add(p);
  }
  if (typeof payload.scope === 'string') for (const s of payload.scope.split(' ')) if (s) permissions.add(s);
  const clientId = typeof payload.azp === 'string' ? payload.azp : typeof payload.client_id === 'string' ? payload.client_id : null;
  return {
    sub: payload.sub!,
    clientId,
    permissions,
    expiresAt: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000,
  };
}
