import { LRUCache } from 'lru-cache';

/**
 * The few operations the gateway's shared state is built on (token, rate budget, read cache,
 * log-stream deliveries). Redis implements them across replicas (redis-store.ts); memory
 * implements them for one process. Everything above this interface is written once and does not
 * know which it has. Values are strings; every key expires, so nothing outlives its use.
 */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  getMany(keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only if it holds nothing; true when it did (a lock, a first delivery). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Replaces `key`'s value with `next` (null: deletes it) only if it holds `expected` (null:
   * nothing); true when it did. The one atomic read-modify-write the shared state needs.
   */
  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number): Promise<boolean>;
  delete(keys: string[]): Promise<void>;
  /** How many of `keys` hold a value (Redis Cluster: keys of one hash slot). */
  exists(keys: string[]): Promise<number>;
}

/** A store that is shared only while Redis answers. */
export interface Sharing {
  /** Whether state is shared with the other replicas now. */
  readonly shared: boolean;
  /** Runs `listener` each time the state is shared again after an outage. */
  whenShared(listener: () => void): void;
  /**
   * Runs `command` on Redis itself once more, even just after a failure, for the rare writes whose
   * loss would break a promise to callers (a write's invalidation): true when Redis took it.
   */
  insist(command: (store: SharedStore) => Promise<unknown>): Promise<boolean>;
}

/** Keys a single process keeps at most (cached lists, generations, delivery ids, token, budget). */
const MAX_KEYS = 25_000;
/**
 * Characters of keys and values it keeps at most: with its entries, some 8-12 MB of heap, whatever
 * number of users is read or log events received (twice this took a log-stream flood to the edge
 * of the 200 MB the process may use under attack). The least recently used go first; the budget
 * and the token, used all the time, stay.
 */
const MAX_CHARS = 4 * 1024 * 1024;

/** A process's own store: the state of a single replica, and every replica's fallback while Redis is away. */
export class MemoryStore implements SharedStore {
  private readonly values: LRUCache<string, string>;

  constructor({ maxChars = MAX_CHARS }: { maxChars?: number } = {}) {
    this.values = new LRUCache<string, string>({
      max: MAX_KEYS,
      maxSize: maxChars,
      sizeCalculation: (value, key) => value.length + key.length,
    });
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.values.get(key) ?? null);
  }

  getMany(keys: string[]): Promise<Array<string | null>> {
    return Promise.resolve(keys.map((key) => this.values.get(key) ?? null));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.values.has(key)) return Promise.resolve(false);
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number): Promise<boolean> {
    if ((this.values.get(key) ?? null) !== expected) return Promise.resolve(false);
    if (next === null) this.values.delete(key);
    else this.values.set(key, next, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  delete(keys: string[]): Promise<void> {
    for (const key of keys) this.values.delete(key);
    return Promise.resolve();
  }

  exists(keys: string[]): Promise<number> {
    return Promise.resolve(keys.filter((key) => this.values.has(key)).length);
  }

  clear(): void {
    this.values.clear();
  }
}
