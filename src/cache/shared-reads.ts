import type { Method } from '../domain.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import type { MethodsCache } from './methods-cache.js';
import type { Span } from '@opentelemetry/api';
import { activeTracer, inSpan } from '../observability/tracing.js';

export type ReadSource = 'cache' | 'shared' | 'upstream';

/**
 * Every GraphQL read of a user's methods goes through here: from the cache while its list is
 * valid; else joined to a GET for the same user already under way in this process (started
 * at the same generation, so never one from before a write); else one GET, stored for the next
 * reader. A fresh read (`Cache-Control: no-cache`) skips the cache and the joining, and stores
 * what it read. The reads that settle a write's outcome never come here: they call the API.
 */
export class SharedReads {
  private readonly inFlight = new Map<string, Promise<Method[]>>();

  constructor(
    private readonly cache: MethodsCache,
    private readonly onRead: (source: ReadSource) => void,
  ) {}

  /** One user's list, in a span saying where it came from when tracing is on (the user is not named). */
  read(userId: string, api: MethodsApi, fresh: boolean): Promise<Method[]> {
    if (!activeTracer()) return this.readFrom(userId, api, fresh, null);
    return inSpan('read methods', {}, (span) => this.readFrom(userId, api, fresh, span));
  }

  private async readFrom(userId: string, api: MethodsApi, fresh: boolean, span: Span | null): Promise<Method[]> {
    const { methods, generation } = await this.cache.lookup(userId);
    if (methods && !fresh) {
      this.report('cache', fresh, span);
      return methods;
    }
    const key = `${generation}\u0000${userId}`;
    const joined = fresh ? undefined : this.inFlight.get(key);
    if (joined) {
      this.report('shared', fresh, span);
      return joined;
    }
    this.report('upstream', fresh, span);
    const reading = api.list(userId).then(async (read) => {
      await this.cache.keep(userId, generation, read);
      return read;
    });
    if (!fresh) {
      this.inFlight.set(key, reading);
      void reading.catch(() => {}).finally(() => this.inFlight.delete(key));
    }
    return reading;
  }

  private report(source: ReadSource, fresh: boolean, span: Span | null): void {
    this.onRead(source);
    span?.setAttribute('mfa_gateway.cache', source === 'cache' ? 'hit' : source === 'shared' ? 'joined' : fresh ? 'bypassed' : 'miss');
  }
}
