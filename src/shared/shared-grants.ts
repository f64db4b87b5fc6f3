import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { Grant } from '../upstream/token.js';
import { z } from 'zod';
import type { SharedStore, Sharing } from './store.js';
import { keys } from './keys.js';
import { CLOCK_SLACK_MS, StoredValues } from './stored-values.js';

const POLL_MS = 50;
/**
 * A replica that has just lost Redis (often only a command timed out on a busy event loop) waits
 * this long for it before granting on its own: a grant costs quota and cannot be revoked, a
 * second's wait for a new token is rare and cheap.
 */
const SHARING_WAIT_MS = 1_000;

interface SharedToken {
  /** The access token, AES-256-GCM sealed (iv, tag, ciphertext; base64). */
  sealed: string;
  expiresAt: number;
  renewAt: number;
}

export interface SharedGrantsOptions {
  store: SharedStore & Partial<Sharing>;
  /** The client-credentials grant itself. */
  grant: () => Promise<Grant>;
  /** The key is derived from it: a Redis reader without the client secret cannot use the token. */
  clientSecret: string;
  clientId: string;
  /** How long one grant may take: a replica dying mid-grant blocks the others no longer. */
  grantTimeoutMs: number;
  /** When a token is to be renewed, given when it was granted and its lifetime. */
  renewAt: (grantedAt: number, lifetimeMs: number) => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  values?: StoredValues;
}

/**
 * One Management API token for every replica. A replica that needs a token takes the one in the
 * store while it is fresh; else it takes a lock that expires after one grant's timeout, grants,
 * and stores the token sealed; replicas that find the lock taken wait for that token (and grant
 * themselves only if none comes before the lock expires). After a 401 the failed token is dropped
 * from the store only if it is still the one there, so a burst of 401s on every replica costs
 * one grant.
 */
export class SharedGrants {
  private readonly key: Buffer;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The sealed form of a token that met a 401, to be dropped from the store if still there. */
  private stale: string | null = null;
  private lastSeen: { token: string; sealed: string } | null = null;
  private readonly values: StoredValues;
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(private readonly options: SharedGrantsOptions) {
    this.values = options.values ?? new StoredValues();
    this.tokenKey = keys.token(options.clientId);
    this.lockKey = keys.grantLock(options.clientId);
    this.key = Buffer.from(hkdfSync('sha256', options.clientSecret, 'mfa-gateway management token', options.clientId, 32));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The token met a 401: the next `obtain` does not take it from the store again. */
  invalidate(token: string): void {
    if (this.lastSeen?.token === token) this.stale = this.lastSeen.sealed;
  }

  /** A token for this replica: the shared one while fresh, else one new grant for all. */
  async obtain(): Promise<Grant & { renewAt: number }> {
    const { store, grantTimeoutMs } = this.options;
    if (store.shared === false) await this.sleep(SHARING_WAIT_MS);
    const giveUpAt = this.now() + grantTimeoutMs + 1_000;
    for (;;) {
      const shared = await this.fresh();
      if (shared) return shared;
      const lock = JSON.stringify({ owner: randomUUID(), until: this.now() + grantTimeoutMs } satisfies GrantLock);
      if (await store.setIfAbsent(this.lockKey, lock, grantTimeoutMs)) {
        try {
          // Someone may have stored a token between our read and our lock.
          return (await this.fresh()) ?? (await this.grantAndShare());
        } finally {
          await store.compareAndSet(this.lockKey, lock, null, 0);
        }
      }
      await this.breakDeadLock();
      if (this.now() > giveUpAt) return this.grantAndShare();
      await this.sleep(POLL_MS);
    }
  }

  /**
   * A lock is a lock only while it says it lasts: one that is not ours to read (written by hand or
   * by another version, possibly without an expiry) or whose time has passed is removed, so the
   * next turn takes it. Left there, it made every replica wait for the give-up time, then grant
   * its own.
   */
  private async breakDeadLock(): Promise<void> {
    const { store } = this.options;
    const stored = await store.get(this.lockKey);
    if (stored === null) return;
    const lock = this.values.parse('grant-lock', stored, grantLockSchema);
    if (lock && lock.until > this.now() && lock.until <= this.now() + this.options.grantTimeoutMs + CLOCK_SLACK_MS) return;
    if (lock) this.values.reject('grant-lock', 'outlived its time');
    await store.compareAndSet(this.lockKey, stored, null, 0);
  }

  private async fresh(): Promise<(Grant & { renewAt: number }) | null> {
    const stored = await this.options.store.get(this.tokenKey);
    if (!stored) return null;
    if (stored === this.stale) {
      await this.options.store.compareAndSet(this.tokenKey, stored, null, 0);
      return null;
    }
    const token = this.values.parse('token', stored, tokenSchema(this.now));
    const now = this.now();
    if (!token || now >= token.renewAt) return null;
    const accessToken = this.open(token.sealed);
    if (accessToken === null) {
      this.values.reject('token', 'not sealed with this gateway key');
      return null;
    }
    this.lastSeen = { token: accessToken, sealed: stored };
    return { accessToken, expiresInSeconds: Math.floor((token.expiresAt - now) / 1000), renewAt: token.renewAt };
  }

  private async grantAndShare(): Promise<Grant & { renewAt: number }> {
    const grantedAt = this.now();
    const grant = await this.options.grant();
    const lifetimeMs = grant.expiresInSeconds * 1000;
    const shared: SharedToken = {
      sealed: this.seal(grant.accessToken),
      expiresAt: grantedAt + lifetimeMs,
      renewAt: this.options.renewAt(grantedAt, lifetimeMs),
    };
    const stored = JSON.stringify(shared);
    await this.options.store.set(this.tokenKey, stored, Math.max(1, shared.renewAt - this.now()));
    this.lastSeen = { token: grant.accessToken, sealed: stored };
    this.stale = null;
    return { ...grant, renewAt: shared.renewAt };
  }

  private seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /** Null when the token was sealed with another key (another client secret) or tampered with. */
  private open(sealed: string): string | null {
    try {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** Auth0 tokens last at most 30 days: a stored one claiming longer was not stored by a gateway. */
const MAX_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

const tokenSchema = (now: () => number): z.ZodType<SharedToken> =>
  z
    .object({ sealed: z.string().max(20_000), expiresAt: z.number().finite(), renewAt: z.number().finite() })
    .refine((token) => token.renewAt <= token.expiresAt && token.expiresAt <= now() + MAX_TOKEN_LIFETIME_MS + CLOCK_SLACK_MS, {
      error: 'lasts longer than any token',
    });

interface GrantLock {
  owner: string;
  /** When the lock's holder gives up on its grant (ms since the epoch). */
  until: number;
}

const grantLockSchema: z.ZodType<GrantLock> = z.object({ owner: z.string().max(100), until: z.number().finite() });
