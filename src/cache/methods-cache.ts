import { randomBytes } from 'node:crypto';
import type { Method } from '../domain.js';
import type { SharedStore, Sharing } from '../shared/store.js';

/** What a lookup finds: the user's generation, and the list stored for it if still valid. */
export interface Lookup {
  methods: Method[] | null;
  generation: string | null;
}

interface Entry {
  /** The user's generation when the read that produced this list started. */
  g: string | null;
  m: Method[];
}

/** Users written while Redis was away, whose invalidation is sent again on its return (at most this many). */
const MAX_PENDING = 10_000;

/**
 * Users' method lists, kept for METHODS_CACHE_TTL_SECONDS in the shared store.
 *
 * Read-your-writes rests on a per-user generation: a write gives the user a new random generation
 * and drops the list. A list is stored with the generation its read saw *before* it went upstream,
 * and is served only while that is still the user's generation; so a read that started before a
 * write can store its older list, but that list is never served. Generations outlive the lists
 * they guard (a generation key lasts six TTLs, at least a minute), so none expires under a list.
 *
 * Authorization is not the cache's business: callers are checked per field before a list is asked
 * for, whoever read it first.
 */
export class MethodsCache {
  private readonly pending = new Set<string>();

  constructor(
    private readonly shared: SharedStore & Partial<Sharing>,
    private readonly ttlMs: number,
  ) {
    // Invalidations made while Redis was away reached only this replica's memory: sent again.
    shared.whenShared?.(() => void this.replayPending());
  }

  /** With the cache off (a TTL of 0) lists are not kept, but generations are: reads joined in flight depend on them. */
  async lookup(userId: string): Promise<Lookup> {
    if (this.ttlMs === 0) return { methods: null, generation: await this.shared.get(generationKey(userId)) };
    const [entry, generation = null] = await this.shared.getMany([listKey(userId), generationKey(userId)]);
    const parsed = entry ? (JSON.parse(entry, reviveDates) as Entry) : null;
    return { methods: parsed && parsed.g === generation ? parsed.m : null, generation };
  }

  async keep(userId: string, generation: string | null, methods: Method[]): Promise<void> {
    if (this.ttlMs === 0) return;
    await this.shared.set(listKey(userId), JSON.stringify({ g: generation, m: methods } satisfies Entry), this.ttlMs);
  }

  /** After a write (whatever its outcome) or a change reported by the log stream. */
  async invalidate(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.invalidateOn(this.shared, userIds);
    if (this.shared.shared !== false) return;
    // Redis missed it (a command timed out under load, or it is away): once more on Redis itself,
    // at the cost of one more command timeout at most; then it is left for Redis's return.
    if (await this.shared.insist?.((store) => this.invalidateOn(store, userIds))) return;
    for (const userId of userIds) if (this.pending.size < MAX_PENDING) this.pending.add(userId);
  }

  private async invalidateOn(store: SharedStore, userIds: string[]): Promise<void> {
    const generationTtl = Math.max(60_000, 6 * this.ttlMs);
    await Promise.all(userIds.map((userId) => store.set(generationKey(userId), newGeneration(), generationTtl)));
    await store.delete(userIds.map(listKey));
  }

  private async replayPending(): Promise<void> {
    const users = [...this.pending];
    this.pending.clear();
    await this.invalidate(users);
  }
}

const listKey = (userId: string) => `methods:${userId}`;
const generationKey = (userId: string) => `methods-generation:${userId}`;

const DATE_FIELDS = new Set(['createdAt', 'lastAuthAt', 'enrolledAt']);
const reviveDates = (key: string, value: unknown) => (DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value);

/**
 * A generation unique across replicas. Not randomUUID(): Node builds its string from 16 pieces,
 * and a stored generation kept those pieces, about 600 bytes of heap against 22 for this one; a
 * memory store full of them held 17 MB instead of its few.
 */
const newGeneration = () => randomBytes(16).toString('base64url');
