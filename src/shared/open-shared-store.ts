import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { SharedStateConfig } from '../config.js';
import { MemoryStore, type SharedStore, type Sharing } from './store.js';
import { RedisStore } from './redis-store.js';
import { ResilientStore } from './resilient-store.js';
import { keySpace } from './keys.js';

export type GatewayStore = SharedStore &
  Partial<Sharing> & {
    /**
     * The store of state that must not be lost or forked (bulk-reset jobs): Redis alone, whose
     * errors reach the caller, or this process's memory when there is no Redis.
     */
    durable: SharedStore;
    close(): void;
    connected?(): Promise<void>;
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
    return Object.assign(new MemoryStore(), { durable: new MemoryStore({ maxChars: JOBS_IN_MEMORY_CHARS }), close: () => {} });
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
  return Object.assign(store, {
    durable,
    close: () => {
      closeShared();
      durable.close();
    },
  });
}
