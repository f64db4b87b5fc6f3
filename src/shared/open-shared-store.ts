import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { SharedStateConfig } from '../config.js';
import { MemoryStore, type SharedStore, type Sharing } from './store.js';
import { RedisStore } from './redis-store.js';
import { ResilientStore } from './resilient-store.js';
import { keySpace } from './keys.js';
import { EVICTION_SAFE, RedisInspector, type RedisFacts } from './redis-facts.js';

export type GatewayStore = SharedStore &
  Partial<Sharing> & {
    /**
     * The store of state that must not be lost or forked (bulk-reset jobs): Redis alone, whose
     * errors reach the caller, or this process's memory when there is no Redis.
     */
    durable: SharedStore;
    close(): void;
    connected?(): Promise<void>;
    /** What was last learnt of the Redis server (null: no REDIS_URL, or not reached yet). */
    facts(): RedisFacts | null;
  };

/**
 * Characters of job records a single process keeps (job-store.ts keeps at most 7 jobs, a
 * 10,000-user one taking 3-5 M): separate from the cache's store, so that reads never evict a job.
 */
const JOBS_IN_MEMORY_CHARS = 40 * 1024 * 1024;
const JOB_COMMAND_TIMEOUT_MS = 1_000;

/** Redis (with memory as the fallback) when REDIS_URL is set, this process's memory otherwise. */
export function openSharedStore(config: SharedStateConfig, tenantDomain: string, log: Logger, metrics: Metrics): GatewayStore {
  if (!config.redisUrl) {
    return Object.assign(new MemoryStore(), {
      durable: new MemoryStore({ maxChars: JOBS_IN_MEMORY_CHARS }),
      close: () => {},
      facts: () => null,
    });
  }
  const space = keySpace(config.keyPrefix, tenantDomain);
  const store = new ResilientStore(new RedisStore(config.redisUrl, space), {
    down: (reason) => {
      metrics.sharedStoreOutages.inc();
      log.warn({ reason }, 'Redis is not answering: this replica keeps token, rate budget and cache in its own memory until it returns');
    },
    up: () => log.info('Redis answers again: token, rate budget and cache are shared again'),
  });
  // Jobs wait for Redis rather than do without it, and are off the requests' hot path: a
  // connection of their own, whose commands may take up to a second under load.
  const durable = new RedisStore(config.redisUrl, space, { commandTimeoutMs: JOB_COMMAND_TIMEOUT_MS });
  const closeShared = store.close.bind(store);
  let facts: RedisFacts | null = null;
  const inspector = new RedisInspector(durable, durable);
  // At start and on every reconnection: a restart or a failover is when data goes, and settings change.
  durable.onConnection((ready) => {
    if (!ready) return;
    inspector.inspect().then(
      (learnt) => {
        facts = learnt;
        reportFacts(learnt, log, metrics);
      },
      (error: unknown) => log.warn({ err: error }, 'could not read the Redis server settings'),
    );
  });
  return Object.assign(store, {
    facts: () => facts,
    durable,
    close: () => {
      closeShared();
      durable.close();
    },
  });
}

function reportFacts(facts: RedisFacts, log: Logger, metrics: Metrics): void {
  metrics.redisEvictionSafe.set(facts.evictionPolicy === null ? -1 : Number(facts.evictionPolicy === EVICTION_SAFE));
  if (facts.evictionPolicy !== null && facts.evictionPolicy !== EVICTION_SAFE) {
    log.warn(
      { maxmemoryPolicy: facts.evictionPolicy },
      'Redis may evict keys (maxmemory-policy is not noeviction): bulk-reset jobs are not safe on it and may fail as lost; cached lists are read fresh when their keys go',
    );
  }
  if (facts.persistent === false) log.warn('Redis keeps nothing on disk: a restart loses every bulk-reset job (each then reads FAILED)');
  if (facts.dataLost) {
    metrics.redisDataLost.inc();
    log.error(
      'Redis lost its data (the marker written at start is gone: a restart without persistence, a failover or a flush): unfinished bulk resets stop as lost, cached lists are read fresh',
    );
  }
}
