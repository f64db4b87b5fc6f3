import type { FetchResponse } from 'ofetch';
import type { Logger } from '../log.js';
import { ConcurrencyLimiter, LimiterTimeoutError } from './limiter.js';
import type { TokenProvider } from './token.js';
import { describeNetworkFailure } from './token.js';
import { UpstreamError, UpstreamUnavailableError } from './errors.js';
import { failureOutcome } from './write-outcome.js';
import { errorFromResponse } from './error-mapping.js';
import { RateGate, type RateGateStatus } from './rate-gate.js';
import { backoffMs, decide, type Failure } from './retry-policy.js';
import type { UpstreamFetch } from './transport.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UpstreamCall {
  method: HttpMethod;
  /** Path under /api/v2, every id in it already percent-encoded (see paths.ts). */
  path: string;
  /** Whether the path names one method (a 404 then means the method) or a user's collection. */
  target: 'collection' | 'method';
  query?: Record<string, string>;
  body?: unknown;
}

export interface ClientSettings {
  baseUrl: string;
  maxWaitMs: number;
}

/** What one attempt produced: an answer, or no answer and whether the request had been sent. */
type Attempt = { response: FetchResponse<unknown>; sentAt: number } | { failure: Extract<Failure, { kind: 'network' }>; reason: string };

/** What the client reports as it works, for /metrics. */
export interface UpstreamObserver {
  call(route: string, status: number, seconds: number): void;
  retry(): void;
  rateLimitWait(): void;
}

/**
 * One request's account of upstream use: its attempts, for its log line. Also the request's
 * identity for the limiter's fair share.
 */
export interface Usage {
  calls: number;
}

/**
 * The one module that speaks HTTP to the Management API. Per call it adds the bearer token, takes
 * a slot of the process-wide limiter, passes the rate gate, bounds the attempt by
 * UPSTREAM_TIMEOUT_MS, and applies the retry policy (retry-policy.ts) within the request's
 * deadline: 429s wait for the reset, idempotent calls are retried on 5xx and lost connections, a
 * stale token is replaced once. Every failure leaves as one of the errors of errors.ts, so no
 * upstream body, URL or token leaves this module.
 */
export class ManagementClient {
  private readonly http: UpstreamFetch;
  private readonly rateGate: RateGate;
  private noAttemptsAfter = Number.POSITIVE_INFINITY;

  constructor(
    private readonly settings: ClientSettings,
    private readonly tokens: TokenProvider,
    private readonly limiter: ConcurrencyLimiter,
    private readonly log: Logger,
    private readonly observer: UpstreamObserver,
    http: UpstreamFetch,
  ) {
    this.rateGate = new RateGate({
      onWait: () => observer.rateLimitWait(),
      onSkew: (clockOffsetMs) => log.warn({ clockOffsetMs }, "the tenant's clock is more than a second away from ours; rate-limit resets are corrected for it"),
    });
    this.http = http.create({ baseURL: `${settings.baseUrl}/api/v2`, ignoreResponseError: true });
  }

  /**
   * From `at` on, no new attempt starts (shutdown): each fails at once as unavailable, which
   * write-outcome.ts turns into an unknown outcome for a write that may already have been applied.
   * Attempts under way finish within UPSTREAM_TIMEOUT_MS, so every request in flight has its answer
   * by `at` + the timeout.
   */
  stopAttemptsAt(at: number): void {
    this.noAttemptsAfter = at;
  }

  /** Whether calls are being held for the tenant's rate limit, and until when (for /readyz and /metrics). */
  rateLimitStatus(): RateGateStatus {
    return this.rateGate.status();
  }

  /** The deadline a request gets when it starts: the longest it may wait for slots, resets and retries. */
  deadlineFromNow(): number {
    return Date.now() + this.settings.maxWaitMs;
  }

  async send<T>(call: UpstreamCall, deadline: number, usage: Usage): Promise<T> {
    // Once a write may have been applied (sent without an answer, or answered 5xx), any later
    // failure of its retries leaves the outcome unknown, never "not applied".
    const state = { maybeApplied: false };
    try {
      return await this.sendWithRetries<T>(call, deadline, usage, state);
    } catch (error) {
      throw error instanceof UpstreamError ? failureOutcome(call, error, state.maybeApplied) : error;
    }
  }

  private async sendWithRetries<T>(call: UpstreamCall, deadline: number, usage: Usage | undefined, state: { maybeApplied: boolean }): Promise<T> {
    let token = await this.tokens.get();
    let refreshedToken = false;
    let retries = 0;
    const isWrite = call.method !== 'GET';
    for (;;) {
      const attempt = await this.attempt(call, token, deadline, usage);
      if ('failure' in attempt) {
        if (isWrite && attempt.failure.sent) state.maybeApplied = true;
        const decision = decide(call.method, attempt.failure, retries);
        if (decision === 'retry' && (await this.backoff(retries, deadline))) {
          retries += 1;
          continue;
        }
        throw new UpstreamUnavailableError(
          'The Management API did not answer; try again later.',
          decision === 'outcome-unknown' || (attempt.failure.sent && call.method !== 'GET'),
        );
      }
      const { response } = attempt;
      this.rateGate.observe(response.headers, response.status, attempt.sentAt);
      if (response.ok) return response._data as T;
      if (response.status === 401 && !refreshedToken) {
        // A token can die before its expiry (keys rotated, grant revoked): one fresh grant and one
        // retry. A 401 means the call was not applied, so this is safe for a POST too.
        refreshedToken = true;
        this.tokens.invalidate(token);
        token = await this.tokens.get();
        continue;
      }
      if (response.status === 429) {
        // Not processed, whatever the method: the rate gate now holds calls until the announced
        // time, and the next attempt waits there (or fails RATE_LIMITED past the deadline).
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        if (isWrite) state.maybeApplied = true;
        const decision = decide(call.method, { kind: 'status', status: response.status }, retries);
        if (decision === 'retry' && (await this.backoff(retries, deadline))) {
          retries += 1;
          continue;
        }
        if (decision === 'outcome-unknown') {
          throw new UpstreamUnavailableError('The Management API failed while applying the change.', true);
        }
      }
      if (response.status === 401) {
        this.log.error({ status: 401 }, 'Management API refused a freshly granted token');
        throw new UpstreamUnavailableError('The Management API refused the gateway credentials.');
      }
      const error = errorFromResponse(response.status, response._data, response.headers, call);
      this.log.warn({ method: call.method, status: response.status, code: error.code }, 'Management API refused a call');
      throw error;
    }
  }

  /** Sleeps before retry number `retries + 1`; false when that would pass the deadline. */
  private async backoff(retries: number, deadline: number): Promise<boolean> {
    const wait = backoffMs(retries);
    if (Date.now() + wait > deadline) return false;
    this.observer.retry();
    await new Promise((r) => setTimeout(r, wait));
    return true;
  }

  private async attempt(call: UpstreamCall, token: string, deadline: number, usage?: Usage): Promise<Attempt> {
    const route = `${call.method} /users/{id}/authentication-methods${call.target === 'method' ? '/{id}' : ''}`;
    try {
      return await this.limiter.run(async () => {
        await this.rateGate.pass(deadline);
        if (Date.now() > this.noAttemptsAfter) throw new UpstreamUnavailableError('The gateway is shutting down; try again.');
        const started = performance.now();
        const sentAt = Date.now();
        if (usage) usage.calls += 1;
        try {
          const response = await this.http.raw(call.path, {
            method: call.method,
            headers: { authorization: `Bearer ${token}` },
            ...(call.query ? { query: call.query } : {}),
            ...(call.body !== undefined ? { body: call.body as Record<string, unknown> } : {}),
          });
          const seconds = (performance.now() - started) / 1000;
          this.observer.call(route, response.status, seconds);
          this.log.debug({ route, status: response.status, ms: Math.round(seconds * 1000) }, 'upstream call');
          return { response, sentAt };
        } catch (error) {
          const reason = describeNetworkFailure(error);
          this.observer.call(route, 0, (performance.now() - started) / 1000);
          this.log.warn({ route, reason }, 'Management API call got no answer');
          // Refused means the request never left; anything else (timeout, reset) may have been applied.
          return { failure: { kind: 'network', sent: reason !== 'ECONNREFUSED' }, reason } as const;
        }
      }, deadline, usage);
    } catch (error) {
      if (error instanceof LimiterTimeoutError) {
        throw new UpstreamUnavailableError('Too many Management API calls are waiting; try again later.');
      }
      throw error;
    }
  }
}
