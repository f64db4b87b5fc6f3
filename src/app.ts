import type { RequestListener } from 'node:http';
import { createYoga } from 'graphql-yoga';
import type { Config, TenantConfig } from './config.js';
import type { GatewayContext, RequestScope } from './context.js';
import { droppedLogLines, type Logger } from './log.js';
import { schema } from './schema/index.js';
import { createCallerVerifier } from './auth/verify-jwt.js';
import { useRequireAuth } from './auth/use-require-auth.js';
import { createLoaders } from './loaders/index.js';
import { ConcurrencyLimiter } from './upstream/limiter.js';
import { ManagementClient } from './upstream/client.js';
import { MethodsApi } from './upstream/methods-api.js';
import { TokenProvider, grantSettings, renewTime, requestGrant } from './upstream/token.js';
import { SharedGrants } from './shared/shared-grants.js';
import { SharedBudget } from './shared/shared-budget.js';
import { createUpstreamFetch } from './upstream/transport.js';
import { Metrics } from './observability/metrics.js';
import { grantReports, upstreamReports } from './observability/reports.js';
import { useRequestLog } from './observability/use-request-log.js';
import { useDraining, type Lifecycle } from './http/use-draining.js';
import { useReadiness } from './http/use-readiness.js';
import { useMetricsEndpoint } from './observability/use-metrics-endpoint.js';
import { maskError } from './graphql/mask-error.js';
import { EXAMPLE_QUERY, EXAMPLE_TABS } from './http/graphiql-examples.js';
import { AuditTrail } from './audit/audit-trail.js';
import { hardeningPlugins, LIMITS } from './http/hardening.js';
import { withBoundedBody } from './http/bounded-body.js';
import { useCallerAtTheDoor } from './auth/use-caller-at-the-door.js';
import { createDocumentCache } from './graphql/use-document-cache.js';
import { useRequestBudget } from './graphql/use-request-budget.js';
import { openSharedStore } from './shared/open-shared-store.js';
import { patientStore } from './shared/patient-store.js';
import { MethodsCache } from './cache/methods-cache.js';
import { StoredValues } from './shared/stored-values.js';
import { SharedReads } from './cache/shared-reads.js';
import { withLogStreamHook } from './log-stream/with-log-stream-hook.js';
import { MfaResetJobs } from './jobs/mfa-reset-jobs.js';
import { useTracing } from './observability/use-tracing.js';
import { JobStore } from './jobs/job-store.js';
import { useReleaseRequestState } from './graphql/use-release-request-state.js';
import { useCompiledExecution } from './graphql/use-compiled-execution.js';

export interface GatewayOptions {
  config: Config;
  tenant: TenantConfig;
  log: Logger;
  /** Dev mode only: a caller token pre-filled in GraphiQL's headers. */
  devToken?: string;
}

export interface Gateway {
  /** What an HTTP server mounts: Yoga behind the request-body limit. */
  handler: RequestListener;
  lifecycle: Lifecycle;
  /**
   * Shutdown: /readyz says draining, answers say `Connection: close`, and no upstream attempt
   * starts after UPSTREAM_MAX_WAIT_MS. Resolves nothing; returns how long until every request in
   * flight has its answer (and its audit line): that window plus one attempt's timeout.
   */
  drain(): number;
  /** Resolves when the gateway may listen: Redis connected, or given up on for now (within 2 s). */
  ready(): Promise<void>;
  /**
   * After the drain: the bulk resets of this replica stop (their calls under way are awaited and
   * recorded, their leases given back), then Redis is let go.
   */
  close(): Promise<void>;
}

/**
 * Wires the process-wide pieces (token provider, limiter, upstream client, caller verifier) once,
 * and the per-request pieces (caller, loaders) in the context factory. No listen() here, so tests
 * and the benchmark can mount it.
 */
export function createGateway({ config, tenant, log, devToken }: GatewayOptions): Gateway {
  const limiter = new ConcurrencyLimiter(config.upstream.concurrency);
  const http = createUpstreamFetch(config.upstream.timeoutMs);
  const metrics = new Metrics({
    inFlight: () => limiter.inFlight,
    queued: () => limiter.queued,
    rateLimitHeldUntil: (): number | null => client.rateLimitStatus().heldUntil,
    droppedLogLines: () => droppedLogLines.count,
    sharedStoreUp: () => (store.shared === undefined ? null : Number(store.shared)),
  });
  const store = openSharedStore(config.shared, tenant.domain, log, metrics);
  const values = new StoredValues((kind, reason, logged) => {
    metrics.storedValuesRejected.inc({ kind });
    if (logged) log.warn({ kind, reason }, 'a value read back from the shared store was dropped: it is not one this gateway writes');
  });
  const cache = new MethodsCache(store, config.shared.methodsCacheTtlMs, values);
  const reads = new SharedReads(cache, (source) => metrics.methodsReads.inc({ source }));
  const written = (userId: string) => cache.invalidate([userId]);
  const grants = grantReports(metrics, log);
  const sharedGrants = new SharedGrants({
    store: config.shared.redisUrl ? patientStore(store.durable, store) : store,
    grant: () => requestGrant(grantSettings(tenant), http, grants),
    clientSecret: tenant.clientSecret,
    clientId: tenant.clientId,
    grantTimeoutMs: config.upstream.timeoutMs,
    renewAt: renewTime,
    values,
  });
  const tokens = new TokenProvider(
    () => sharedGrants.obtain(),
    Date.now,
    (token) => sharedGrants.invalidate(token),
  );
  const client: ManagementClient = new ManagementClient(
    {
      baseUrl: tenant.baseUrl,
      maxWaitMs: config.upstream.maxWaitMs,
      budget: new SharedBudget(config.shared.redisUrl ? store : null, Date.now, { values, maxWaitMs: config.upstream.maxWaitMs }),
    },
    tokens,
    limiter,
    log,
    upstreamReports(metrics),
    http,
  );
  const verifyCaller = createCallerVerifier({
    issuer: tenant.gatewayIssuer,
    audience: tenant.gatewayAudience,
    jwksUrl: tenant.jwksUrl,
  });

  const audit = new AuditTrail(log, config.auditLogFile);
  const jobs = new MfaResetJobs({
    store: new JobStore(store.durable, values),
    tenant: tenant.domain,
    api: (guard) => new MethodsApi(client, client.deadlineFromNow(), written, { guard }),
    audit: (job) => audit.forRequest({ requestId: job.id, actor: job.actor }),
    lost: () => metrics.jobsLost.inc(),
    log,
  });
  const devHeaders = devToken ? JSON.stringify({ Authorization: `Bearer ${devToken}` }, null, 2) : undefined;
  const lifecycle: Lifecycle = { draining: false };
  const documents = createDocumentCache();

  const yoga = createYoga<RequestScope, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    batching: false,
    // Bounded by withBoundedBody below, without Yoga's per-request stream pipeline.
    maxRequestBodySize: false,
    logging: false,
    // use-document-cache.ts below: bounded by bytes, holding only verified callers' valid documents.
    parserAndValidationCache: false,
    // GraphiQL with its assets inlined (no CDN), loaded on the first page view: the module holds
    // ~9 MB of inlined JS/CSS, about 50-80 MB of RSS that an API-only process never needs.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    graphiql: {
      title: 'MFA methods gateway',
      defaultQuery: EXAMPLE_QUERY,
      // The dev token is embedded only in dev mode; a production page carries no credential.
      ...(devHeaders ? { headers: devHeaders, defaultHeaders: devHeaders } : {}),
      defaultTabs: EXAMPLE_TABS.map((example) => ({ ...example, headers: devHeaders ?? null })),
    },
    maskedErrors: { isDev: false, maskError },
    context: ({ request, requestId, correlationId, auth }) => {
      // Both set by the door stages, which every GraphQL request passes before its context exists.
      if (!requestId || !auth) throw new Error('the request log and the caller check run before the context is built');
      // One deadline per request: however many upstream calls it makes, it waits at most
      // UPSTREAM_MAX_WAIT_MS for slots, rate-limit resets and retries in all.
      const requestApi = new MethodsApi(client, client.deadlineFromNow(), written);
      const fresh = /\bno-cache\b|\bno-store\b|\bmax-age=0\b/i.test(request.headers.get('cache-control') ?? '');
      const actor = { sub: auth.caller?.sub ?? null, clientId: auth.caller?.clientId ?? null };
      return {
        auth,
        loaders: createLoaders((userId) => reads.read(userId, requestApi, fresh), metrics, config.maxUsersPerRequest),
        api: requestApi,
        selfService: config.selfService,
        totpIssuer: config.totpIssuer,
        audit: audit.forRequest({ requestId, correlationId, actor }),
        jobs,
      };
    },
    plugins: [
      // First: its span wraps everything the request does. Only with tracing on: its hooks would
      // otherwise cost every request for nothing.
      ...(config.tracing ? [useTracing()] : []),
      useRequestLog(log, metrics),
      useCallerAtTheDoor(verifyCaller),
      documents.plugin,
      useCompiledExecution(documents.holds),
      useReleaseRequestState(),
      ...hardeningPlugins(verifyCaller),
      useRequireAuth(config.introspection),
      useRequestBudget({ maxUsers: config.maxUsersPerRequest, maxAnswerChars: LIMITS.answerChars }),
      useDraining(lifecycle),
      useMetricsEndpoint(metrics),
      useReadiness({
        tokens,
        lifecycle,
        rateLimit: () => client.rateLimitStatus(),
        sharedState: () => (store.shared === undefined ? 'memory' : store.shared ? 'redis' : 'memory (redis unavailable)'),
        redis: () => store.facts(),
        log,
      }),
    ],
  });

  // Started by the drain, before upstream attempts stop: a job's user under way is recorded, the others are left for another replica.
  let jobsStopped: Promise<void> | null = null;
  const drain = () => {
    lifecycle.draining = true;
    jobsStopped ??= jobs.stop();
    client.stopAttemptsAt(Date.now() + config.upstream.maxWaitMs);
    return config.upstream.maxWaitMs + config.upstream.timeoutMs;
  };
  const logStream = config.shared.logStreamToken
    ? {
        token: config.shared.logStreamToken,
        store,
        invalidate: (userIds: string[]) => cache.invalidate(userIds),
        count: (result: 'invalidated' | 'ignored' | 'duplicate', n: number) => metrics.logStreamEvents.inc({ result }, n),
        log,
      }
    : null;
  const graphql = withBoundedBody(yoga, {
    anonymousLimit: LIMITS.anonymousBodyBytes,
    limit: LIMITS.bodyBytes,
    verifiedLimit: LIMITS.verifiedBodyBytes,
    verify: async (authorization) => (await verifyCaller(authorization)).caller !== null,
  });
  return {
    handler: withLogStreamHook(graphql, logStream),
    lifecycle,
    drain,
    ready: async () => store.connected?.(),
    close: async () => {
      await (jobsStopped ??= jobs.stop());
      store.close();
    },
  };
}
