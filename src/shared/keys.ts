import { createHash } from 'node:crypto';

/**
 * Every key the gateway keeps in the shared store, named in one place (docs/shared-state.md).
 *
 * The store adds the key space (`keySpace` below) in front of each: the operator's prefix, then
 * the tenant. Two gateways of different tenants sharing a Redis, default prefix or not, never read,
 * take over or delete each other's keys.
 *
 * Keys read or checked together carry the same Redis Cluster hash tag (the part in braces), so
 * they live in one slot: a user's list and its generation, and all of one job's records. Values
 * read together across tags (the progress of several jobs) are split by slot by the store.
 */
export const keys = {
  /** The sealed token of one application (a tenant may have several gateways, each with its own). */
  token: (clientId: string) => `management-token:${digest(clientId)}`,
  grantLock: (clientId: string) => `management-token:${digest(clientId)}:grant-lock`,
  /** The tenant's rate-limit bucket, which every application of the tenant spends. */
  budget: 'rate-budget',
  list: (userId: string) => `methods:{u:${userId}}`,
  generation: (userId: string) => `methods-generation:{u:${userId}}`,
  /** A log-stream event already received: Auth0's ids are short; a longer one is kept by its digest. */
  delivery: (logId: string) => `log-stream:${logId.length <= 128 ? logId : digest(logId)}`,
  jobIndex: 'jobs',
  jobMeta: (id: string) => `job:{${id}}`,
  jobUsers: (id: string) => `job:{${id}}:users`,
  jobProgress: (id: string) => `job:{${id}}:progress`,
  jobChunk: (id: string, chunk: number) => `job:{${id}}:results:${chunk}`,
  /** Written at start and never expiring: its absence later means the store lost its data. */
  marker: 'store-marker',
} as const;

/** The space in front of every key: REDIS_KEY_PREFIX, then the tenant's domain. */
export const keySpace = (prefix: string, tenantDomain: string): string => `${prefix}${tenantDomain.toLowerCase()}:`;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
