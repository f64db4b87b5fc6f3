import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../observability/tracing.js';
import { FetchError } from 'ofetch';
import type { UpstreamFetch } from './transport.js';
import { TokenGrantError } from './errors.js';
import { describeNetworkFailure } from './call.js';
import type { TenantConfig } from '../config.js';

export interface Grant {
  accessToken: string;
  expiresInSeconds: number;
}

export interface GrantSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  audience: string;
}

/** What a grant reports, for the logs and /metrics. */
export interface GrantReports {
  granted(grant: Grant): void;
  failed(error: TokenGrantError): void;
}

export function grantSettings(tenant: TenantConfig): GrantSettings {
  return { baseUrl: tenant.baseUrl, clientId: tenant.clientId, clientSecret: tenant.clientSecret, audience: tenant.managementAudience };
}

/** The client-credentials grant: one POST to /oauth/token, its failures named by cause. */
export function requestGrant(settings: GrantSettings, http: UpstreamFetch, reports?: GrantReports): Promise<Grant> {
  // The span says which endpoint and how it went; the credentials and the token stay out of it.
  return inSpan(
    'POST /oauth/token',
    { 'http.request.method': 'POST', 'url.template': '/oauth/token' },
    async () => {
      try {
        const grant = await grantOnce(settings, http);
        reports?.granted(grant);
        return grant;
      } catch (error) {
        if (error instanceof TokenGrantError) reports?.failed(error);
        throw error;
      }
    },
    SpanKind.CLIENT,
  );
}

async function grantOnce(settings: GrantSettings, http: UpstreamFetch): Promise<Grant> {
  let answer: { access_token?: unknown; expires_in?: unknown };
  try {
    answer = await http(`${settings.baseUrl}/oauth/token`, {
      method: 'POST',
      body: {
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        audience: settings.audience,
      },
    });
  } catch (error) {
    const status = error instanceof FetchError ? error.status : undefined;
    if (status === 401 || status === 403) {
      throw new TokenGrantError('bad_credentials', `the tenant refused the client credentials (HTTP ${status})`);
    }
    if (status === 429) throw new TokenGrantError('rate_limited', 'the tenant limits token grants (HTTP 429)');
    const why = status ? `HTTP ${status}` : describeNetworkFailure(error);
    throw new TokenGrantError('unreachable', `the token endpoint could not be reached (${why})`);
  }
  if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number' || answer.expires_in <= 0) {
    throw new TokenGrantError('bad_answer', 'the token endpoint answered without access_token/expires_in');
  }
  return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
}

/**
 * Holds the one Management API token of this process.
 *
 * Every Management API token counts against the tenant's quota and cannot be revoked, so the
 * provider never fetches more than it must: concurrent callers share the single grant in flight
 * (the promise is kept until it settles, and dropped then, so a failure is not cached); a token is
 * reused until shortly before `expires_in` runs out; and after a 401 only the caller holding the
 * token that failed drops it, so a burst of 401s for one stale token costs one new grant, not one
 * each.
 */
export class TokenProvider {
  private current: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  /**
   * `fetchGrant` may say when its token is to be renewed (a token shared by replicas was granted
   * earlier); `onInvalidate` hears of a token that met a 401.
   */
  constructor(
    private readonly fetchGrant: () => Promise<Grant & { renewAt?: number }>,
    private readonly now: () => number = Date.now,
    private readonly onInvalidate: (token: string) => void = () => {},
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.renew().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Drops `token` if it is still the current one; a newer token is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
    this.onInvalidate(token);
  }

  private async renew(): Promise<string> {
    const started = this.now();
    const grant = await this.fetchGrant();
    this.current = { token: grant.accessToken, renewAt: grant.renewAt ?? renewTime(started, grant.expiresInSeconds * 1000) };
    return grant.accessToken;
  }
}

/**
 * When a token granted at `grantedAt` is renewed: a minute early, or at 90% of a short lifetime, so
 * no call leaves with a token about to expire; at least a second early, since `exp` is in whole
 * seconds and may fall up to a second before `expires_in` says (but never past half the lifetime,
 * or a short token would be renewed on every call).
 */
export function renewTime(grantedAt: number, lifetimeMs: number): number {
  return grantedAt + lifetimeMs - Math.min(60_000, Math.max(1_000, lifetimeMs / 10), lifetimeMs / 2);
}
