import { LogStream } from './log-stream.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SigningKeys } from './signing-keys.js';
import { Store } from './store.js';
import { seed } from './seed.js';
import { TokenBucket, type RateLimitSettings } from './rate-limit.js';
import { Faults, type FaultKind, type ScriptedFault } from './faults.js';
import { apiError, HttpError } from './http-error.js';
import { TenantTokens, type CallerTokenRequest } from './tenant-tokens.js';
import { MethodsEndpoints } from './methods-endpoints.js';
import { adminApi, type EmulatorInside } from './admin-api.js';

export type { CallerTokenRequest } from './tenant-tokens.js';

/**
 * An Auth0 tenant on loopback: the client-credentials grant and the JWKS (tenant-tokens.ts), the
 * seven authentication-method endpoints of the Management API (methods-endpoints.ts) behind the
 * tenant's rate-limit bucket (rate-limit.ts), and /__emulator to look inside (admin-api.ts). This
 * file is the HTTP plumbing: routing, recording what arrived, latency, and the faults of faults.ts
 * (docs/upstream.md and docs/rate-limits.md say what each part mimics).
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

export const EMULATOR_DEFAULTS = {
  domain: 'tenant.emulator.local',
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  tokenLifetimeSeconds: 86_400,
  rateLimit: { burst: 1_000, perSecond: 1_000 },
} as const;

const MAX_BODY_BYTES = 1_000_000;

export class Emulator {
  readonly store = new Store();
  private readonly requests: RecordedRequest[] = [];
  readonly tokens: TenantTokens;
  private readonly endpoints: MethodsEndpoints;
  private readonly inside: EmulatorInside;
  private readonly bucket: TokenBucket;
  readonly faults = new Faults();
  readonly logStream = new LogStream();
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
    this.tokens = new TenantTokens(keys, options, () => (this.stats.grants += 1));
    this.endpoints = new MethodsEndpoints(this.store, this.tokens);
    this.inside = {
      store: this.store,
      faults: this.faults,
      logStream: this.logStream,
      tokens: this.tokens,
      requests: this.requests,
      stats: () => this.stats,
      resetStats: () => (this.stats = { grants: 0, apiRequests: 0, inFlight: this.stats.inFlight, maxInFlight: this.stats.inFlight }),
      configure: (settings) => {
        if (settings.latencyMs !== undefined) this.latencyMs = settings.latencyMs;
        if (settings.clockSkewSeconds !== undefined) this.clockSkewMs = settings.clockSkewSeconds * 1000;
        if (settings.rateLimit) this.bucket.configure(settings.rateLimit);
      },
    };
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
    return this.tokens.issuer;
  }

  get managementAudience(): string {
    return this.tokens.managementAudience;
  }

  /** The variables that point a gateway at this emulator as its tenant, with callers' tokens for `audience`. */
  tenantVariables(audience: string): Record<string, string> {
    return {
      AUTH0_DOMAIN: this.options.domain,
      AUTH0_BASE_URL: this.url,
      AUTH0_CLIENT_ID: this.options.clientId,
      AUTH0_CLIENT_SECRET: this.options.clientSecret,
      GATEWAY_AUDIENCE: audience,
    };
  }

  /** A caller's access token as the tenant would issue it for a custom API. */
  mintCallerToken(request: CallerTokenRequest): Promise<string> {
    return this.tokens.mintCallerToken(request);
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
        const latency = fault?.kind === 'delay' ? (fault.delayMs ?? 0) : this.latencyMs;
        const remaining = latency - (performance.now() - arrived);
        if (isApi && remaining > 0) await new Promise((r) => setTimeout(r, remaining));
        if (fault?.kind === 'drop-after') {
          // Applied, but the client never hears of it: the case that tempts a gateway into a duplicate.
          if (recorded) recorded.status = result.status;
          req.socket.destroy();
          return;
        }
        if (recorded) recorded.status = result.status;
        if (isApi && method !== 'GET' && result.status < 300) {
          this.logStream.emit({ type: 'sapi', description: 'Management API write', details: { request: { method, path: rawPath } } });
        }
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
    return this.endpoints.answer(req.method ?? 'GET', rawPath, query, body, req.headers.authorization);
  }

  private async other(method: string, url: URL, body: unknown): Promise<{ status: number; body?: unknown }> {
    const route = `${method} ${url.pathname}`;
    if (route === 'POST /oauth/token') return this.tokens.grant(body);
    if (route === 'GET /.well-known/jwks.json') return { status: 200, body: this.keys.jwks };
    if (url.pathname.startsWith('/__emulator/')) return adminApi(this.inside, method, url.pathname.slice('/__emulator/'.length), body);
    throw apiError(404, 'Not Found');
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
