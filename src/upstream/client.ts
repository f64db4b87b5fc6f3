import { ofetch, type FetchResponse } from 'ofetch';
import type { Logger } from '../log.js';
import { ConcurrencyLimiter, LimiterTimeoutError } from './limiter.js';
import type { TokenProvider } from './token.js';
import { describeNetworkFailure } from './token.js';
import { UpstreamUnavailableError } from './errors.js';
import { errorFromResponse } from './error-mapping.js';

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
  timeoutMs: number;
  maxWaitMs: number;
}

/**
 * The one module that speaks HTTP to the Management API. It adds the bearer token, caps calls in
 * flight, bounds each call by a timeout, refetches the token once after a 401, and turns every
 * failure into one of the errors of errors.ts, so that no upstream body, URL or token leaves it.
 */
export class ManagementClient {
  private readonly http: typeof ofetch;

  constructor(
    private readonly settings: ClientSettings,
    private readonly tokens: TokenProvider,
    readonly limiter: ConcurrencyLimiter,
    private readonly log: Logger,
  ) {
    this.http = ofetch.create({
      baseURL: `${settings.baseUrl}/api/v2`,
      retry: 0,
      timeout: settings.timeoutMs,
      ignoreResponseError: true,
    });
  }

  async send<T>(call: UpstreamCall): Promise<T> {
    const deadline = Date.now() + this.settings.maxWaitMs;
    let token = await this.tokens.get();
    let response = await this.attempt(call, token, deadline);
    if (response.status === 401) {
      // A token can die before its expiry (signing keys rotated, tenant settings changed): one
      // fresh grant and one retry. A 401 means the call was not applied, so a POST is safe too.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      response = await this.attempt(call, token, deadline);
      if (response.status === 401) {
        this.log.error({ route: call.path, status: 401 }, 'Management API refused a freshly granted token');
        throw new UpstreamUnavailableError('The Management API refused the gateway credentials.');
      }
    }
    if (response.ok || response.status === 204) return response._data as T;
    const error = errorFromResponse(response.status, response._data, response.headers, call);
    this.log.warn({ method: call.method, status: response.status, code: error.code }, 'Management API refused a call');
    throw error;
  }

  private async attempt(call: UpstreamCall, token: string, deadline: number): Promise<FetchResponse<unknown>> {
    const started = performance.now();
    try {
      const response = await this.limiter.run(
        () =>
          this.http.raw(call.path, {
            method: call.method,
            headers: { authorization: `Bearer ${token}` },
            ...(call.query ? { query: call.query } : {}),
            ...(call.body !== undefined ? { body: call.body as Record<string, unknown> } : {}),
          }),
        deadline,
      );
      this.log.debug(
        { method: call.method, status: response.status, ms: Math.round(performance.now() - started) },
        'upstream call',
      );
      return response;
    } catch (error) {
      if (error instanceof LimiterTimeoutError) {
        throw new UpstreamUnavailableError('Too many Management API calls are waiting; try again later.');
      }
      const reason = describeNetworkFailure(error);
      this.log.warn({ method: call.method, reason }, 'Management API call failed without an answer');
      // A write that timed out or lost its connection after sending may have been applied.
      const outcomeUnknown = call.method !== 'GET' && reason !== 'ECONNREFUSED';
      throw new UpstreamUnavailableError('The Management API did not answer; try again later.', outcomeUnknown);
    }
  }
}
