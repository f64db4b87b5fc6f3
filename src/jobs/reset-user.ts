import type { Method, MethodType } from '../domain.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import { RateLimitedError, UpstreamUnavailableError, UserNotFoundError } from '../upstream/errors.js';
import type { RequestAudit } from '../audit/audit-trail.js';
import type { JobMeta, ResetResult } from './job-records.js';

/** Types that are no second factor: "every method" leaves them alone, and a list of them alone is nothing to reset. */
const NOT_FACTORS: ReadonlySet<MethodType> = new Set(['PASSWORD', 'EMAIL_VERIFICATION']);
/** A user failing for another reason than the rate limit is tried this many times in all. */
const ATTEMPTS = 3;
const RETRY_AFTER_MS = 1_000;

/**
 * The job stops working on this user: nothing is recorded for them by this turn. `lost`: the job's
 * records are gone and the job ends; the others are read again by the runner's next turn.
 */
export class Interrupted extends Error {
  constructor(readonly reason: 'cancelled' | 'stopping' | 'taken over' | 'no longer held' | 'store away' | 'lost') {
    super(`bulk reset interrupted: ${reason}`);
  }
}

/**
 * A user whose DELETEs may have gone and will not be settled by a read (the job was cancelled, so
 * no call may start): FAILED, with an unknown outcome in the result and the audit line.
 */
export function settledUnknown(step: Pick<UserStep, 'meta' | 'userId' | 'audit'>, why: string): ResetResult {
  const unknown = new UpstreamUnavailableError(
    `${why} DELETEs had been sent: some methods may have been removed; read the user's methods.`,
    true,
  );
  step.audit.settled(target(step.meta, step.userId), unknown);
  return { userId: step.userId, outcome: 'FAILED', removed: [], error: unknown.message };
}

const target = (meta: JobMeta, userId: string) => ({
  mutation: 'startMfaReset',
  targetUserId: userId,
  jobId: meta.id,
  reason: meta.reason,
});

export interface UserStep {
  meta: JobMeta;
  userId: string;
  /** DELETEs an earlier runner may have sent for this user (its progress said so). */
  alreadySent: Method[];
  api(): MethodsApi;
  audit: RequestAudit;
  /**
   * Records that DELETEs for `sent` are about to go, and says whether they may: false when the
   * job was cancelled meanwhile. Throws Interrupted when this runner no longer holds the job.
   */
  beforeDeletes(sent: Method[]): Promise<boolean>;
  /** Called after each wait: throws Interrupted when the job should stop, false when it was cancelled. */
  stillWanted(): Promise<boolean>;
  sleep(ms: number): Promise<void>;
}

/**
 * One user of a job, saying only what is proven, with one audit event when DELETEs were sent:
 * RESET once the DELETEs were answered, or a later read shows the methods they targeted gone
 * (by this runner, or by one that died after sending them); a user given up on after DELETEs
 * were sent is FAILED, never SKIPPED or NOTHING_TO_RESET, since some may have been applied. A
 * user the tenant cannot serve now (RATE_LIMITED) is waited for, not failed.
 */
export async function resetUser(step: UserStep): Promise<ResetResult> {
  const { meta, userId, audit } = step;
  const types = meta.types ? new Set(meta.types) : null;
  const sent = new Map(step.alreadySent.map((method) => [method.id, method]));
  const done = (): ResetResult => {
    audit.settled(target(meta, userId));
    return { userId, outcome: 'RESET', removed: [...sent.values()], error: null };
  };
  const giveUp = (error: unknown): ResetResult => {
    if (sent.size === 0) return { userId, outcome: 'FAILED', removed: [], error: messageOf(error) };
    // DELETEs went and were not all confirmed: whatever the last error was, their outcome is unknown.
    return settledUnknown(step, messageOf(error));
  };
  /** Cancelled: a user with DELETEs sent is settled as FAILED, one with none is left to be SKIPPED. */
  const cancelled = (): ResetResult => {
    if (sent.size === 0) throw new Interrupted('cancelled');
    return settledUnknown(step, 'Cancelled before the reset finished.');
  };
  for (let attempt = 1; ;) {
    try {
      const api = step.api();
      const matching = (await api.list(userId)).filter((method) => (types ? types.has(method.type) : !NOT_FACTORS.has(method.type)));
      // A read after DELETEs whose answers were lost: what they targeted is gone, so they were applied.
      if (matching.length === 0) return sent.size > 0 ? done() : { userId, outcome: 'NOTHING_TO_RESET', removed: [], error: null };
      if (meta.dryRun) return { userId, outcome: 'WOULD_RESET', removed: matching, error: null };
      if (!(await step.beforeDeletes([...sent.values(), ...matching.filter((method) => !sent.has(method.id))]))) return cancelled();
      for (const method of matching) sent.set(method.id, method);
      // On record before anything goes: a crash from here on leaves this line.
      audit.attempted(target(meta, userId));
      if (types) for (const method of matching) await api.remove(userId, method.id, true);
      else await api.removeAll(userId);
      return done();
    } catch (error) {
      if (error instanceof Interrupted) {
        // A cancel seen by a call's guard: no further call, and what went is not proven.
        if (error.reason === 'cancelled') return cancelled();
        throw error;
      }
      if (error instanceof UserNotFoundError)
        return sent.size > 0 ? giveUp(error) : { userId, outcome: 'USER_NOT_FOUND', removed: [], error: null };
      // A failure while the job is being stopped (a shutdown) or after a cancel is no failure of this user.
      if (!(await step.stillWanted())) return cancelled();
      const rateLimited = error instanceof RateLimitedError;
      if (!rateLimited && attempt >= ATTEMPTS) return giveUp(error);
      // The tenant's budget, not this user: waited for however often. Another failure: tried again later.
      await step.sleep(rateLimited ? (error.retryAfterSeconds ?? 1) * 1000 : RETRY_AFTER_MS);
      if (!rateLimited) attempt += 1;
      if (!(await step.stillWanted())) return cancelled();
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
