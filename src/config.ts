import { z } from 'zod';

/**
 * The only reader of process.env. Every variable of the README's configuration table is parsed here, once, at start;
 * a bad value becomes a ConfigError whose one-line message names the variable (and never echoes a
 * secret's value).
 */

export type IntrospectionMode = 'true' | 'authenticated' | 'false';

export interface TenantConfig {
  domain: string;
  clientId: string;
  clientSecret: string;
  /** Origin for /oauth/token, /api/v2 and the JWKS, without a trailing slash. */
  baseUrl: string;
  /** Audience asked for in the client-credentials grant. */
  managementAudience: string;
  /** Audience and issuer that callers' JWTs must carry. */
  gatewayAudience: string;
  gatewayIssuer: string;
  jwksUrl: string;
}

export interface Config {
  port: number;
  host: string;
  /** null in dev mode (no AUTH0_DOMAIN): the embedded emulator provides the tenant. */
  tenant: TenantConfig | null;
  selfService: boolean;
  introspection: IntrospectionMode;
  upstream: { concurrency: number; timeoutMs: number; maxWaitMs: number };
  /** Distinct users and `_entities` representations one request may ask for. */
  maxUsersPerRequest: number;
  totpIssuer: string;
  logLevel: LogLevel;
  auditLogFile: string | undefined;
  shared: SharedStateConfig;
  /** OpenTelemetry traces, exported over OTLP/HTTP; null when no endpoint is set. */
  tracing: { protocol: 'http/protobuf' | 'http/json' } | null;
}

export interface SharedStateConfig {
  /** null: each process keeps its state in memory. */
  redisUrl: string | null;
  keyPrefix: string;
  methodsCacheTtlMs: number;
  /** null: the log-stream hook answers 404. */
  logStreamToken: string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values must never appear in an error message. */
const SECRET_VARIABLES = new Set(['AUTH0_CLIENT_SECRET', 'LOG_STREAM_TOKEN', 'REDIS_URL']);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  { error: 'must be an http(s) URL without credentials' },
);

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

const redisUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'redis:' || url.protocol === 'rediss:';
    } catch {
      return false;
    }
  },
  { error: 'must be a redis:// or rediss:// URL' },
);

const booleanFlag = z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).transform((v) => v === 'true');

/** A bare host name such as acme.eu.auth0.com: no scheme, path or port. */
const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, {
  error: 'must be a host name such as acme.eu.auth0.com (no scheme, path or port)',
});

const otlpProtocol = z.enum(['http/protobuf', 'http/json'], { error: 'must be "http/protobuf" or "http/json" (gRPC is not supported)' });

const schema = z.object({
  PORT: integer(0, 65535).default(4000),
  HOST: nonEmpty.default('127.0.0.1'),
  AUTH0_DOMAIN: domain.optional(),
  AUTH0_CLIENT_ID: nonEmpty.optional(),
  AUTH0_CLIENT_SECRET: nonEmpty.optional(),
  AUTH0_BASE_URL: httpUrl.optional(),
  AUTH0_AUDIENCE: nonEmpty.optional(),
  GATEWAY_AUDIENCE: nonEmpty.optional(),
  GATEWAY_ISSUER: nonEmpty.optional(),
  GATEWAY_JWKS_URL: httpUrl.optional(),
  GATEWAY_SELF_SERVICE: booleanFlag.default(true),
  GATEWAY_INTROSPECTION: z.enum(['true', 'authenticated', 'false'], { error: 'must be "true", "authenticated" or "false"' }).optional(),
  GATEWAY_MAX_USERS_PER_REQUEST: integer(1, 10_000).default(100),
  UPSTREAM_CONCURRENCY: integer(1, 1024).default(8),
  UPSTREAM_TIMEOUT_MS: integer(1, 600_000).default(10_000),
  UPSTREAM_MAX_WAIT_MS: integer(0, 3_600_000).default(15_000),
  TOTP_ISSUER: nonEmpty.max(100, { error: 'must be at most 100 characters' }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  AUDIT_LOG_FILE: nonEmpty.optional(),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z.string().max(100, { error: 'must be at most 100 characters' }).default('mfa-gateway:'),
  METHODS_CACHE_TTL_SECONDS: integer(0, 86_400).default(10),
  // Auth0 sends it as a bearer token: at least 16 characters, so it cannot be guessed.
  LOG_STREAM_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  // OpenTelemetry's own variables; the SDK reads the others it knows (OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_BSP_*...).
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
});

/** Every variable the gateway reads (the README's configuration table is checked against it). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

type Env = Record<string, string | undefined>;

/** The tenant's variables: with any of them set, the gateway fronts a real tenant, never the emulator. */
const TENANT_VARIABLES = ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_BASE_URL', 'AUTH0_AUDIENCE'] as const;

export function loadConfig(env: Env): Config {
  // A variable set to nothing is an error, not "unset": `AUTH0_DOMAIN=` with real credentials
  // must not fall back to dev mode and its all-permission token.
  const empty = CONFIG_VARIABLES.find((key) => env[key] !== undefined && env[key].trim() === '');
  if (empty) throw new ConfigError(`${empty} is set but empty: give it a value or unset it`);
  const present = Object.fromEntries(CONFIG_VARIABLES.flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])));
  if (!present.AUTH0_DOMAIN) {
    const tenantVariable = TENANT_VARIABLES.find((key) => present[key] !== undefined);
    if (tenantVariable)
      throw new ConfigError(`AUTH0_DOMAIN is required when ${tenantVariable} is set (dev mode needs every AUTH0_* variable unset)`);
    if (env.NODE_ENV === 'production')
      throw new ConfigError('AUTH0_DOMAIN is required when NODE_ENV=production (dev mode, with its emulator, is for development only)');
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(present[variable])})`;
    throw new ConfigError(`${variable} ${issue.message}${shown}`);
  }
  const v = parsed.data;
  const tenant = v.AUTH0_DOMAIN ? tenantFrom(v.AUTH0_DOMAIN, v) : null;
  return {
    port: v.PORT,
    host: v.HOST,
    tenant,
    selfService: v.GATEWAY_SELF_SERVICE,
    introspection: v.GATEWAY_INTROSPECTION ?? (tenant ? 'authenticated' : 'true'),
    upstream: {
      concurrency: v.UPSTREAM_CONCURRENCY,
      timeoutMs: v.UPSTREAM_TIMEOUT_MS,
      maxWaitMs: v.UPSTREAM_MAX_WAIT_MS,
    },
    maxUsersPerRequest: v.GATEWAY_MAX_USERS_PER_REQUEST,
    totpIssuer: v.TOTP_ISSUER ?? v.AUTH0_DOMAIN ?? 'MFA Gateway',
    logLevel: v.LOG_LEVEL,
    auditLogFile: v.AUDIT_LOG_FILE,
    shared: {
      redisUrl: v.REDIS_URL ?? null,
      keyPrefix: v.REDIS_KEY_PREFIX,
      methodsCacheTtlMs: v.METHODS_CACHE_TTL_SECONDS * 1000,
      logStreamToken: v.LOG_STREAM_TOKEN ?? null,
    },
    // No endpoint, no tracing: the SDK is not even loaded.
    tracing:
      v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || v.OTEL_EXPORTER_OTLP_ENDPOINT
        ? { protocol: v.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? v.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf' }
        : null,
  };
}

function tenantFrom(domainName: string, v: z.infer<typeof schema>): TenantConfig {
  const required = (name: 'AUTH0_CLIENT_ID' | 'AUTH0_CLIENT_SECRET' | 'GATEWAY_AUDIENCE'): string => {
    const value = v[name];
    if (!value) throw new ConfigError(`${name} is required when AUTH0_DOMAIN is set`);
    return value;
  };
  const baseUrl = (v.AUTH0_BASE_URL ?? `https://${domainName}`).replace(/\/+$/, '');
  return {
    domain: domainName,
    clientId: required('AUTH0_CLIENT_ID'),
    clientSecret: required('AUTH0_CLIENT_SECRET'),
    baseUrl,
    managementAudience: v.AUTH0_AUDIENCE ?? `https://${domainName}/api/v2/`,
    gatewayAudience: required('GATEWAY_AUDIENCE'),
    gatewayIssuer: v.GATEWAY_ISSUER ?? `https://${domainName}/`,
    jwksUrl: v.GATEWAY_JWKS_URL ?? `${baseUrl}/.well-known/jwks.json`,
  };
}
