import type { Cluster, Redis } from 'ioredis';
import type { SharedStore } from './store.js';
import { bySlot, clusterClient, isClusterNode, serverClient, type ClientSettings, type RedisClient } from './redis-client.js';
import type { RedisInfoSource } from './redis-facts.js';

/**
 * Longest a Redis command may take before the caller goes on without it (resilient-store.ts then
 * answers from memory). Well under the 100 ms a GraphQL request may lose to Redis trouble.
 */
const REDIS_COMMAND_TIMEOUT_MS = 50;

// Compare-and-set in one step: Redis runs a script atomically, and no command does this. An empty
// ARGV[1] stands for "nothing there", an empty ARGV[2] for "delete". One key: one slot in a cluster.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

type Scripted<C> = C & {
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<number>;
};

/**
 * The shared store on Redis, through ioredis: a single server, or the Redis Cluster that the node
 * at REDIS_URL belongs to (asked once connected: `INFO cluster`; the client is then replaced by a
 * cluster client that follows the slots). In a cluster, keys read or written together share a hash
 * tag (keys.ts), and the multi-key commands whose keys may not (reads of several users, of several
 * jobs) are sent once per slot. Every command fails fast rather than waits (redis-client.ts).
 */
export class RedisStore implements SharedStore, RedisInfoSource {
  private client: Scripted<RedisClient>;
  private cluster = false;
  /** Whether the server's kind is known: before, a first `ready` is not told (the client may yet be replaced). */
  private kindKnown = false;
  private readonly listeners: Array<(ready: boolean) => void> = [];
  private readonly settled: Promise<void>;

  /** `commandTimeoutMs`: longer for state a caller would rather wait for than do without (jobs). */
  constructor(
    url: string,
    private readonly prefix: string,
    { commandTimeoutMs = REDIS_COMMAND_TIMEOUT_MS } = {},
  ) {
    const settings: ClientSettings = { keyPrefix: prefix, commandTimeoutMs };
    const server = this.adopt(serverClient(url, settings));
    this.client = server;
    // Settled once the first connection tells what the server is: a cluster node gets its cluster's client.
    this.settled = new Promise<void>((resolve) => {
      server.once('ready', () => {
        isClusterNode(server)
          .then(async (cluster) => {
            if (!cluster) return;
            const next = this.adopt(clusterClient(url, settings));
            this.cluster = true;
            this.client = next;
            server.removeAllListeners('close');
            server.disconnect();
            await new Promise<void>((ready) => {
              next.once('ready', () => ready());
              next.connect().catch(() => ready());
            });
          })
          .catch(() => {})
          .finally(() => {
            this.kindKnown = true;
            if (this.ready) this.listeners.forEach((listener) => listener(true));
            resolve();
          });
      });
    });
    server.connect().catch(() => {});
  }

  /** A client with the script defined, whose connection changes reach the listeners. */
  private adopt<C extends Redis | Cluster>(client: C): Scripted<C> {
    client.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    // Connection errors are reported by the outage tracker's state changes, not as unhandled events.
    client.on('error', () => {});
    client.on('ready', () => {
      if (this.kindKnown) this.listeners.forEach((listener) => listener(true));
    });
    client.on('close', () => this.listeners.forEach((listener) => listener(false)));
    return client as Scripted<C>;
  }

  /** Calls `listener` with true each time the connection is ready, false each time it is lost. */
  onConnection(listener: (ready: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when the first connection is made and its kind known, or after `timeoutMs` (false then). */
  async firstConnection(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return this.ready;
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async getMany(keys: string[]): Promise<Array<string | null>> {
    if (keys.length === 0) return [];
    if (!this.cluster) return this.client.mget(keys);
    const values = new Array<string | null>(keys.length).fill(null);
    await Promise.all(
      bySlot(keys, this.prefix).map(async (group) => {
        const read = await this.client.mget(group.keys);
        group.positions.forEach((position, i) => (values[position] = read[i] ?? null));
      }),
    );
    return values;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number): Promise<boolean> {
    return (await this.client.compareAndSet(key, expected ?? '', next ?? '', Math.max(1, Math.round(ttlMs)))) === 1;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(this.perSlot(keys).map((group) => this.client.del(...group)));
  }

  async exists(keys: string[]): Promise<number> {
    const counts = await Promise.all(this.perSlot(keys).map((group) => this.client.exists(...group)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  info(section: string): Promise<string> {
    return this.client.info(section);
  }

  async configGet(parameter: string): Promise<string | null> {
    const answer = (await this.client.config('GET', parameter)) as string[];
    return answer[1] ?? null;
  }

  close(): void {
    this.client.disconnect();
  }

  private perSlot(keys: string[]): string[][] {
    if (keys.length === 0) return [];
    return this.cluster ? bySlot(keys, this.prefix).map((group) => group.keys) : [keys];
  }
}
