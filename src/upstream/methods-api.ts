import type { Method } from '../domain.js';
import type { ManagementClient, Usage } from './client.js';
import { toMethod, toMethods } from './map.js';
import { methodsPath } from './paths.js';
import { ConflictError, UpstreamUnavailableError } from './errors.js';
import { isSameEnrollment } from './enrollment-match.js';

/** The largest page the API serves; one page covers every real user, more are fetched if needed. */
const PAGE_SIZE = 100;

const outcomeUnknown = (error: unknown): error is UpstreamUnavailableError =>
  error instanceof UpstreamUnavailableError && error.outcomeUnknown;

/**
 * The authentication-method endpoints as typed calls, upstream JSON in, Methods out. An instance
 * bound to a request (`forRequest`) gives every call that request's deadline.
 */
export class MethodsApi {
  /** Upstream calls made through this instance (for a request: its log line). */
  readonly usage: Usage = { calls: 0 };

  constructor(
    private readonly client: ManagementClient,
    private readonly deadline?: number,
  ) {}

  forRequest(deadline: number): MethodsApi {
    return new MethodsApi(this.client, deadline);
  }

  private send<T>(call: Parameters<ManagementClient['send']>[0]): Promise<T> {
    return this.client.send<T>(call, this.deadline ?? this.client.deadlineFromNow(), this.usage);
  }

  async list(userId: string): Promise<Method[]> {
    const methods: Method[] = [];
    for (let page = 0; ; page += 1) {
      const answer = await this.send<unknown>({
        method: 'GET',
        path: methodsPath(userId),
        target: 'collection',
        query: { include_totals: 'true', per_page: String(PAGE_SIZE), page: String(page) },
      });
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
   * after sending), the user's methods are read to settle it: found, it is the result; clearly
   * absent, the POST is sent once more, and should the first one land after all, the upstream
   * refuses the second as a duplicate (409), which one more read turns into the found method.
   * Only when the reads fail too does the caller get `outcomeUnknown: true`.
   */
  async create(userId: string, body: Record<string, unknown>): Promise<Method> {
    const sentAt = Date.now();
    try {
      return await this.post(userId, body);
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const found = await this.findEnrollment(userId, body, sentAt);
      if (found === 'unknown') throw error;
      if (found) return found;
      try {
        return await this.post(userId, body);
      } catch (retryError) {
        if (!(retryError instanceof ConflictError) && !outcomeUnknown(retryError)) throw retryError;
        const late = await this.findEnrollment(userId, body, sentAt);
        if (late && late !== 'unknown') return late;
        throw retryError;
      }
    }
  }

  private async post(userId: string, body: Record<string, unknown>): Promise<Method> {
    const method = toMethod(await this.send({ method: 'POST', path: methodsPath(userId), target: 'collection', body }));
    // A 2xx without a readable method still means the POST was applied: an outcome to settle by a read.
    if (!method) throw unreadable();
    return method;
  }

  private async findEnrollment(userId: string, body: Record<string, unknown>, sentAt: number): Promise<Method | null | 'unknown'> {
    try {
      return (await this.list(userId)).find((method) => isSameEnrollment(method, body, sentAt)) ?? null;
    } catch {
      return 'unknown';
    }
  }

  async replace(userId: string, body: Record<string, unknown>[]): Promise<Method[]> {
    return this.idempotentWrite({ method: 'PUT', path: methodsPath(userId), target: 'collection', body }, (answer) =>
      Array.isArray(answer) ? toMethods(answer) : null,
    );
  }

  async update(userId: string, methodId: string, body: Record<string, unknown>): Promise<Method> {
    return this.idempotentWrite({ method: 'PATCH', path: methodsPath(userId, methodId), target: 'method', body }, toMethod);
  }

  /**
   * A PUT or PATCH whose 2xx answer cannot be read (a proxy's page, a cut body) was applied but
   * tells nothing: being idempotent, it is sent once more for an answer; if that is unreadable
   * too, the outcome is reported unknown.
   */
  private async idempotentWrite<T>(call: Parameters<ManagementClient['send']>[0], read: (answer: unknown) => T | null): Promise<T> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = read(await this.send(call));
      if (result !== null) return result;
    }
    throw unreadable();
  }

  async remove(userId: string, methodId: string): Promise<void> {
    await this.send({ method: 'DELETE', path: methodsPath(userId, methodId), target: 'method' });
  }

  async removeAll(userId: string): Promise<void> {
    await this.send({ method: 'DELETE', path: methodsPath(userId), target: 'collection' });
  }
}

const unreadable = () => new UpstreamUnavailableError('The Management API applied the change but its answer could not be read.', true);
