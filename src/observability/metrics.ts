import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Distinct operation names kept as labels; past this, `other`, so clients cannot blow up the series count. */
const MAX_OPERATION_NAMES = 200;
/**
 * New names one caller may add to them: a caller with a valid token sending made-up names would
 * otherwise take every label, and the operations of the clients that come after go unnamed.
 */
const MAX_OPERATION_NAMES_PER_CALLER = 20;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The gateway's Prometheus metrics, one registry per gateway instance (so tests can run several in
 * one process), served at /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  /** How many of `names` each caller added (at most MAX_OPERATION_NAMES callers). */
  private readonly namesAddedBy = new Map<string, number>();

  readonly operations = new Counter({
    name: 'mfa_gateway_graphql_operations_total',
    help: 'GraphQL operations by operation name and outcome (ok, error, rejected, unauthenticated).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationSeconds = new Histogram({
    name: 'mfa_gateway_graphql_operation_duration_seconds',
    help: 'GraphQL request latency, from request to response, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: 'mfa_gateway_upstream_requests_total',
    help: 'Management API calls by route and HTTP status (0: no answer).',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly upstreamSeconds = new Histogram({
    name: 'mfa_gateway_upstream_request_duration_seconds',
    help: 'Management API call latency by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'mfa_gateway_upstream_retries_total',
    help: 'Management API calls sent again after a 5xx, a timeout or a lost connection.',
    registers: [this.registry],
  });
  readonly rateLimitWaits = new Counter({
    name: 'mfa_gateway_rate_limit_waits_total',
    help: 'Times a call waited for the tenant rate-limit bucket (paced, or after a 429).',
    registers: [this.registry],
  });
  readonly tokenGrants = new Counter({
    name: 'mfa_gateway_token_grants_total',
    help: 'Client-credentials grants for a Management API token, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly loaderBatchSize = new Histogram({
    name: 'mfa_gateway_loader_batch_size',
    help: 'Distinct users per methods-by-user loader batch.',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [this.registry],
  });

  readonly methodsReads = new Counter({
    name: 'mfa_gateway_methods_reads_total',
    help: "Reads of a user's methods by where the list came from: cache, shared (joined a GET in flight) or upstream.",
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly sharedStoreOutages = new Counter({
    name: 'mfa_gateway_shared_store_outages_total',
    help: 'Times Redis stopped answering and this replica fell back to its own memory.',
    registers: [this.registry],
  });
  readonly storedValuesRejected = new Counter({
    name: 'mfa_gateway_shared_values_rejected_total',
    help: 'Values read back from the shared store that failed to parse or claimed the impossible, dropped and replaced, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly jobsLost = new Counter({
    name: 'mfa_gateway_jobs_lost_total',
    help: 'Bulk resets stopped because their records were gone from the job store (evicted, or Redis lost its data).',
    registers: [this.registry],
  });
  readonly redisEvictionSafe = new Gauge({
    name: 'mfa_gateway_redis_eviction_safe',
    help: "1 when Redis's maxmemory-policy is noeviction, 0 when it may evict keys (unsupported for jobs), -1 when unknown or no REDIS_URL.",
    registers: [this.registry],
  });
  readonly redisDataLost = new Counter({
    name: 'mfa_gateway_redis_data_lost_total',
    help: 'Times Redis was found to have lost its data on reconnecting (the marker written at start was gone).',
    registers: [this.registry],
  });
  readonly logStreamEvents = new Counter({
    name: 'mfa_gateway_log_stream_events_total',
    help: 'Auth0 log-stream events received, by what was done: invalidated, ignored, duplicate.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(probes: {
    inFlight: () => number;
    queued: () => number;
    rateLimitHeldUntil: () => number | null;
    droppedLogLines: () => number;
    /** 1 while state is shared through Redis, 0 while in memory; null without REDIS_URL. */
    sharedStoreUp: () => number | null;
  }) {
    const { inFlight, queued, rateLimitHeldUntil, droppedLogLines, sharedStoreUp } = probes;
    this.redisEvictionSafe.set(-1);
    new Gauge({
      name: 'mfa_gateway_shared_store_up',
      help: '1 while token, rate budget and cache are shared through Redis; 0 while this replica falls back to memory (-1: no REDIS_URL).',
      registers: [this.registry],
      collect() {
        this.set(sharedStoreUp() ?? -1);
      },
    });
    new Counter({
      name: 'mfa_gateway_log_lines_dropped_total',
      help: 'Log lines dropped because stdout could not keep up (its buffer is bounded).',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(droppedLogLines());
      },
    });
    new Gauge({
      name: 'mfa_gateway_rate_limit_held_until_seconds',
      help: 'While the tenant rate limit holds calls after a 429: until when (Unix seconds); 0 when calls flow.',
      registers: [this.registry],
      collect() {
        const until = rateLimitHeldUntil();
        this.set(until === null ? 0 : until / 1000);
      },
    });
    new Gauge({
      name: 'mfa_gateway_upstream_in_flight',
      help: 'Management API calls in flight now.',
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
    new Gauge({
      name: 'mfa_gateway_upstream_queued',
      help: 'Calls waiting for an upstream slot now.',
      registers: [this.registry],
      collect() {
        this.set(queued());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'mfa_gateway_' });
  }

  /** A client-chosen operation name, sent by `caller` (its `sub`), as a bounded label. */
  operationLabel(name: string | null | undefined, caller: string): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.names.has(name)) return name;
    const added = this.namesAddedBy.get(caller) ?? 0;
    if (this.names.size >= MAX_OPERATION_NAMES || added >= MAX_OPERATION_NAMES_PER_CALLER) return 'other';
    this.names.add(name);
    this.namesAddedBy.set(caller, added + 1);
    return name;
  }
}
