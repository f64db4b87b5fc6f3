import { Cluster, Redis, type RedisOptions } from 'ioredis';
import calculateSlot from 'cluster-key-slot';

export type RedisClient = Redis | Cluster;

export interface ClientSettings {
  /** The key space in front of every key (keys.ts). */
  keyPrefix: string;
  commandTimeoutMs: number;
}

/**
 * Options that make every command fail fast rather than wait: no offline queue (a command while
 * disconnected fails at once), no retry of a failed command, a command timeout. The client keeps
 * reconnecting in the background on its own, within a second of Redis returning.
 */
const failFast = ({ commandTimeoutMs }: ClientSettings): RedisOptions => ({
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: commandTimeoutMs,
  connectTimeout: 1_000,
  retryStrategy: (times) => Math.min(100 * times, 1_000),
});

/** A client for one server at `url`; `lazyConnect`: connected by the caller. */
export function serverClient(url: string, settings: ClientSettings): Redis {
  return new Redis(url, { ...failFast(settings), keyPrefix: settings.keyPrefix, lazyConnect: true });
}

/**
 * A client for the cluster that the node at `url` belongs to: it learns the others and the slots
 * from that node, and follows them as they move (a master's failover, a resharding).
 */
export function clusterClient(url: string, settings: ClientSettings): Cluster {
  const parsed = new URL(url);
  const redisOptions: RedisOptions = {
    ...failFast(settings),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return new Cluster([{ host: parsed.hostname, port: Number(parsed.port || 6379) }], {
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    lazyConnect: true,
    redisOptions,
    clusterRetryStrategy: (times) => Math.min(100 * times, 1_000),
    // A command for a slot whose master just went is answered from memory (the resilient store)
    // rather than retried past the hot path's bound.
    retryDelayOnClusterDown: 0,
    retryDelayOnFailover: 0,
    slotsRefreshTimeout: 1_000,
  });
}

/** Whether the server behind a connected client is a node of a Redis Cluster. */
export async function isClusterNode(client: Redis): Promise<boolean> {
  return /^cluster_enabled:1\s*$/m.test(await client.info('cluster'));
}

/**
 * `keys` split by hash slot (as the cluster will see them, prefix included), each group with the
 * positions its keys had: a multi-key command is sent once per slot.
 */
export function bySlot(keys: string[], prefix: string): Array<{ keys: string[]; positions: number[] }> {
  const groups = new Map<number, { keys: string[]; positions: number[] }>();
  keys.forEach((key, position) => {
    const slot = calculateSlot(prefix + key);
    const group = groups.get(slot) ?? { keys: [], positions: [] };
    group.keys.push(key);
    group.positions.push(position);
    groups.set(slot, group);
  });
  return [...groups.values()];
}
