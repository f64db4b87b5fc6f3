import { randomUUID } from 'node:crypto';
import type { Method, MethodType } from '../domain.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import { RateLimitedError, UserNotFoundError } from '../upstream/errors.js';
import type { RequestAudit } from '../audit/audit-trail.js';

export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type ResetOutcome = 'RESET' | 'WOULD_RESET' | 'NOTHING_TO_RESET' | 'USER_NOT_FOUND' | 'FAILED' | 'SKIPPED';
export const RESET_OUTCOMES: readonly ResetOutcome[] = ['RESET', 'WOULD_RESET', 'NOTHING_TO_RESET', 'USER_NOT_FOUND', 'FAILED', 'SKIPPED'];

export interface ResetResult {
  userId: string;
  outcome: ResetOutcome;
  removed: Method[];
  error: string | null;
}

export interface ResetJob {
  id: string;
  state: JobState;
  dryRun: boolean;
  reason: string;
  /** null: every method (one DELETE-all per user). */
  types: ReadonlySet<MethodType> | null;
  userIds: string[];
  results: ResetResult[];
  createdAt: Date;
  finishedAt: Date | null;
  cancelRequested: boolean;
  /** Who started it: every audit event of the job names them. */
  actor: { sub: string | null; clientId: string | null };
}

export interface JobRequest {
  userIds: string[];
  types: MethodType[] | null;
  dryRun: boolean;
  reason: string;
  actor: ResetJob['actor'];
}

/** Types that are no second factor: "every method" leaves them alone, and a list of them alone is nothing to reset. */
const NOT_FACTORS: ReadonlySet<MethodType> = new Set(['PASSWORD', 'EMAIL_VERIFICATION']);
/** A user failing for another reason than the rate limit is tried this many times in all. */
const ATTEMPTS = 3;
const RETRY_AFTER_MS = 1_000;
/**
 * A 10,000-user job's results take some 15 MB (each removed method is kept whole, for `removed`),
 * so a process runs at most MAX_RUNNING jobs at once and keeps the MAX_FINISHED latest finished
 * ones for reading; older ones are forgotten.
 */
export const MAX_RUNNING = 2;
const MAX_FINISHED = 5;

export class TooManyJobsError extends Error {}

export interface JobsDeps {
  /** A methods API for one user's calls, with a deadline of its own. */
  api(): MethodsApi;
  /** The audit trail of a job, with its id and the caller who started it. */
  audit(job: ResetJob): RequestAudit;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Bulk MFA resets as jobs run in the background of this process, one user at a time: each user's
 * calls go through the same client, rate budget and limiter as interactive requests, so a job
 * takes its turn with them rather than the whole budget. A user the tenant cannot serve now
 * (RATE_LIMITED) is waited for, not failed; another failure is tried again, then reported FAILED
 * with its reason. Cancelling stops new calls at once: the users not reached are SKIPPED. Jobs
 * live in this process only (see the README): a restart loses them.
 */
export class MfaResetJobs {
  private readonly jobs = new Map<string, ResetJob>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: JobsDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get(id: string): ResetJob | null {
    return this.jobs.get(id) ?? null;
  }

  start(request: JobRequest): ResetJob {
    const running = [...this.jobs.values()].filter((job) => !job.finishedAt).length;
    if (running >= MAX_RUNNING) throw new TooManyJobsError();
    const job: ResetJob = {
      id: randomUUID(),
      state: 'QUEUED',
      dryRun: request.dryRun,
      reason: request.reason,
      types: request.types && request.types.length > 0 ? new Set(request.types) : null,
      userIds: [...new Set(request.userIds)],
      results: [],
      createdAt: new Date(),
      finishedAt: null,
      cancelRequested: false,
      actor: request.actor,
    };
    this.remember(job);
    void this.run(job);
    return job;
  }

  cancel(id: string): ResetJob | null {
    const job = this.jobs.get(id);
    if (job && (job.state === 'QUEUED' || job.state === 'RUNNING')) job.cancelRequested = true;
    return job ?? null;
  }

  private remember(job: ResetJob): void {
    this.jobs.set(job.id, job);
    const finished = [...this.jobs.values()].filter((old) => old.finishedAt);
    // Oldest first: a Map iterates in insertion order.
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) this.jobs.delete(old.id);
  }

  private async run(job: ResetJob): Promise<void> {
    job.state = 'RUNNING';
    const audit = this.deps.audit(job);
    for (const userId of job.userIds) {
      if (job.cancelRequested) {
        job.results.push({ userId, outcome: 'SKIPPED', removed: [], error: null });
        continue;
      }
      job.results.push(await this.resetUser(job, userId, audit));
    }
    job.state = job.cancelRequested ? 'CANCELLED' : 'SUCCEEDED';
    job.finishedAt = new Date();
  }

  /**
   * One user, with one audit event when something was sent, saying only what is proven: RESET
   * once the DELETEs were answered, or a later read shows the methods they targeted gone; a user
   * given up on after DELETEs were sent is FAILED (never SKIPPED or NOTHING_TO_RESET), since some
   * may have been applied.
   */
  private async resetUser(job: ResetJob, userId: string, audit: RequestAudit): Promise<ResetResult> {
    const target = { mutation: 'startMfaReset', targetUserId: userId, jobId: job.id, reason: job.reason };
    /** Methods this job sent a DELETE for, whose outcome may not be known yet. */
    const sent = new Map<string, Method>();
    const done = (): ResetResult => {
      audit.settled(target);
      return { userId, outcome: 'RESET', removed: [...sent.values()], error: null };
    };
    const giveUp = (outcome: 'FAILED' | 'SKIPPED', error: unknown): ResetResult => {
      if (sent.size === 0) return { userId, outcome, removed: [], error: outcome === 'FAILED' ? messageOf(error) : null };
      const unfinished =
        error ?? new Error("Cancelled before the reset finished; some methods may have been removed: read the user's methods.");
      audit.settled(target, unfinished);
      return { userId, outcome: 'FAILED', removed: [], error: messageOf(unfinished) };
    };
    for (let attempt = 1; ;) {
      try {
        const api = this.deps.api();
        const matching = (await api.list(userId)).filter((method) =>
          job.types ? job.types.has(method.type) : !NOT_FACTORS.has(method.type),
        );
        // A read after DELETEs whose answers were lost: what they targeted is gone, so they were applied.
        if (matching.length === 0) return sent.size > 0 ? done() : { userId, outcome: 'NOTHING_TO_RESET', removed: [], error: null };
        if (job.dryRun) return { userId, outcome: 'WOULD_RESET', removed: matching, error: null };
        for (const method of matching) sent.set(method.id, method);
        if (job.types) for (const method of matching) await api.remove(userId, method.id, true);
        else await api.removeAll(userId);
        return done();
      } catch (error) {
        if (error instanceof UserNotFoundError)
          return sent.size > 0 ? giveUp('FAILED', error) : { userId, outcome: 'USER_NOT_FOUND', removed: [], error: null };
        if (error instanceof RateLimitedError) {
          // The tenant's budget, not this user: wait for it, however often (cancelling ends the wait).
          await this.sleep((error.retryAfterSeconds ?? 1) * 1000);
          if (job.cancelRequested) return giveUp('SKIPPED', null);
          continue;
        }
        if (attempt >= ATTEMPTS || job.cancelRequested) return giveUp('FAILED', error);
        attempt += 1;
        await this.sleep(RETRY_AFTER_MS);
      }
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
