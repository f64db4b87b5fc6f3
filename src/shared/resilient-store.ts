import { MemoryStore, type SharedStore, type Sharing } from './store.js';
import type { RedisStore } from './redis-store.js';
import { SpanKind, type Span } from '@opentelemetry/api';
import { activeTracer, inSpan } from '../observability/tracing.js';

/** After a failed command, Redis is left alone this long before the next command tries it again. */
const COOLDOWN_MS = 1_000;
/**
 * At start the gateway waits this long at most for the first connection before it listens: a
 * replica that began on its own memory would grant a token of its own.
 */
const FIRST_CONNECTION_MS = 2_000;

export interface SharedStoreEvents {
  /** Redis stopped answering; this replica now keeps its state in memory. Called once per outage. */
  down(reason: string): void;
  /** Redis answers again; the state is shared again. */
  up(): void;
}

/**
 * Redis when it answers, this process's memory when it does not: a command that fails or times
 * out is answered from memory, so Redis trouble costs a request at most one command timeout, never
 * an error. While Redis is away (disconnected, or within the cooldown after a failure) commands go
 * to memory at once. What each feature needs to make good on Redis's return (invalidations made
 * while it was away) it does in `whenShared`.
 */
export class ResilientStore implements SharedStore, Sharing {
  private readonly local = new MemoryStore();
  private failedAt = 0;
  private sharing = true;
  private readonly restored: Array<() => void> = [];
  private readonly connecting: Promise<boolean>;

  constructor(
    private readonly redis: RedisStore,
    private readonly events: SharedStoreEvents,
    private readonly now: () => number = Date.now,
  ) {
    // Told at once, rather than at the next command: /metrics and the log are true even while idle.
    redis.onConnection((ready) => (ready ? this.cameBack() : this.wentDown('connection lost')));
    this.connecting = redis.firstConnection(FIRST_CONNECTION_MS);
  }

  /** Resolves once Redis is connected, or after FIRST_CONNECTION_MS: then the gateway serves either way. */
  async connected(): Promise<void> {
    await this.connecting;
  }

  get shared(): boolean {
    return this.sharing && this.redis.ready;
  }

  whenShared(listener: () => void): void {
    this.restored.push(listener);
  }

  get(key: string): Promise<string | null> {
    return this.either('GET', (store) => store.get(key));
  }

  getMany(keys: string[]): Promise<Array<string | null>> {
    return this.either('MGET', (store) => store.getMany(keys));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.either('SET', (store) => store.set(key, value, ttlMs));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.either('SET NX', (store) => store.setIfAbsent(key, value, ttlMs));
  }

  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number): Promise<boolean> {
    return this.either('compare-and-set', (store) => store.compareAndSet(key, expected, next, ttlMs));
  }

  delete(keys: string[]): Promise<void> {
    return this.either('DEL', (store) => store.delete(keys));
  }

  exists(keys: string[]): Promise<number> {
    return this.either('EXISTS', (store) => store.exists(keys));
  }

  close(): void {
    this.redis.close();
  }

  /** A command, in a span of its own when tracing is on: the operation and where it was answered, never the keys (they hold ids). */
  private either<T>(operation: string, command: (store: SharedStore) => Promise<T>): Promise<T> {
    if (!activeTracer()) return this.route(command, null);
    return inSpan(
      `redis ${operation}`,
      { 'db.system.name': 'redis', 'db.operation.name': operation },
      (span) => this.route(command, span),
      SpanKind.CLIENT,
    );
  }

  private async route<T>(command: (store: SharedStore) => Promise<T>, span: Span | null): Promise<T> {
    const local = () => {
      span?.setAttribute('mfa_gateway.answered_by', 'memory');
      return command(this.local);
    };
    if (!this.redis.ready) {
      this.wentDown('disconnected');
      return local();
    }
    if (!this.sharing && this.now() - this.failedAt < COOLDOWN_MS) return local();
    try {
      return await this.onRedis(command);
    } catch (error) {
      this.wentDown(error instanceof Error ? error.message : String(error));
      return local();
    }
  }

  /** A command on Redis itself: its success ends an outage, its failure starts the cooldown. */
  private async onRedis<T>(command: (store: SharedStore) => Promise<T>): Promise<T> {
    try {
      const result = await command(this.redis);
      this.cameBack();
      return result;
    } catch (error) {
      this.failedAt = this.now();
      throw error;
    }
  }

  private wentDown(reason: string): void {
    if (!this.sharing) return;
    this.sharing = false;
    this.events.down(reason);
  }

  async insist(command: (store: SharedStore) => Promise<unknown>): Promise<boolean> {
    if (!this.redis.ready) return false;
    return this.onRedis(command).then(
      () => true,
      () => false,
    );
  }

  private cameBack(): void {
    if (this.sharing) return;
    this.sharing = true;
    // What this replica kept alone meanwhile (lists, generations) is older than what Redis will hold
    // after the replays below: never served in a later fallback.
    this.local.clear();
    this.events.up();
    for (const listener of this.restored) listener();
  }
}
