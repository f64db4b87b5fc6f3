import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const tenant = {
  AUTH0_DOMAIN: 'acme.eu.auth0.com',
  AUTH0_CLIENT_ID: 'client',
  AUTH0_CLIENT_SECRET: 's3cr3t-value',
  GATEWAY_AUDIENCE: 'https://mfa.acme/api',
};

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('applies the documented defaults in dev mode', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      tenant: null,
      selfService: true,
      introspection: 'true',
      upstream: { concurrency: 8, timeoutMs: 10_000, maxWaitMs: 15_000 },
      maxUsersPerRequest: 100,
      totpIssuer: 'MFA Gateway',
      logLevel: 'info',
      auditLogFile: undefined,
      shared: { redisUrl: null, keyPrefix: 'mfa-gateway:', methodsCacheTtlMs: 10_000, logStreamToken: null },
      tracing: null,
    });
  });

  it('traces only with an OTLP endpoint, over OTLP/HTTP (protobuf by default, or JSON); gRPC is refused', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ protocol: 'http/protobuf' });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }).tracing,
    ).toEqual({ protocol: 'http/json' });
    expect(errorOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toMatch(
      /OTEL_EXPORTER_OTLP_PROTOCOL must be "http\/protobuf" or "http\/json"/,
    );
  });

  it('is in dev mode only with every AUTH0_* variable unset and NODE_ENV not production', () => {
    expect(loadConfig({ NODE_ENV: 'development', GATEWAY_AUDIENCE: 'x' }).tenant).toBeNull();
    expect(loadConfig({ ...tenant, NODE_ENV: 'production' }).tenant).not.toBeNull();
  });

  it('derives the tenant URLs from AUTH0_DOMAIN', () => {
    const config = loadConfig(tenant);
    expect(config.tenant).toEqual({
      domain: 'acme.eu.auth0.com',
      clientId: 'client',
      clientSecret: 's3cr3t-value',
      baseUrl: 'https://acme.eu.auth0.com',
      managementAudience: 'https://acme.eu.auth0.com/api/v2/',
      gatewayAudience: 'https://mfa.acme/api',
      gatewayIssuer: 'https://acme.eu.auth0.com/',
      jwksUrl: 'https://acme.eu.auth0.com/.well-known/jwks.json',
    });
    expect(config.introspection).toBe('authenticated');
    expect(config.totpIssuer).toBe('acme.eu.auth0.com');
  });

  it('uses AUTH0_BASE_URL for every tenant call, trailing slash or not', () => {
    const config = loadConfig({ ...tenant, AUTH0_BASE_URL: 'http://127.0.0.1:4010/' });
    expect(config.tenant!.baseUrl).toBe('http://127.0.0.1:4010');
    expect(config.tenant!.jwksUrl).toBe('http://127.0.0.1:4010/.well-known/jwks.json');
    expect(config.tenant!.managementAudience).toBe('https://acme.eu.auth0.com/api/v2/');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer between 0 and 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be at most 65535/],
    [{ UPSTREAM_CONCURRENCY: '0' }, /^UPSTREAM_CONCURRENCY must be at least 1/],
    [{ UPSTREAM_TIMEOUT_MS: '1.5' }, /^UPSTREAM_TIMEOUT_MS must be an integer/],
    [{ GATEWAY_SELF_SERVICE: 'yes' }, /^GATEWAY_SELF_SERVICE must be "true" or "false"/],
    [{ GATEWAY_INTROSPECTION: 'maybe' }, /^GATEWAY_INTROSPECTION must be "true", "authenticated" or "false"/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ AUTH0_DOMAIN: 'https://acme.auth0.com' }, /^AUTH0_DOMAIN must be a host name/],
    [{ ...tenant, AUTH0_BASE_URL: 'ftp://x' }, /^AUTH0_BASE_URL must be an http\(s\) URL/],
    [{ ...tenant, GATEWAY_AUDIENCE: '' }, /^GATEWAY_AUDIENCE is set but empty/],
    [{ ...tenant, AUTH0_DOMAIN: '' }, /^AUTH0_DOMAIN is set but empty/],
    [{ AUTH0_CLIENT_ID: 'client', AUTH0_CLIENT_SECRET: 's3cr3t-value' }, /^AUTH0_DOMAIN is required when AUTH0_CLIENT_ID is set/],
    [{ AUTH0_BASE_URL: 'http://127.0.0.1:4010' }, /^AUTH0_DOMAIN is required when AUTH0_BASE_URL is set/],
    [{ NODE_ENV: 'production' }, /^AUTH0_DOMAIN is required when NODE_ENV=production/],
    [{ AUTH0_DOMAIN: 'acme.auth0.com', AUTH0_CLIENT_ID: 'c' }, /^AUTH0_CLIENT_SECRET is required/],
    [{ METHODS_CACHE_TTL_SECONDS: '-1' }, /^METHODS_CACHE_TTL_SECONDS must be an integer between 0 and 86400/],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/],
    [{ LOG_STREAM_TOKEN: 'short' }, /^LOG_STREAM_TOKEN must be at least 16 characters$/],
  ])('names the variable in one line: %j', (env, message) => {
    const text = errorOf(env);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('never echoes a secret: not the log-stream token, not a Redis URL (it may hold a password)', () => {
    expect(errorOf({ LOG_STREAM_TOKEN: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(errorOf({ REDIS_URL: 'http://user:hunter22@redis:6379' })).not.toContain('hunter22');
  });

  it('reads the shared-state variables', () => {
    expect(
      loadConfig({
        REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
        REDIS_KEY_PREFIX: 'acme:',
        METHODS_CACHE_TTL_SECONDS: '0',
        LOG_STREAM_TOKEN: 'x'.repeat(32),
      }).shared,
    ).toEqual({ redisUrl: 'rediss://:pw@redis.internal:6380/2', keyPrefix: 'acme:', methodsCacheTtlMs: 0, logStreamToken: 'x'.repeat(32) });
  });

  it('never echoes the client secret', () => {
    const text = errorOf({ ...tenant, AUTH0_CLIENT_SECRET: '   ' });
    expect(text).toMatch(/^AUTH0_CLIENT_SECRET is set but empty/);
  });
});
