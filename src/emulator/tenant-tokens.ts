import { errors as joseErrors } from 'jose';
import type { SigningKeys } from './signing-keys.js';
import { apiError, HttpError } from './http-error.js';
import type { Payload } from './payloads.js';

export interface CallerTokenRequest {
  sub: string;
  permissions?: string[];
  scope?: string;
  audience: string | string[];
  expiresInSeconds?: number;
  /** Defaults to the tenant's issuer; another one makes a token this tenant did not issue. */
  issuer?: string;
}

export interface TenantIdentity {
  domain: string;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
}

const MANAGEMENT_SCOPES = [
  'read:authentication_methods',
  'create:authentication_methods',
  'update:authentication_methods',
  'delete:authentication_methods',
];
const SCOPE_BY_METHOD: Record<string, string> = {
  GET: 'read:authentication_methods',
  POST: 'create:authentication_methods',
  PUT: 'update:authentication_methods',
  PATCH: 'update:authentication_methods',
  DELETE: 'delete:authentication_methods',
};

/** Whether the Management API endpoints answer this HTTP method at all. */
export const isApiMethod = (method: string): boolean => method in SCOPE_BY_METHOD;

/**
 * The tenant's side of OAuth: the client-credentials grant for the Management API, the check of
 * its tokens on every API call (signature, expiry, scope, revocation), and callers' tokens minted
 * as the tenant would issue them for a custom API. Keys come from SigningKeys (the JWKS).
 */
export class TenantTokens {
  private readonly issued = new Set<string>();
  private readonly revoked = new Set<string>();
  private readonly verified = new Map<string, { exp: number; scopes: Set<string> }>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly identity: TenantIdentity,
    private readonly onGrant: () => void,
  ) {}

  get issuer(): string {
    return `https://${this.identity.domain}/`;
  }

  get managementAudience(): string {
    return `https://${this.identity.domain}/api/v2/`;
  }

  /** Every Management API token issued so far stops working (as after a key rotation). */
  revokeAll(): void {
    for (const token of this.issued) this.revoked.add(token);
    this.verified.clear();
  }

  /** A caller's access token as the tenant would issue it for a custom API. */
  mintCallerToken(request: CallerTokenRequest): Promise<string> {
    const payload: Payload = {};
    if (request.permissions) payload.permissions = request.permissions;
    if (request.scope !== undefined) payload.scope = request.scope;
    return this.keys.sign(payload, {
      issuer: request.issuer ?? this.issuer,
      audience: request.audience,
      subject: request.sub,
      expiresInSeconds: request.expiresInSeconds ?? 3600,
    });
  }

  async grant(body: unknown): Promise<{ status: number; body: Payload }> {
    const form = (body ?? {}) as Payload;
    if (form.grant_type !== 'client_credentials') {
      throw new HttpError(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
    if (form.client_id !== this.identity.clientId || form.client_secret !== this.identity.clientSecret) {
      throw new HttpError(401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    if (form.audience !== this.managementAudience) {
      throw new HttpError(403, {
        error: 'access_denied',
        error_description: `Service not enabled within domain: ${String(form.audience)}`,
      });
    }
    const token = await this.keys.sign(
      { scope: MANAGEMENT_SCOPES.join(' '), gty: 'client-credentials', azp: this.identity.clientId },
      {
        issuer: this.issuer,
        audience: this.managementAudience,
        subject: `${this.identity.clientId}@clients`,
        expiresInSeconds: this.identity.tokenLifetimeSeconds,
      },
    );
    this.onGrant();
    this.issued.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.identity.tokenLifetimeSeconds,
        scope: MANAGEMENT_SCOPES.join(' '),
      },
    };
  }

  /** Checks an API call's bearer token for the scope its HTTP method needs. */
  async authorize(header: string | undefined, method: string): Promise<void> {
    const match = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!match) throw apiError(401, 'Missing authentication');
    const token = match[1]!;
    if (this.revoked.has(token)) throw apiError(401, 'Invalid token');
    let claims = this.verified.get(token);
    if (!claims) {
      try {
        const payload = await this.keys.verify(token, { issuer: this.issuer, audience: this.managementAudience });
        claims = { exp: payload.exp ?? 0, scopes: new Set((typeof payload.scope === 'string' ? payload.scope : '').split(' ')) };
        this.verified.set(token, claims);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw apiError(401, 'Expired token received for JSON Web Token validation');
        throw apiError(401, 'Invalid token');
      }
    }
    if (claims.exp * 1000 <= Date.now()) {
      this.verified.delete(token);
      throw apiError(401, 'Expired token received for JSON Web Token validation');
    }
    const needed = SCOPE_BY_METHOD[method];
    if (!needed || !claims.scopes.has(needed)) {
      throw apiError(403, `Insufficient scope, expected any of: ${needed ?? 'none'}`, 'insufficient_scope');
    }
  }
}
