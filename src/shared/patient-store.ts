import type { SharedStore, Sharing } from './store.js';

/**
 * The shared store for the rare state worth waiting a moment for: each command goes to Redis on
 * the patient connection, bounded by a second rather than the hot path's 50 ms, and only if that
 * fails to the everyday store, which falls back to this process's memory. Used for the token: a
 * command that took over 50 ms on a CPU-starved machine sent a starting replica to its own memory,
 * which held no token, and it granted one of its own beside the shared one. When Redis is away
 * the patient connection fails at once (no offline queue), so the fallback costs no wait; a Redis
 * that hangs costs a second a command, and only when a replica needs a new token.
 */
export function patientStore(patient: SharedStore, everyday: SharedStore & Partial<Sharing>): SharedStore & Partial<Sharing> {
  const run = <T>(command: (store: SharedStore) => Promise<T>): Promise<T> => command(patient).catch(() => command(everyday));
  return {
    get: (key) => run((store) => store.get(key)),
    getMany: (keys) => run((store) => store.getMany(keys)),
    set: (key, value, ttlMs) => run((store) => store.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => run((store) => store.setIfAbsent(key, value, ttlMs)),
    compareAndSet: (key, expected, next, ttlMs) => run((store) => store.compareAndSet(key, expected, next, ttlMs)),
    delete: (keys) => run((store) => store.delete(keys)),
    exists: (keys) => run((store) => store.exists(keys)),
    get shared() {
      return everyday.shared ?? true;
    },
  };
}
