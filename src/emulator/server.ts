import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors as joseErrors } from 'jose';
import { SigningKeys } from './signing-keys.js';
import { Store, newMethodId, phoneSubMethods, type StoredMethod } from './store.js';
import { seed } from './seed.js';
import { TokenBucket, type RateLimitSettings } from './rate-limit.js';
import { Faults, type FaultKind, type ScriptedFault } from './faults.js';
import { PayloadError, canonicalType, present, validateCreate, validateReplace, validateUpdate, type Payload } from './payloads.js';

/**
 * An Auth0 tenant on loopback: the client-credentials grant, the JWKS, and the seven
 * authentication-method endpoints of the Management API with the statuses, error bodies,
 * validation rules and rate-limit headers described in docs/upstream.md and docs/rate-limits.md.
 * Under /__emulator it also offers what a test or a developer needs to look inside: the requests
 * it received, its counters, a reset, users to set up, token revocation and caller tokens.
 */

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** Tenant domain: issuer `https://{domain}/`, Management API audience `https://{domain}/api/v2/`. */
  domain?: string;
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  rateLimit?: RateLimitSettings;
  /** Added to every Management API answer. */
  latencyMs?: number;
  /**
   * How far the tenant's clock is ahead of the real one (negative: behind): every answer's `Date`
   * and `x-ratelimit-reset` are stamped by it, as by a tenant whose clock differs from the gateway's.
   */
  clockSkewSeconds?: number;
  seed?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** As received, still percent-encoded. */
  path: string;
  query: string;
  body: unknown;
  /** 0 while unanswered (or never answered: a hang or a dropped socket). */
  status: number;
  fault?: FaultKind;
  /** When it arrived (Unix ms), as the tenant's bucket charged it. */
  receivedAt: number;
}

export interface EmulatorStats {
  grants: number;
  apiRequests: number;
  inFlight: number;
  maxInFlight: number;
}

export interface CallerTokenRequest {
  sub: string;
  permissions?: string[];
  scope?: string;
  audience: string | string[];
  expiresInSeconds?: number;
  /** Defaults to the tenant's issuer; another one makes a token this tenant did not issue. */
  issuer?: string;
}

export const EMULATOR_DEFAULTS = {
  domain: 'tenant.emulator.local',
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  tokenLifetimeSeconds: 86_400,
  rateLimit: { burst: 1_000, perSecond: 1_000 },
} as const;

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
/** Types that are not a second factor, for the email-only-when-no-other-factor rule. */
const NOT_A_FACTOR = new Set(['password', 'email-verification']);
const PER_TYPE_LIMIT = 10;
const MAX_BODY_BYTES = 1_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Payload,
  ) {
    const described = body.message ?? body.error_description;
    super(typeof described === 'string' ? described : String(status));
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

/** Auth0's Boom-style error body. */
function apiError(status: number, message: string, errorCode?: string): HttpError {
  return new HttpError(status, { statusCode: status, error: REASONS[status] ?? 'Error', message, ...(errorCode ? { errorCode } : {}) });
}

const methodNotFound = () => apiError(404, 'The authentication method could not be found.');
const userNotFound = () => apiError(404, 'The user does not exist.', 'inexistent_user');

export class Emulator {
  readonly store = new Store();
  private readonly requests: RecordedRequest[] = [];
  private readonly issuedTokens = new Set<string>();
  private readonly revokedTokens = new Set<string>();
  private readonly verified = new Map<string, { exp: number; scopes: Set<string> }>();
  private readonly bucket: TokenBucket;
  readonly faults = new Faults();
  private stats: EmulatorStats = { grants: 0, apiRequests: 0, inFlight: 0, maxInFlight: 0 };
  private latencyMs: number;
  private clockSkewMs: number;
  url = '';

  private constructor(
    private readonly server: Server,
    private readonly keys: SigningKeys,
    readonly options: Required<Omit<EmulatorOptions, 'host' | 'port' | 'latencyMs' | 'clockSkewSeconds' | 'seed'>>,
    latencyMs: number,
    clockSkewSeconds: number,
  ) {
    this.bucket = new TokenBucket(options.rateLimit);
    this.latencyMs = latencyMs;
    this.clockSkewMs = clockSkewSeconds * 1000;
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const keys = await SigningKeys.create();
    const emulator = new Emulator(
      createServer({ keepAliveTimeout: 65_000 }),
      keys,
      {
        domain: options.domain ?? EMULATOR_DEFAULTS.domain,
        clientId: options.clientId ?? EMULATOR_DEFAULTS.clientId,
        clientSecret: options.clientSecret ?? EMULATOR_DEFAULTS.clientSecret,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? EMULATOR_DEFAULTS.tokenLifetimeSeconds,
        rateLimit: options.rateLimit ?? { ...EMULATOR_DEFAULTS.rateLimit },
      },
      options.latencyMs ?? 0,
      options.clockSkewSeconds ?? 0,
    );
    if (options.seed ?? true) seed(emulator.store);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = emulator.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    emulator.url = `http://${host}:${address.port}`;
    return emulator;
  }

  get issuer(): string {
    return `https://${this.options.domain}/`;
  }

  get managementAudience(): string {
    return `https://${this.options.domain}/api/v2/`;
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

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const isApi = rawPath.startsWith('/api/v2/');
    const isGrant = method === 'POST' && url.pathname === '/oauth/token';
    const arrived = performance.now();
    let recorded: RecordedRequest | undefined;
    try {
      const body = await readBody(req);
      const fault = isApi || isGrant ? this.faults.next(isApi ? 'api' : 'token', method) : null;
      if (isApi) {
        recorded = {
          method,
          path: rawPath,
          query: url.search,
          body,
          status: 0,
          ...(fault ? { fault: fault.kind } : {}),
          receivedAt: Date.now(),
        };
        this.requests.push(recorded);
        this.stats.apiRequests += 1;
        this.stats.inFlight += 1;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
      }
      try {
        if (fault?.kind === 'hang') return;
        if (fault?.kind === 'drop-before') {
          req.socket.destroy();
          return;
        }
        let result: { status: number; body?: unknown };
        try {
          result = isApi ? await this.apiWithLimits(req, res, rawPath, url.searchParams, body, fault) : await this.other(method, url, body);
        } catch (error) {
          if (!(isApi && error instanceof HttpError)) throw error;
          result = { status: error.status, body: error.body };
        }
        // The configured latency is the whole answer's, processing included, as with a remote server.
        const remaining = this.latencyMs - (performance.now() - arrived);
        if (isApi && remaining > 0) await new Promise((r) => setTimeout(r, remaining));
        if (fault?.kind === 'drop-after') {
          // Applied, but the client never hears of it: the case that tempts a gateway into a duplicate.
          if (recorded) recorded.status = result.status;
          req.socket.destroy();
          return;
        }
        if (recorded) recorded.status = result.status;
        if (fault?.kind === 'bad-body') {
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
          return;
        }
        send(res, result.status, result.body);
      } finally {
        if (isApi) this.stats.inFlight -= 1;
      }
    } catch (error) {
      const httpError = error instanceof HttpError ? error : apiError(500, 'Internal error in the emulator');
      if (!(error instanceof HttpError)) console.error(error);
      if (recorded) recorded.status = httpError.status;
      send(res, httpError.status, httpError.body);
    }
  }

  private async apiWithLimits(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    query: URLSearchParams,
    body: unknown,
    fault: ScriptedFault | null,
  ): Promise<{ status: number; body?: unknown }> {
    const tenantNow = Date.now() + this.clockSkewMs;
    res.setHeader('date', new Date(tenantNow).toUTCString());
    const limit = this.bucket.take(Date.now(), this.clockSkewMs);
    for (const [name, value] of Object.entries(limit.headers)) res.setHeader(name, value);
    if (fault?.kind === 'rate-limit') {
      res.setHeader('x-ratelimit-remaining', '0');
      res.setHeader('x-ratelimit-reset', String(Math.ceil(tenantNow / 1000 + (fault.resetSeconds ?? 1))));
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
    }
    if (!limit.allowed || fault?.kind === 'rate-limit') throw apiError(429, 'Global limit has been reached', 'too_many_requests');
    if (fault?.kind === 'status-5xx') {
      const status = fault.status ?? 503;
      throw new HttpError(status, {
        statusCode: status,
        error: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
        message: 'Injected fault',
      });
    }
    return this.api(req.method ?? 'GET', rawPath, query, body, req.headers.authorization);
  }

  private async other(method: string, url: URL, body: unknown): Promise<{ status: number; body?: unknown }> {
    const route = `${method} ${url.pathname}`;
    if (route === 'POST /oauth/token') return this.grant(body);
    if (route === 'GET /.well-known/jwks.json') return { status: 200, body: this.keys.jwks };
    if (url.pathname.startsWith('/__emulator/')) return this.admin(method, url.pathname.slice('/__emulator/'.length), body);
    throw apiError(404, 'Not Found');
  }

  // --- the client-credentials grant ---------------------------------------------------------

  private async grant(body: unknown): Promise<{ status: number; body: Payload }> {
    const form = (body ?? {}) as Payload;
    if (form.grant_type !== 'client_credentials') {
      throw new HttpError(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
      throw new HttpError(401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    if (form.audience !== this.managementAudience) {
      throw new HttpError(403, {
        error: 'access_denied',
        error_description: `Service not enabled within domain: ${String(form.audience)}`,
      });
    }
    const token = await this.keys.sign(
      { scope: MANAGEMENT_SCOPES.join(' '), gty: 'client-credentials', azp: this.options.clientId },
      {
        issuer: this.issuer,
        audience: this.managementAudience,
        subject: `${this.options.clientId}@clients`,
        expiresInSeconds: this.options.tokenLifetimeSeconds,
      },
    );
    this.stats.grants += 1;
    this.issuedTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.options.tokenLifetimeSeconds,
        scope: MANAGEMENT_SCOPES.join(' '),
      },
    };
  }

  private async authorize(header: string | undefined, method: string): Promise<void> {
    const match = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!match) throw apiError(401, 'Missing authentication');
    const token = match[1]!;
    if (this.revokedTokens.has(token)) throw apiError(401, 'Invalid token');
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

  // --- the Management API ----------------------------------------------------------------------

  private async api(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    body: unknown,
    authorization: string | undefined,
  ): Promise<{ status: number; body?: unknown }> {
    const segments = rawPath.split('/');
    // ['', 'api', 'v2', 'users', userId, 'authentication-methods', methodId?]
    if (segments[3] !== 'users' || segments[5] !== 'authentication-methods' || segments.length > 7) {
      throw apiError(404, 'Not Found');
    }
    if (!(method in SCOPE_BY_METHOD)) throw apiError(404, 'Not Found');
    await this.authorize(authorization, method);
    const userId = decodeSegment(segments[4]!, 'id');
    const methodId = segments.length === 7 ? decodeSegment(segments[6]!, 'authentication_method_id') : undefined;
    if (body instanceof SyntaxError) throw apiError(400, 'Invalid request payload JSON format', 'invalid_body');
    const methods = this.store.methods(userId);
    if (!methods) throw userNotFound();

    if (methodId === undefined) {
      switch (method) {
        case 'GET':
          return { status: 200, body: list(methods, query) };
        case 'POST':
          return { status: 201, body: present(this.create(userId, methods, body), { confirmed: false, masked: true }) };
        case 'PUT':
          return { status: 200, body: this.replace(userId, methods, body).map((m) => present(m, { confirmed: false, masked: false })) };
        case 'DELETE':
          refuseWithPasskey(methods);
          this.store.setUser(userId, []);
          return { status: 204 };
        default:
          throw apiError(404, 'Not Found');
      }
    }
    const target = methods.find((m) => m.id === methodId);
    if (!target) throw methodNotFound();
    switch (method) {
      case 'GET':
        return { status: 200, body: present(target, { confirmed: true, masked: true }) };
      case 'PATCH':
        return { status: 200, body: present(update(target, body), { confirmed: false, masked: true }) };
      case 'DELETE':
        this.store.setUser(
          userId,
          methods.filter((m) => m !== target && (target.link_id === undefined || m.link_id !== target.link_id)),
        );
        return { status: 204 };
      default:
        throw apiError(404, 'Not Found');
    }
  }

  private create(userId: string, methods: StoredMethod[], body: unknown): StoredMethod {
    const payload = withPayload(() => validateCreate(body));
    const method = build(payload);
    if (method.type === 'email' && methods.some((m) => !NOT_A_FACTOR.has(m.type))) {
      throw apiError(409, 'The email factor can only be enrolled when the user has no other factor.');
    }
    if (methods.some((m) => isDuplicate(m, method))) throw apiError(409, 'Authentication method already exists.');
    if (methods.filter((m) => m.type === method.type).length >= PER_TYPE_LIMIT) {
      throw apiError(403, 'You reached the limit of entities of this type for this user.');
    }
    this.store.setUser(userId, [...methods, method]);
    return method;
  }

  private replace(userId: string, methods: StoredMethod[], body: unknown): StoredMethod[] {
    const items = withPayload(() => validateReplace(body)).map(build);
    refuseWithPasskey(methods);
    for (let i = 0; i < items.length; i += 1) {
      if (items.slice(0, i).some((earlier) => isDuplicate(earlier, items[i]!))) {
        throw apiError(409, 'Authentication method already exists.');
      }
    }
    this.store.setUser(userId, items);
    return items;
  }

  // --- the look-inside API for tests and developers ---------------------------------------------

  private async admin(method: string, path: string, body: unknown): Promise<{ status: number; body?: unknown }> {
    const input = (body ?? {}) as Payload;
    const route = `${method} ${path.split('/')[0]}`;
    switch (route) {
      case 'GET requests':
        return { status: 200, body: this.requests };
      case 'DELETE requests':
        this.requests.length = 0;
        this.stats = { ...this.stats, apiRequests: 0, maxInFlight: this.stats.inFlight, grants: 0 };
        return { status: 204 };
      case 'GET stats':
        return { status: 200, body: this.stats };
      case 'POST reset':
        seed(this.store);
        this.faults.clear();
        this.requests.length = 0;
        this.stats = { grants: 0, apiRequests: 0, inFlight: this.stats.inFlight, maxInFlight: 0 };
        return { status: 204 };
      case 'GET users':
      case 'PUT users':
      case 'DELETE users': {
        const userId = decodeURIComponent(path.slice('users/'.length));
        if (method === 'PUT') {
          this.store.setUser(userId, (input.methods as StoredMethod[] | undefined) ?? []);
          return { status: 204 };
        }
        if (method === 'DELETE') return { status: this.store.deleteUser(userId) ? 204 : 404 };
        const methods = this.store.methods(userId);
        return methods ? { status: 200, body: methods } : { status: 404, body: { message: 'no such user' } };
      }
      case 'POST revoke-tokens':
        for (const token of this.issuedTokens) this.revokedTokens.add(token);
        this.verified.clear();
        return { status: 204 };
      case 'POST caller-tokens':
        return { status: 200, body: { token: await this.mintCallerToken(input as unknown as CallerTokenRequest) } };
      case 'PATCH settings':
        if (typeof input.latencyMs === 'number') this.latencyMs = input.latencyMs;
        if (typeof input.clockSkewSeconds === 'number') this.clockSkewMs = input.clockSkewSeconds * 1000;
        if (input.rateLimit) this.bucket.configure(input.rateLimit as RateLimitSettings);
        return { status: 204 };
      case 'PUT faults':
        this.faults.configure(input);
        return { status: 204 };
      case 'DELETE faults':
        this.faults.clear();
        return { status: 204 };
      default:
        throw apiError(404, 'Not Found');
    }
  }
}

function withPayload<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof PayloadError) throw apiError(400, error.message, 'invalid_body');
    throw error;
  }
}

function decodeSegment(segment: string, property: string): string {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    throw apiError(400, `Path validation error: 'Invalid encoding' on property ${property}.`, 'invalid_uri');
  }
  if (value.length === 0) {
    throw apiError(400, `Path validation error: 'String is too short (0 chars), minimum 1' on property ${property}.`, 'invalid_uri');
  }
  return value;
}

function list(methods: StoredMethod[], query: URLSearchParams): unknown {
  const number = (name: string, fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value > max) {
      throw apiError(400, `Query validation error: 'Invalid value' on property ${name}.`, 'invalid_query_string');
    }
    return value;
  };
  const page = number('page', 0, Number.MAX_SAFE_INTEGER);
  const perPage = number('per_page', 50, 100);
  const includeTotals = query.get('include_totals') === 'true';
  // The real API does not answer in insertion order; sorting by id makes that visible.
  const sorted = [...methods].sort((a, b) => String(a.id ?? '').localeCompare(String(b.id ?? '')));
  const items = sorted.slice(page * perPage, (page + 1) * perPage).map((m) => present(m, { confirmed: true, masked: true }));
  if (!includeTotals) return items;
  return { authenticators: items, start: page * perPage, limit: perPage, ...(sorted.length > 0 ? { total: sorted.length } : {}) };
}

function build(payload: Payload): StoredMethod {
  const type = canonicalType(String(payload.type));
  const id = newMethodId(type);
  const { type: _type, ...fields } = payload;
  const method: StoredMethod = { id, type, confirmed: true, created_at: new Date().toISOString() };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) method[key] = value;
  if (type === 'phone') {
    const preferred = (payload.preferred_authentication_method as 'sms' | 'voice' | undefined) ?? 'sms';
    method.preferred_authentication_method = preferred;
    method.authentication_methods = phoneSubMethods(id, preferred);
  }
  return method;
}

function update(target: StoredMethod, body: unknown): StoredMethod {
  const payload = withPayload(() => validateUpdate(body));
  const preferred = payload.preferred_authentication_method as 'sms' | 'voice' | undefined;
  if (preferred !== undefined && target.type !== 'phone') {
    throw apiError(400, "Payload validation error: 'preferred_authentication_method is only valid for phone methods'.", 'invalid_body');
  }
  if (typeof payload.name === 'string') target.name = payload.name;
  if (preferred) {
    target.preferred_authentication_method = preferred;
    target.authentication_methods = phoneSubMethods(target.id, preferred);
  }
  return target;
}

function isDuplicate(existing: StoredMethod, candidate: StoredMethod): boolean {
  if (existing.type !== candidate.type) return false;
  switch (candidate.type) {
    case 'phone':
      return existing.phone_number === candidate.phone_number;
    case 'email':
      return existing.email?.toLowerCase() === candidate.email?.toLowerCase();
    case 'totp':
      return true;
    default:
      return candidate.key_id !== undefined && existing.key_id === candidate.key_id;
  }
}

function refuseWithPasskey(methods: StoredMethod[]): void {
  if (methods.some((m) => m.type === 'passkey')) {
    throw apiError(403, 'Operation not permitted when the user has registered at least 1 passkey');
  }
}

/** JSON or form-encoded, as /oauth/token accepts both; a JSON syntax error is returned, not thrown. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw apiError(400, 'Payload too large', 'invalid_body');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    return error;
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
