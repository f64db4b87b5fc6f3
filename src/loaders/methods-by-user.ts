import DataLoader from 'dataloader';
import type { Method } from '../domain.js';
import { limitExceeded } from '../graphql/limit-exceeded.js';

/**
 * A user's methods, fetched at most once per GraphQL request whatever asks for them: fields,
 * aliases, `authenticationMethod(id)` (served from the list) and any number of `_entities`
 * representations. Auth0 has no multi-user read, so a batch fans out to one GET per distinct
 * user; the process-wide limiter in the client keeps that fan-out within UPSTREAM_CONCURRENCY.
 * A failed user is an Error in its slot: it rejects that user only, and stays cached for the
 * rest of the request, which sees one consistent answer.
 *
 * At most `maxUsers` distinct users per request: past them, each further user is an error of its
 * own and costs no upstream call, so no single request can spend the tenant's rate limit on
 * hundreds of users.
 */
export function createMethodsByUserLoader(
  read: (userId: string) => Promise<Method[]>,
  onBatch: (size: number) => void,
  maxUsers: number,
  onRead: (userId: string, methods: Method[]) => void,
): DataLoader<string, Method[]> {
  const users = new Set<string>();
  return new DataLoader<string, Method[]>(
    (userIds) => {
      onBatch(userIds.length);
      return Promise.all(
        userIds.map((userId) => {
          if (!users.has(userId) && users.size >= maxUsers) {
            return Promise.resolve(limitExceeded(`At most ${maxUsers} distinct users per request; ask for fewer at once.`));
          }
          users.add(userId);
          return read(userId).then(
            (methods) => {
              onRead(userId, methods);
              return methods;
            },
            (error: unknown) => error as Error,
          );
        }),
      );
    },
    { maxBatchSize: 1_000 },
  );
}
