/** Who is calling, as established from a verified JWT. */
export interface Caller {
  sub: string;
  /** `azp` or `client_id` of the token: which application acts, for the audit trail. */
  clientId: string | null;
  permissions: ReadonlySet<string>;
  /** Unix milliseconds. */
  expiresAt: number;
}

export const PERMISSIONS = {
  read: 'read:authentication_methods',
  create: 'create:authentication_methods',
  update: 'update:authentication_methods',
  delete: 'delete:authentication_methods',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/**
 * Who may see a user's methods: the read permission, or the user itself (self-service). The same
 * rule wherever method data appears, mutation payloads included: writing a method does not imply
 * reading it.
 */
export const readScopes = (userId: string) => ({ permission: PERMISSIONS.read, self: userId });
