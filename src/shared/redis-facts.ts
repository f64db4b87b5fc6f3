import { randomUUID } from 'node:crypto';
import type { SharedStore } from './store.js';
import { keys } from './keys.js';

/** What the gateway learns of the Redis it is given, at start and each time it connects again. */
export interface RedisFacts {
  /** `maxmemory-policy`; null when the server would not say. Anything but `noeviction` may evict jobs and generations. */
  evictionPolicy: string | null;
  /** Whether writes survive a restart (AOF, or RDB snapshots configured); null when the server would not say. */
  persistent: boolean | null;
  /** The marker written at start was gone: the server lost its data (a restart without persistence, a failover, a flush). */
  dataLost: boolean;
}

/** The few commands it takes, on whichever client (a server, or any node of a cluster). */
export interface RedisInfoSource {
  info(section: string): Promise<string>;
  configGet(parameter: string): Promise<string | null>;
}

export const EVICTION_SAFE = 'noeviction';

/**
 * Reads the server's eviction policy and persistence, and checks the marker this gateway keeps in
 * the store: written once (it never expires), its absence on a later connection means every key
 * was lost. What cannot be read (managed services often refuse CONFIG) is null, never a guess.
 */
export class RedisInspector {
  private readonly marker = randomUUID();
  private markerWritten = false;

  constructor(
    private readonly source: RedisInfoSource,
    private readonly store: SharedStore,
  ) {}

  async inspect(): Promise<RedisFacts> {
    const [memory, persistence, save] = await Promise.all([
      this.source.info('memory').catch(() => ''),
      this.source.info('persistence').catch(() => ''),
      this.source.configGet('save').catch(() => null),
    ]);
    const evictionPolicy = field(memory, 'maxmemory_policy');
    const aof = field(persistence, 'aof_enabled');
    const persistent = aof === '1' || (save !== null && save.trim() !== '') ? true : aof === '0' && save !== null ? false : null;
    return { evictionPolicy, persistent, dataLost: await this.checkMarker() };
  }

  /** First call: writes the marker unless one is there. Later: the marker gone means the data is. */
  private async checkMarker(): Promise<boolean> {
    if (!this.markerWritten) {
      // Another replica's marker counts as well as ours: what matters is that one is kept.
      await this.store.setIfAbsent(keys.marker, this.marker, MARKER_TTL_MS);
      this.markerWritten = true;
      return false;
    }
    if ((await this.store.exists([keys.marker])) === 1) return false;
    await this.store.setIfAbsent(keys.marker, this.marker, MARKER_TTL_MS);
    return true;
  }
}

/** The store's keys all expire; the marker lasts as long as a gateway could run without reconnecting. */
const MARKER_TTL_MS = 365 * 24 * 60 * 60 * 1000;

const field = (info: string, name: string): string | null => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;
