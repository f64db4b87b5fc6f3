import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { MethodType } from '../domain.js';
import type { Logger } from '../log.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import type { RequestAudit } from '../audit/audit-trail.js';
import {
  isFinished,
  newProgress,
  recorded,
  revivedMethod,
  roomInChunk,
  type Actor,
  type JobMeta,
  type JobProgress,
  type JobView,
  type ResetResult,
} from './job-records.js';
import { JobStoreUnavailableError, TooManyJobsError, type JobStore } from './job-store.js';
import { Interrupted, resetUser } from './reset-user.js';

/** A runner's hold on a job lasts this long unless renewed: a dead runner's job is taken over after it. */
const LEASE_MS = 20_000;
const RENEW_MS = 5_000;
/** How often each replica looks for jobs whose runner died: one is taken over within LEASE_MS + SWEEP_MS. */
const SWEEP_MS = 5_000;
/** The store did not answer (Redis away): the job waits this long and tries again, losing nothing. */
const STORE_RETRY_MS = 1_000;

export interface JobRequest {
  userIds: string[];
  types: MethodType[] | null;
  dryRun: boolean;
  reason: string;
  actor: Actor;
}

export interface JobsDeps {
  store: JobStore;
  /** A methods API for one user's calls, as background work, with a deadline of its own. */
  api(): MethodsApi;
  /** The audit trail of a job, with its id and the caller who started it. */
  audit(meta: JobMeta): RequestAudit;
  log: Logger;
}

/**
 * Bulk MFA resets as jobs run in the background, one user at a time per job. Each user's calls go
 * through the same client, rate budget and limiter as interactive requests, as background work
 * that yields to them (rate-budget.ts). The job's records live in a JobStore: Redis, when the
 * replicas share it, or this process's memory.
 *
 * A job is run by the replica holding its lease, which every change of progress renews. Before a
 * user's DELETEs go, the progress records them as in flight, and a user's result is recorded with
 * the move to the next user in one compare-and-set. So a replica that dies loses nothing: after
 * its lease, another replica (or the restarted one) takes the job over from the first user without
 * a result, settles DELETEs that were in flight by reading the user, and no user gets two
 * results. A cancel (from any replica) is seen before the next DELETE and the next user.
 */
export class MfaResetJobs {
  /** This process's name as a runner (a restarted process is another runner). */
  private readonly runner = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly sweeper: NodeJS.Timeout;
  private storeAway = false;

  constructor(private readonly deps: JobsDeps) {
    this.sweeper = setInterval(() => void this.takeOverOrphans(), SWEEP_MS).unref();
  }

  get(id: string): Promise<JobView | null> {
    return this.answering(() => this.deps.store.view(id), false);
  }

  results(job: JobView, start: number, count: number): Promise<ResetResult[]> {
    return this.answering(() => this.deps.store.results(job.meta.id, job.progress, start, count), false);
  }

  start(request: JobRequest): Promise<JobView> {
    return this.answering(() => this.create(request), true);
  }

  /** Asks the job to stop: no DELETE after this, and the users not reached are SKIPPED. Null: no such job. */
  cancel(id: string): Promise<JobView | null> {
    return this.answering(async () => {
      const progress = await this.deps.store.update(id, (p) =>
        isFinished(p) || p.cancelRequested ? null : { ...p, cancelRequested: true },
      );
      const view = progress && (await this.deps.store.view(id));
      return view ? { ...view, progress } : null;
    }, true);
  }

  /** A caller's request to the store: when the store does not answer, an error that says so (and whether it may have been done). */
  private async answering<T>(work: () => Promise<T>, changes: boolean): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TooManyJobsError) throw error;
      this.storeTrouble(error);
      throw new JobStoreUnavailableError(changes);
    }
  }

  private async create(request: JobRequest): Promise<JobView> {
    const userIds = [...new Set(request.userIds)];
    const meta: JobMeta = {
      id: randomUUID(),
      dryRun: request.dryRun,
      reason: request.reason,
      types: request.types && request.types.length > 0 ? [...new Set(request.types)] : null,
      total: userIds.length,
      createdAt: new Date().toISOString(),
      actor: request.actor,
    };
    const progress = newProgress(this.runner, Date.now() + LEASE_MS);
    await this.deps.store.create(meta, userIds, progress);
    this.run(meta.id);
    return { meta, progress };
  }

  /**
   * Shutdown: the jobs of this replica stop before their next call (a call under way is not
   * awaited past its timeout) and give their leases back, so that another replica goes on at once.
   */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopping.abort();
    await Promise.allSettled(this.running.values());
  }

  private run(id: string): void {
    if (this.running.has(id) || this.stopping.signal.aborted) return;
    this.running.set(
      id,
      this.drive(id).finally(() => this.running.delete(id)),
    );
  }

  private async takeOverOrphans(): Promise<void> {
    try {
      for (const { id, progress } of await this.deps.store.unfinished()) {
        if (this.running.has(id) || progress.leaseUntil > Date.now()) continue;
        const claimed = await this.deps.store.update(id, (p) =>
          !isFinished(p) && p.leaseUntil <= Date.now() ? { ...p, owner: this.runner, leaseUntil: Date.now() + LEASE_MS } : null,
        );
        if (claimed?.owner !== this.runner || isFinished(claimed)) continue;
        this.deps.log.info({ jobId: id, processed: claimed.next }, 'taking over a bulk reset whose runner stopped');
        this.run(id);
      }
    } catch (error) {
      this.storeTrouble(error);
    }
  }

  private async drive(id: string): Promise<void> {
    const renewal = setInterval(() => void this.renew(id), RENEW_MS).unref();
    try {
      const [view, userIds] = await this.retrying(() => Promise.all([this.deps.store.view(id), this.deps.store.userIds(id)]));
      if (!view || !userIds) return;
      const audit = this.deps.audit(view.meta);
      for (;;) {
        const progress = await this.retrying(() => this.held(id));
        if (!progress) return;
        if (progress.next >= userIds.length) {
          await this.retrying(() => this.finish(id));
          return;
        }
        const userId = userIds[progress.next]!;
        const inFlight = progress.inFlight?.userId === userId ? progress.inFlight.sent.map(revivedMethod) : [];
        if (progress.cancelRequested && inFlight.length === 0) {
          const skipped = userIds.slice(progress.next, progress.next + roomInChunk(progress.next));
          await this.retrying(() =>
            this.record(
              id,
              progress,
              skipped.map((user) => ({ userId: user, outcome: 'SKIPPED', removed: [], error: null })),
            ),
          );
          continue;
        }
        let result: ResetResult;
        try {
          result = await resetUser({
            meta: view.meta,
            userId,
            alreadySent: inFlight,
            api: this.deps.api,
            audit,
            beforeDeletes: (sent) => this.beforeDeletes(id, progress.next, userId, sent),
            stillWanted: () => this.stillWanted(id),
            sleep: (ms) => this.sleep(ms),
          });
        } catch (error) {
          // Cancelled, stopping or taken over: the next turn of the loop reads which.
          if (error instanceof Interrupted) continue;
          throw error;
        }
        await this.retrying(() => this.record(id, progress, [result]));
      }
    } catch (error) {
      if (!(error instanceof Interrupted)) this.deps.log.error({ jobId: id, err: error }, 'a bulk reset stopped on an unexpected error');
    } finally {
      clearInterval(renewal);
      if (this.stopping.signal.aborted) await this.release(id).catch(() => {});
    }
  }

  /** The job's progress while this runner holds it; null when it does not (taken over, finished, stopping). */
  private async held(id: string): Promise<JobProgress | null> {
    if (this.stopping.signal.aborted) return null;
    const progress = await this.deps.store.progress(id);
    return progress && progress.owner === this.runner && !isFinished(progress) ? progress : null;
  }

  /** Records the results of the users from `progress.next` on, and moves the job past them. */
  private async record(id: string, progress: JobProgress, results: ResetResult[]): Promise<void> {
    const { flushed } = recorded(progress, results);
    // A full chunk goes to its own key first: the progress that points past it is written after.
    if (flushed) await this.deps.store.storeChunk(id, progress.next + results.length, flushed);
    await this.deps.store.update(id, (p) =>
      p.owner === this.runner && p.next === progress.next ? { ...recorded(p, results).progress, leaseUntil: Date.now() + LEASE_MS } : null,
    );
  }

  private async beforeDeletes(id: string, index: number, userId: string, sent: ResetResult['removed']): Promise<boolean> {
    return this.retrying(async () => {
      if (this.stopping.signal.aborted) throw new Interrupted('stopping');
      let allowed = false;
      const progress = await this.deps.store.update(id, (p) => {
        if (p.owner !== this.runner || p.next !== index) return null;
        allowed = !p.cancelRequested;
        return allowed ? { ...p, inFlight: { userId, sent }, leaseUntil: Date.now() + LEASE_MS } : null;
      });
      if (progress?.owner !== this.runner || progress.next !== index) throw new Interrupted('taken over');
      return allowed;
    });
  }

  private async stillWanted(id: string): Promise<boolean> {
    return this.retrying(async () => {
      const progress = await this.held(id);
      if (!progress) throw new Interrupted('no longer held');
      return !progress.cancelRequested;
    });
  }

  private async finish(id: string): Promise<void> {
    await this.deps.store.update(id, (p) =>
      p.owner === this.runner && !isFinished(p)
        ? { ...p, state: p.cancelRequested ? 'CANCELLED' : 'SUCCEEDED', finishedAt: new Date().toISOString(), owner: null, leaseUntil: 0 }
        : null,
    );
  }

  private async renew(id: string): Promise<void> {
    await this.deps.store
      .update(id, (p) => (p.owner === this.runner && !isFinished(p) ? { ...p, leaseUntil: Date.now() + LEASE_MS } : null))
      .catch((error: unknown) => this.storeTrouble(error));
  }

  private async release(id: string): Promise<void> {
    await this.deps.store.update(id, (p) => (p.owner === this.runner && !isFinished(p) ? { ...p, owner: null, leaseUntil: 0 } : null));
  }

  /** Runs `step` until the store answers it; stopping ends the wait (a result under way is still recorded once). */
  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await step();
        if (this.storeAway) this.deps.log.info('the job store answers again: bulk resets go on');
        this.storeAway = false;
        return result;
      } catch (error) {
        if (error instanceof Interrupted) throw error;
        this.storeTrouble(error);
        await this.sleep(STORE_RETRY_MS);
        if (this.stopping.signal.aborted) throw new Interrupted('stopping');
      }
    }
  }

  private storeTrouble(error: unknown): void {
    if (!this.storeAway) this.deps.log.warn({ err: error }, 'the job store is not answering: bulk resets wait for it, losing nothing');
    this.storeAway = true;
  }

  /** A wait that stopping ends at once. */
  private async sleep(ms: number): Promise<void> {
    try {
      await delay(ms, undefined, { signal: this.stopping.signal });
    } catch {
      throw new Interrupted('stopping');
    }
  }
}
