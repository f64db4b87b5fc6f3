import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Method } from '../domain.js';
import type { StoredValues } from '../shared/stored-values.js';
import { storedMethods } from '../shared/stored-method.js';
import type { SharedStore, Sharing } from '../shared/store.js';
import { keys } from '../shared/keys.js';

/** What a lookup finds: the user's generation, and the list stored for it if still valid. */
export interface Lookup {
  methods: Method[] | null;
  generation: string;
}

const generationSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const entrySchema = z.object({
  /** The user's generation when the read that produced this list started (null: written by an older version). */
  g: generationSchema.nullable(),
  m: storedMethods,
});
type Entry = z.infer<typeof entrySchema>;

/** Users written while Redis was away, whose invalidation is sent again on its return (at most this many). */
const MAX_PENDING = 10_000;

/**
 * Users' method lists, kept for METHODS_CACHE_TTL_SECONDS in the shared store.
 *
 * Read-your-writes rests on a per-user generation: a write gives the user a new random generation
 * and drops the list. A list is stored with the generation its read saw *before* it went upstream,
 * and is served only while that is still the user's generation; so a read that started before a
 * write can store its older list, but that list is never served. A generation that is not there
 * (never set, expired, evicted, lost in a restart or a failover) is not "nothing changed": the
 * list is read fresh, under a new generation set for the user first. While this replica cannot
 * reach Redis it serves no list at all (another replica's write may have outdated it); it still
 * joins its own reads in flight. Every value read back is checked (stored-values.ts).
 *
 * Authorization is not the cache's business: callers are checked per field before a list is asked
 * for, whoever read it first.
 */
export class MethodsCache {
  private readonly pending = new Set<string>();

  constructor(
    private readonly shared: SharedStore & Partial<Sharing>,
    private readonly ttlMs: number,
    private readonly values: StoredValues,
  ) {
    // Invalidations made while Redis was away reached only this replica's memory: sent again.
    shared.whenShared?.(() => void this.replayPending());
  }

  /** With the cache off (a TTL of 0) lists are not kept, but generations are: reads joined in flight depend on them. */
  async lookup(userId: string): Promise<Lookup> {
    const [entry, stored] =
      this.ttlMs === 0
        ? [null, await this.shared.get(generationKey(userId))]
        : await this.shared.getMany([listKey(userId), generationKey(userId)]);
    const generation = this.generationOf(stored) ?? (await this.establish(userId));
    // Cut off from Redis, this replica cannot see another's writes: no list is trusted.
    if (entry === null || this.shared.shared === false) return { methods: null, generation };
    const parsed = this.values.parse('methods', entry ?? null, entrySchema);
    return { methods: parsed?.g === generation ? parsed.m : null, generation };
  }

  async keep(userId: string, generation: string, methods: Method[]): Promise<void> {
    if (this.ttlMs === 0) return;
    await this.shared.set(listKey(userId), JSON.stringify({ g: generation, m: methods } satisfies Entry), this.ttlMs);
  }

  /** A stored generation as it was written, or null (nothing there, or something this gateway did not write). */
  private generationOf(stored: string | null | undefined): string | null {
    if (stored === null || stored === undefined) return null;
    if (generationSchema.safeParse(stored).success) return stored;
    this.values.reject('generation', 'not a generation');
    return null;
  }

  /**
   * A generation for a user who has none: set only if still none (another replica may be doing the
   * same), else the one that won. If even that cannot be read, a generation of this read alone:
   * what it stores is then never served, which costs a read, never a stale answer.
   */
  private async establish(userId: string): Promise<string> {
    const mine = newGeneration();
    if (await this.shared.setIfAbsent(generationKey(userId), mine, this.generationTtlMs)) return mine;
    return this.generationOf(await this.shared.get(generationKey(userId))) ?? newGeneration();
  }

  private get generationTtlMs(): number {
    return Math.max(60_000, 6 * this.ttlMs);
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
    await Promise.all(userIds.map((userId) => store.set(generationKey(userId), newGeneration(), this.generationTtlMs)));
    await store.delete(userIds.map(listKey));
  }

  private async replayPending(): Promise<void> {
    const users = [...this.pending];
    this.pending.clear();
    await this.invalidate(users);
  }
}

const listKey = keys.list;
const generationKey = keys.generation;

/**
 * A generation unique across replicas. Not randomUUID(): Node builds its string from 16 pieces,
 * and a stored generation kept those pieces, about 600 bytes of heap against 22 for this one; a
 * memory store full of them held 17 MB instead of its few.
 */
const newGeneration = () => randomBytes(16).toString('base64url');
