import { randomInt } from 'node:crypto';

/**
 * In-memory state of the emulated tenant: users and their authentication methods, stored in the
 * upstream's own snake_case shape so that what the emulator answers is what Auth0 answers.
 */
export interface StoredMethod {
  id: string;
  type: string;
  created_at: string;
  confirmed: boolean;
  name?: string;
  last_auth_at?: string;
  enrolled_at?: string;
  link_id?: string;
  phone_number?: string;
  preferred_authentication_method?: 'sms' | 'voice';
  authentication_methods?: { id: string; type: string }[];
  email?: string;
  /** Kept for realism of state, never answered. */
  totp_secret?: string;
  key_id?: string;
  public_key?: string;
  relying_party_identifier?: string;
  [extra: string]: unknown;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `{kind}|dev_{16 alphanumerics}`, the id format seen in recorded traffic. */
export function newMethodId(kind: string): string {
  let suffix = '';
  for (let i = 0; i < 16; i += 1) suffix += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return `${kind}|dev_${suffix}`;
}

/** A phone method's sms/voice sub-method reuses the phone's id suffix: phone|dev_X -> sms|dev_X. */
export function phoneSubMethods(phoneId: string, preferred: 'sms' | 'voice'): { id: string; type: string }[] {
  const suffix = phoneId.slice(phoneId.indexOf('|') + 1);
  return [{ id: `${preferred}|${suffix}`, type: preferred }];
}

export class Store {
  private readonly users = new Map<string, StoredMethod[]>();

  methods(userId: string): StoredMethod[] | undefined {
    return this.users.get(userId);
  }

  setUser(userId: string, methods: StoredMethod[]): void {
    this.users.set(userId, methods);
  }

  deleteUser(userId: string): boolean {
    return this.users.delete(userId);
  }

  clear(): void {
    this.users.clear();
  }

  userIds(): string[] {
    return [...this.users.keys()];
  }
}
