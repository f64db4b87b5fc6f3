import type { Method } from '../domain.js';
import type { ManagementClient } from './client.js';
import type { CallGuard, HttpMethod, UpstreamCall, Usage } from './call.js';
import { toMethod, toMethods } from './map.js';
import { methodsPath } from './paths.js';
import { UpstreamUnavailableError } from './errors.js';
import { enrollmentOutcome, MethodGone, unknownOutcome } from './write-outcome.js';

type Extra = Pick<UpstreamCall, 'body'>;

/** A call on a user's collection of methods. */
const onCollection = (method: HttpMethod, userId: string, extra: Extra = {}): UpstreamCall => ({
  method,
  path: methodsPath(userId),
  route: `${method} /users/{id}/authentication-methods`,
  target: 'collection',
  ...extra,
});

/** A call on one method (a 404 then means the method, unless the user is unknown). */
const onMethod = (method: HttpMethod, userId: string, methodId: string, extra: Extra = {}): UpstreamCall => ({
  method,
  path: methodsPath(userId, methodId),
  route: `${method} /users/{id}/authentication-methods/{id}`,
  target: 'method',
  ...extra,
});

/** The largest page the API serves; one page covers every real user, more are fetched if needed. */
const PAGE_SIZE = 100;

/** A page of a user's methods, with the total that tells whether another page follows. */
const listPage = (userId: string, page: number): UpstreamCall => {
  const call = onCollection('GET', userId);
  return { ...call, path: `${call.path}?include_totals=true&per_page=${PAGE_SIZE}&page=${page}` };
};

const outcomeUnknown = (error: unknown): error is UpstreamUnavailableError =>
  error instanceof UpstreamUnavailableError && error.outcomeUnknown;

/**
 * The authentication-method endpoints as typed calls, upstream JSON in, Methods out. One instance
 * per request: every call it makes shares the request's deadline and is counted for its log line.
 * Every write, whatever its outcome (an unknown one too), reports the user as `written` before it
 * returns, so that no cached list of them is served after it.
 */
export class MethodsApi {
  /** Upstream calls made through this instance (for a request: its log line). */
  readonly usage: Usage;

  constructor(
    private readonly client: ManagementClient,
    private readonly deadline: number,
    private readonly written: (userId: string) => Promise<void>,
    /** A bulk job's calls: they yield to interactive ones in the rate budget, and its guard may stop each. */
    background: { guard: CallGuard } | null = null,
  ) {
    this.usage = background ? { calls: 0, background: true, guard: background.guard } : { calls: 0, background: false };
  }

  private async writing<T>(userId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      await this.written(userId);
    }
  }

  private send<T>(call: UpstreamCall): Promise<T> {
    return this.client.send<T>(call, this.deadline, this.usage);
  }

  async list(userId: string): Promise<Method[]> {
    const methods: Method[] = [];
    for (let page = 0; ; page += 1) {
      const answer = await this.send<unknown>(listPage(userId, page));
      // A bare array (no include_totals) or the { authenticators, total } envelope: both are served.
      const items = Array.isArray(answer) ? answer : (answer as { authenticators?: unknown } | null)?.authenticators;
      const total = Array.isArray(answer) ? undefined : (answer as { total?: unknown } | null)?.total;
      // Anything else (an HTML error page from a proxy, a truncated body) must not read as "no methods".
      if (!Array.isArray(items)) throw new UpstreamUnavailableError('The Management API answered in an unexpected shape.');
      const pageItems = items;
      methods.push(...toMethods(pageItems));
      const more = typeof total === 'number' && (page + 1) * PAGE_SIZE < total && pageItems.length === PAGE_SIZE;
      if (!more) return methods;
    }
  }

  /**
   * POST, never blindly retried (retry-policy.ts). When its outcome is unknown (the answer was lost
   * after sending), a fresh read of the user's methods settles it (write-outcome.ts): proven
   * applied, it is the result; not there, the POST is sent once more, and that answer is the
   * result; anything else, including any failure of the second POST, is an unknown outcome.
   */
  create(userId: string, body: Record<string, unknown>): Promise<Method> {
    return this.writing(userId, () => this.enroll(userId, body));
  }

  private async enroll(userId: string, body: Record<string, unknown>): Promise<Method> {
    const sentAt = Date.now();
    try {
      return await this.post(userId, body);
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const read = await this.list(userId).catch(() => null);
      const settled = enrollmentOutcome(read, body, sentAt, this.client.rateLimitStatus().clockOffsetMs);
      if (settled.outcome === 'applied') return settled.method;
      if (settled.outcome === 'unknown') throw UNKNOWN_ENROLLMENT();
      try {
        return await this.post(userId, body);
      } catch {
        // The first POST was not seen, but a failed second one cannot prove it never lands.
        throw UNKNOWN_ENROLLMENT();
      }
    }
  }

  private async post(userId: string, body: Record<string, unknown>): Promise<Method> {
    const method = toMethod(await this.send(onCollection('POST', userId, { body })));
    // A 2xx without a readable method still means the POST was applied: an outcome to settle by a read.
    if (!method) throw unreadable();
    return method;
  }

  replace(userId: string, body: Record<string, unknown>[]): Promise<Method[]> {
    return this.writing(userId, () =>
      this.idempotentWrite(onCollection('PUT', userId, { body }), (answer) => (Array.isArray(answer) ? toMethods(answer) : null)),
    );
  }

  update(userId: string, methodId: string, body: Record<string, unknown>): Promise<Method> {
    return this.writing(userId, () => this.idempotentWrite(onMethod('PATCH', userId, methodId, { body }), toMethod));
  }

  /**
   * A PUT or PATCH whose 2xx answer cannot be read (a proxy's page, a cut body) was applied but
   * tells nothing: being idempotent, it is sent once more for an answer; if that is unreadable
   * too, the outcome is reported unknown.
   */
  private async idempotentWrite<T>(call: UpstreamCall, read: (answer: unknown) => T | null): Promise<T> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = read(await this.send(call));
      if (result !== null) return result;
    }
    throw unreadable();
  }

  /**
   * `knownToExist`: this request has read the method. Only then does a DELETE whose retry meets
   * 404 (after an attempt that may have been applied) count as done.
   */
  remove(userId: string, methodId: string, knownToExist: boolean): Promise<void> {
    return this.writing(userId, async () => {
      try {
        await this.send(onMethod('DELETE', userId, methodId));
      } catch (error) {
        if (error instanceof MethodGone && knownToExist) return;
        throw error;
      }
    });
  }

  removeAll(userId: string): Promise<void> {
    return this.writing(userId, () => this.send(onCollection('DELETE', userId)));
  }
}

const UNKNOWN_ENROLLMENT = () =>
  unknownOutcome("The enrollment may have been applied, but the gateway cannot prove this request made it; read the user's methods.");

const unreadable = () => new UpstreamUnavailableError('The Management API applied the change but its answer could not be read.', true);
