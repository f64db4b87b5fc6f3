import DataLoader from 'dataloader';
import type { Method } from '../domain.js';
import type { MethodsApi } from '../upstream/methods-api.js';

/**
 * A user's methods, fetched at most once per GraphQL request whatever asks for them: fields,
 * aliases, `authenticationMethod(id)` (served from the list) and any number of `_entities`
 * representations. Auth0 has no multi-user read, so a batch fans out to one GET per distinct
 * user; the process-wide limiter in the client keeps that fan-out within UPSTREAM_CONCURRENCY.
 * A failed user is an Error in its slot: it rejects that user only, and stays cached for the
 * rest of the request, which sees one consistent answer.
 */
export function createMethodsByUserLoader(api: MethodsApi, onBatch: (size: number) => void): DataLoader<string, Method[]> {
  return new DataLoader<string, Method[]>(
    (userIds) => {
      onBatch(userIds.length);
      return Promise.all(userIds.map((userId) => api.list(userId).catch((error: unknown) => error as Error)));
    },
    { maxBatchSize: 1_000 },
  );
}
