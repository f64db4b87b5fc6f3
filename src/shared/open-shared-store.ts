import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { SharedStateConfig } from '../config.js';
import { MemoryStore, type SharedStore, type Sharing } from './store.js';
import { RedisStore } from './redis-store.js';
import { ResilientStore } from './resilient-store.js';

export type GatewayStore = SharedStore & Partial<Sharing> & { close(): void; connected?(): Promise<void> };

/** Redis (with memory as the fallback) when REDIS_URL is set, this process's memory otherwise. */
export function openSharedStore(config: SharedStateConfig, log: Logger, metrics: Metrics): GatewayStore {
  if (!config.redisUrl) return Object.assign(new MemoryStore(), { close: () => {} });
  return new ResilientStore(new RedisStore(config.redisUrl, config.keyPrefix), {
    down: (reason) => {
      metrics.sharedStoreOutages.inc();
      log.warn({ reason }, 'Redis is not answering: this replica keeps token, rate budget and cache in its own memory until it returns');
    },
    up: () => log.info('Redis answers again: token, rate budget and cache are shared again'),
  });
}
