import type { Method } from '../domain.js';
import type { ManagementClient } from './client.js';
import { toMethod, toMethods } from './map.js';
import { methodsPath } from './paths.js';
import { UpstreamUnavailableError } from './errors.js';

/** The largest page the API serves; one page covers every real user, more are fetched if needed. */
const PAGE_SIZE = 100;

/** The authentication-method endpoints as typed calls, upstream JSON in, Methods out. */
export class MethodsApi {
  constructor(private readonly client: ManagementClient) {}

  async list(userId: string): Promise<Method[]> {
    const methods: Method[] = [];
    for (let page = 0; ; page += 1) {
      const answer = await this.client.send<unknown>({
        method: 'GET',
        path: methodsPath(userId),
        target: 'collection',
        query: { include_totals: 'true', per_page: String(PAGE_SIZE), page: String(page) },
      });
      // A bare array (no include_totals) or the { authenticators, total } envelope: both are served.
      const items = Array.isArray(answer) ? answer : (answer as { authenticators?: unknown } | null)?.authenticators;
      const total = Array.isArray(answer) ? undefined : (answer as { total?: unknown } | null)?.total;
      const pageItems = Array.isArray(items) ? items : [];
      methods.push(...toMethods(pageItems));
      const more = typeof total === 'number' && (page + 1) * PAGE_SIZE < total && pageItems.length === PAGE_SIZE;
      if (!more) return methods;
    }
  }

  async create(userId: string, body: Record<string, unknown>): Promise<Method> {
    return this.one(await this.client.send({ method: 'POST', path: methodsPath(userId), target: 'collection', body }));
  }

  async replace(userId: string, body: Record<string, unknown>[]): Promise<Method[]> {
    return toMethods(await this.client.send({ method: 'PUT', path: methodsPath(userId), target: 'collection', body }));
  }

  async update(userId: string, methodId: string, body: Record<string, unknown>): Promise<Method> {
    return this.one(await this.client.send({ method: 'PATCH', path: methodsPath(userId, methodId), target: 'method', body }));
  }

  async remove(userId: string, methodId: string): Promise<void> {
    await this.client.send({ method: 'DELETE', path: methodsPath(userId, methodId), target: 'method' });
  }

  async removeAll(userId: string): Promise<void> {
    await this.client.send({ method: 'DELETE', path: methodsPath(userId), target: 'collection' });
  }

  private one(answer: unknown): Method {
    const method = toMethod(answer);
    if (!method) throw new UpstreamUnavailableError('The Management API answered without a method id.');
    return method;
  }
}
