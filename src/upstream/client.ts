import type { FetchResponse } from 'ofetch';
import type { Logger } from '../log.js';
import { describeNetworkFailure, type CallGuard, type Failure, type UpstreamCall, type Usage } from './call.js';
import { ConcurrencyLimiter, LimiterTimeoutError } from './limiter.js';
import type { TokenProvider } from './token.js';
import { UpstreamError, UpstreamUnavailableError } from './errors.js';
import { failureOutcome } from './write-outcome.js';
import { errorFromResponse } from './error-mapping.js';
import { RateGate, type RateGateStatus } from './rate-gate.js';
import { backoffMs, decide } from './retry-policy.js';
import type { UpstreamFetch } from './transport.js';
import type { SharedBudget } from '../shared/shared-budget.js';
import { SpanKind, type Span } from '@opentelemetry/api';
import { activeTracer, inSpan } from '../observability/tracing.js';

export interface ClientSettings {
  baseUrl: string;
  maxWaitMs: number;
  /** The clock and the sleep of every wait (rate gate, back-off, deadlines): a test's to replace. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The rate budget shared with the other replicas; this process's own when absent. */
  budget?: SharedBudget;
}

/** What the client reports as it works, for /metrics. */
export interface UpstreamObserver {
  call(route: string, status: number, seconds: number): void;
  retry(): void;
  rateLimitWait(): void;
}

/** What one attempt produced: an answer, or none and whether the request had left. */
type Attempt =
  { response: FetchResponse<unknown>; sentAt: number; ticket: number | undefined } | { failure: Extract<Failure, { kind: 'network' }> };

/** One call's progress across its attempts. */
interface CallState {
  token: string;
  tokenRenewed: boolean;
  retries: number;
  /** An attempt may have reached the tenant without a clear answer (write-outcome.ts decides what that means). */
  maybeApplied: boolean;
  /** Attempts made so far, and why the last one is being repeated (for the attempt's span). */
  attempts: number;
  retryReason: string | null;
  /** The last attempt met a 429: the next goes ahead of the calls queued (rate-gate.ts). */
  rateLimited: boolean;
}

/** What to do after an attempt: the answer's data, another attempt, or an error. */
type Step<T> = { done: T } | { again: true } | { fail: UpstreamError };
const AGAIN = { again: true } as const;

/**
 * The one module that speaks HTTP to the Management API. Per attempt it takes a fair slot of the
 * process-wide limiter after its turn in the rate budget, adds the bearer token and bounds the attempt by
 * UPSTREAM_TIMEOUT_MS. What happens next is one of a few named steps: an answer (done, a stale
 * token, rate limited, a server error, a refusal) or no answer (a network failure), each within
 * the request's deadline and the retry policy (retry-policy.ts). Every failure leaves as one of the
 * errors of errors.ts, judged by write-outcome.ts, so no upstream body, URL or token leaves here.
 */
export class ManagementClient {
  private readonly http: UpstreamFetch;
  private readonly rateGate: RateGate;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private noAttemptsAfter = Number.POSITIVE_INFINITY;
  private readonly host: string;

  constructor(
    private readonly settings: ClientSettings,
    private readonly tokens: TokenProvider,
    private readonly limiter: ConcurrencyLimiter,
    private readonly log: Logger,
    private readonly observer: UpstreamObserver,
    http: UpstreamFetch,
  ) {
    this.now = settings.now ?? Date.now;
    this.sleep = settings.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.rateGate = new RateGate({
      ...(settings.budget ? { budget: settings.budget } : {}),
      now: this.now,
      sleep: this.sleep,
      onWait: () => observer.rateLimitWait(),
      onSkew: (clockOffsetMs) =>
        log.warn({ clockOffsetMs }, "the tenant's clock is more than a second away from ours; rate-limit resets are corrected for it"),
    });
    this.http = http.create({ baseURL: `${settings.baseUrl}/api/v2`, ignoreResponseError: true });
    this.host = new URL(settings.baseUrl).host;
  }

  /**
   * From `at` on, no new attempt starts (shutdown): each fails at once as unavailable, which
   * write-outcome.ts turns into an unknown outcome for a write that may already have been applied.
   * Attempts under way finish within UPSTREAM_TIMEOUT_MS, so every request in flight has its answer
   * by `at` + the timeout.
   */
  stopAttemptsAt(at: number): void {
    this.noAttemptsAfter = at;
    this.rateGate.stopWaiting(at);
  }

  /** Whether calls are being held for the tenant's rate limit, and until when (for /readyz and /metrics). */
  rateLimitStatus(): RateGateStatus {
    return this.rateGate.status();
  }

  /** The deadline a request gets when it starts: the longest it may wait for slots, resets and retries. */
  deadlineFromNow(): number {
    return this.now() + this.settings.maxWaitMs;
  }

  async send<T>(call: UpstreamCall, deadline: number, usage: Usage): Promise<T> {
    const state: CallState = {
      token: await this.tokens.get(),
      tokenRenewed: false,
      retries: 0,
      maybeApplied: false,
      attempts: 0,
      retryReason: null,
      rateLimited: false,
    };
    try {
      for (;;) {
        const attempt = await this.attempt(call, state, deadline, usage);
        const step =
          'failure' in attempt
            ? await this.noAnswer(call, attempt.failure, state, deadline)
            : await this.answered<T>(call, attempt, state, deadline);
        if ('done' in step) return step.done;
        if ('fail' in step) throw step.fail;
      }
    } catch (error) {
      throw error instanceof UpstreamError ? failureOutcome(call, error, state.maybeApplied) : error;
    }
  }

  private async answered<T>(
    call: UpstreamCall,
    { response, sentAt, ticket }: Extract<Attempt, { response: unknown }>,
    state: CallState,
    deadline: number,
  ): Promise<Step<T>> {
    const reopening = await this.rateGate.observe(response.headers, response.status, sentAt, ticket);
    if (response.ok) return { done: response._data as T };
    if (response.status === 401) return this.staleToken(state);
    if (reopening !== null) {
      // Not processed, whatever the method: sent again once the tenant's announced time has
      // come, ahead of the calls queued meanwhile (RATE_LIMITED at once when either is past the
      // deadline).
      await this.rateGate.waitUntil(reopening, deadline);
      state.retryReason = 'rate limited';
      state.rateLimited = true;
      return AGAIN;
    }
    if (response.status >= 500 || response.status === 408) {
      const step = await this.transientFailure(call, { kind: 'status', status: response.status }, state, deadline);
      if (step) return step;
    }
    const error = errorFromResponse(response.status, response._data, response.headers, call);
    this.log.warn({ route: call.route, status: response.status, code: error.code }, 'Management API refused a call');
    return { fail: error };
  }

  /**
   * A token can die before its expiry (keys rotated, grant revoked): one fresh grant and one more
   * attempt. A 401 means the call was not applied, so this is safe for a POST too.
   */
  private async staleToken(state: CallState): Promise<Step<never>> {
    if (state.tokenRenewed) {
      this.log.error({ status: 401 }, 'Management API refused a freshly granted token');
      return { fail: new UpstreamUnavailableError('The Management API refused the gateway credentials.') };
    }
    state.tokenRenewed = true;
    state.retryReason = 'token refused';
    this.tokens.invalidate(state.token);
    state.token = await this.tokens.get();
    return AGAIN;
  }

  private async noAnswer(
    call: UpstreamCall,
    failure: Extract<Failure, { kind: 'network' }>,
    state: CallState,
    deadline: number,
  ): Promise<Step<never>> {
    const step = await this.transientFailure(call, failure, state, deadline);
    return step ?? { fail: new UpstreamUnavailableError('The Management API did not answer; try again later.') };
  }

  /**
   * A 5xx, a 408 or no answer: another attempt after a back-off when the retry policy allows it
   * and the deadline leaves time; a POST that may have been applied is never sent again. Returns
   * nothing when the failure should simply be reported.
   */
  private async transientFailure(call: UpstreamCall, failure: Failure, state: CallState, deadline: number): Promise<Step<never> | null> {
    if (call.method !== 'GET' && (failure.kind === 'status' || failure.sent)) state.maybeApplied = true;
    const decision = decide(call.method, failure, state.retries);
    if (decision === 'outcome-unknown') {
      return { fail: new UpstreamUnavailableError('The Management API may have applied the change; its outcome is unknown.', true) };
    }
    if (decision === 'retry') {
      const wait = backoffMs(state.retries);
      if (this.now() + wait <= deadline) {
        this.observer.retry();
        await this.sleep(wait);
        state.retries += 1;
        state.retryReason = failure.kind === 'status' ? `status ${failure.status}` : 'no answer';
        return AGAIN;
      }
    }
    return null;
  }

  /** One attempt in a client span of its own: the route template, never the URL called, which holds ids. */
  private attempt(call: UpstreamCall, state: CallState, deadline: number, usage: Usage): Promise<Attempt> {
    state.attempts += 1;
    if (!activeTracer()) return this.attemptIn(call, state, deadline, usage, null);
    const template = `/api/v2${call.route.slice(call.route.indexOf(' ') + 1)}`;
    return inSpan(
      `${call.method} ${template}`,
      {
        'http.request.method': call.method,
        'url.template': template,
        'server.address': this.host,
        'http.request.resend_count': state.attempts - 1,
        ...(state.retryReason ? { 'mfa_gateway.retry_reason': state.retryReason } : {}),
      },
      async (span) => {
        const attempt = await this.attemptIn(call, state, deadline, usage, span);
        if (span && 'response' in attempt) span.setAttribute('http.response.status_code', attempt.response.status);
        if (span && 'failure' in attempt) span.setAttributes({ 'error.type': 'no answer' });
        return attempt;
      },
      SpanKind.CLIENT,
    );
  }

  /** The call's owner says whether it may still go; refused, it is never sent and its token goes back. */
  private async permitted(guard: CallGuard, ticket: number | undefined): Promise<void> {
    try {
      await guard.permit();
    } catch (error) {
      await this.rateGate.giveBack(ticket);
      throw error;
    }
  }

  private async attemptIn(call: UpstreamCall, state: CallState, deadline: number, usage: Usage, span: Span | null): Promise<Attempt> {
    // The turn in the rate budget first, then a slot: a call waiting for its turn holds no slot.
    const waitStarted = performance.now();
    const ticket = await this.rateGate.pass(deadline, usage.background, state.rateLimited, usage.guard?.signal);
    state.rateLimited = false;
    span?.setAttribute('mfa_gateway.rate_limit_wait_ms', Math.round(performance.now() - waitStarted));
    const token = state.token;
    try {
      return await this.limiter.run(
        async () => {
          if (this.now() > this.noAttemptsAfter) throw new UpstreamUnavailableError('The gateway is shutting down; try again.');
          if (usage.guard) await this.permitted(usage.guard, ticket);
          const started = performance.now();
          const sentAt = this.now();
          usage.calls += 1;
          try {
            const response = await this.http.raw(call.path, {
              method: call.method,
              headers: { authorization: `Bearer ${token}` },
              ...(call.body !== undefined ? { body: call.body as Record<string, unknown> } : {}),
            });
            const seconds = (performance.now() - started) / 1000;
            this.observer.call(call.route, response.status, seconds);
            this.log.debug({ route: call.route, status: response.status, ms: Math.round(seconds * 1000) }, 'upstream call');
            return { response, sentAt, ticket };
          } catch (error) {
            const reason = describeNetworkFailure(error);
            this.observer.call(call.route, 0, (performance.now() - started) / 1000);
            this.log.warn({ route: call.route, reason }, 'Management API call got no answer');
            this.rateGate.unanswered(ticket);
            // Refused means the request never left; anything else (timeout, reset) may have been applied.
            return { failure: { kind: 'network', sent: reason !== 'ECONNREFUSED' } };
          }
        },
        deadline,
        usage,
      );
    } catch (error) {
      this.rateGate.unanswered(ticket);
      if (error instanceof LimiterTimeoutError) {
        throw new UpstreamUnavailableError('Too many Management API calls are waiting; try again later.');
      }
      throw error;
    }
  }
}
