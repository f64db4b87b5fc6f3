import { Redis } from 'ioredis';
import type { SharedStore } from './store.js';

/**
 * Longest a Redis command may take before the caller goes on without it (redis-outage.ts then
 * answers from memory). Well under the 100 ms a GraphQL request may lose to Redis trouble.
 */
const REDIS_COMMAND_TIMEOUT_MS = 50;

// Compare-and-set in one step: Redis runs a script atomically, and no command does this. An empty
// ARGV[1] stands for "nothing there", an empty ARGV[2] for "delete".
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

type ScriptedRedis = Redis & {
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<number>;
};

/**
 * The shared store on Redis, through ioredis. Every command fails fast rather than waits: no
 * offline queue (a command while disconnected fails at once), no retry of a failed command, and a
 * command timeout. ioredis keeps reconnecting in the background. Keys carry REDIS_KEY_PREFIX, so
 * several gateways (or tenants) can share one Redis.
 */
export class RedisStore implements SharedStore {
  readonly redis: ScriptedRedis;

  /** `commandTimeoutMs`: longer for state a caller would rather wait for than do without (jobs). */
  constructor(url: string, prefix: string, { commandTimeoutMs = REDIS_COMMAND_TIMEOUT_MS } = {}) {
    this.redis = new Redis(url, {
      keyPrefix: prefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: 1_000,
      // Back again within a second of Redis returning, without hammering it while it is away.
      retryStrategy: (times) => Math.min(100 * times, 1_000),
    }) as ScriptedRedis;
    this.redis.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    // Connection errors are reported by the outage tracker's state changes, not as unhandled events.
    this.redis.on('error', () => {});
    this.redis.connect().catch(() => {});
  }

  /** Calls `listener` with true each time the connection is ready, false each time it is lost. */
  onConnection(listener: (ready: boolean) => void): void {
    this.redis.on('ready', () => listener(true));
    this.redis.on('close', () => listener(false));
  }

  /** Resolves when the first connection is made, or after `timeoutMs` (false then). */
  firstConnection(timeoutMs: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  getMany(keys: string[]): Promise<Array<string | null>> {
    return keys.length === 0 ? Promise.resolve([]) : this.redis.mget(keys);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number): Promise<boolean> {
    return (await this.redis.compareAndSet(key, expected ?? '', next ?? '', Math.max(1, Math.round(ttlMs)))) === 1;
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async exists(keys: string[]): Promise<number> {
    return keys.length === 0 ? 0 : this.redis.exists(...keys);
  }

  close(): void {
    this.redis.disconnect();
  }
}
