import { seed } from './seed.js';
import { newMethodId, type Store, type StoredMethod } from './store.js';
import type { LogStream } from './log-stream.js';
import type { Faults } from './faults.js';
import type { RateLimitSettings } from './rate-limit.js';
import type { Payload } from './payloads.js';
import { apiError } from './http-error.js';
import type { CallerTokenRequest, TenantTokens } from './tenant-tokens.js';
import type { EmulatorStats, RecordedRequest } from './server.js';

/** What the look-inside API may reach of the emulator. */
export interface EmulatorInside {
  store: Store;
  faults: Faults;
  logStream: LogStream;
  tokens: TenantTokens;
  requests: RecordedRequest[];
  stats(): EmulatorStats;
  /** Counters back to zero (calls in flight stay counted). */
  resetStats(): void;
  configure(settings: { latencyMs?: number; clockSkewSeconds?: number; rateLimit?: RateLimitSettings }): void;
}

/**
 * /__emulator: what a test or a developer needs to look inside and steer the tenant: the requests
 * it received, its counters, a reset, users to set up, token revocation, caller tokens, latency,
 * clock skew, rate limit, faults, the log stream and what users do outside the API (an enrollment
 * through Universal Login, which the log stream reports). Never part of a production gateway (docs/upstream.md).
 */
export async function adminApi(
  inside: EmulatorInside,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body?: unknown }> {
  const input = (body ?? {}) as Payload;
  switch (`${method} ${path.split('/')[0]}`) {
    case 'GET requests':
      return { status: 200, body: inside.requests };
    case 'DELETE requests':
      inside.requests.length = 0;
      inside.resetStats();
      return { status: 204 };
    case 'GET stats':
      return { status: 200, body: inside.stats() };
    case 'POST reset':
      seed(inside.store);
      inside.faults.clear();
      inside.requests.length = 0;
      inside.resetStats();
      return { status: 204 };
    case 'GET users':
    case 'PUT users':
    case 'DELETE users': {
      const userId = decodeURIComponent(path.slice('users/'.length));
      if (method === 'PUT') {
        inside.store.setUser(userId, (input.methods as StoredMethod[] | undefined) ?? []);
        return { status: 204 };
      }
      if (method === 'DELETE') return { status: inside.store.deleteUser(userId) ? 204 : 404 };
      const methods = inside.store.methods(userId);
      return methods ? { status: 200, body: methods } : { status: 404, body: { message: 'no such user' } };
    }
    case 'POST revoke-tokens':
      inside.tokens.revokeAll();
      return { status: 204 };
    case 'POST caller-tokens':
      return { status: 200, body: { token: await inside.tokens.mintCallerToken(input as unknown as CallerTokenRequest) } };
    case 'PATCH settings':
      inside.configure({
        ...(typeof input.latencyMs === 'number' ? { latencyMs: input.latencyMs } : {}),
        ...(typeof input.clockSkewSeconds === 'number' ? { clockSkewSeconds: input.clockSkewSeconds } : {}),
        ...(input.rateLimit ? { rateLimit: input.rateLimit as RateLimitSettings } : {}),
      });
      return { status: 204 };
    case 'PUT log-stream':
      inside.logStream.configure({ url: String(input.url), token: String(input.token) });
      return { status: 204 };
    case 'DELETE log-stream':
      inside.logStream.configure(null);
      return { status: 204 };
    case 'POST universal-login-enrollment': {
      // A user enrolls a factor on the login page: the tenant changes, the Management API is not called.
      const userId = String(input.userId);
      const methods = inside.store.methods(userId);
      if (!methods) return { status: 404, body: { message: 'no such user' } };
      const type = typeof input.type === 'string' ? input.type : 'totp';
      const method: StoredMethod = { id: newMethodId(type), type, confirmed: true, created_at: new Date().toISOString() };
      inside.store.setUser(userId, [...methods, method]);
      inside.logStream.emit({ type: 'gd_enrollment_complete', user_id: userId, description: 'Guardian - Enrollment complete' });
      return { status: 201, body: method };
    }
    case 'PUT faults':
      inside.faults.configure(input);
      return { status: 204 };
    case 'DELETE faults':
      inside.faults.clear();
      return { status: 204 };
    default:
      throw apiError(404, 'Not Found');
  }
}
