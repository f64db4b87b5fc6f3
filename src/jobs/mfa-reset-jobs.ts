import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { MethodType } from '../domain.js';
import type { Logger } from '../log.js';
import type { MethodsApi } from '../upstream/methods-api.js';
import type { CallGuard } from '../upstream/call.js';
import type { RequestAudit } from '../audit/audit-trail.js';
import {
  isFinished,
  newProgress,
  recorded,
  roomInChunk,
  type Actor,
  type JobMeta,
  type JobProgress,
  type JobView,
  type ResetResult,
} from './job-records.js';
import { JobRecordsLostError, JobStoreUnavailableError, TooManyJobsError, type JobStore } from './job-store.js';
import { Interrupted, resetUser, settledUnknown } from './reset-user.js';

/** A runner's hold on a job lasts this long unless renewed: a dead runner's job is taken over after it. */
const LEASE_MS = 20_000;
const RENEW_MS = 5_000;
/** How often a runner looks for a cancel made through another replica, to abandon a wait for a rate token. */
const WATCH_MS = 250;
/** How often each replica looks for jobs whose runner died: one is taken over within LEASE_MS + SWEEP_MS. */
const SWEEP_MS = 5_000;
/** The store did not answer (Redis away): the job waits this long and tries again, losing nothing. */
const STORE_RETRY_MS = 1_000;
/** A cancel waits this long at most for the job to settle, so that its answer says the state that follows it. */
const CANCEL_SETTLE_MS = 2_000;

export interface JobRequest {
  userIds: string[];
  types: MethodType[] | null;
  dryRun: boolean;
  reason: string;
  actor: Actor;
}

export interface JobsDeps {
  store: JobStore;
  /** This gateway's tenant: jobs of another are never read or run. */
  tenant: string;
  /** A methods API for one user's calls, as background work with a deadline of its own, each call asked of `guard`. */
  api(guard: CallGuard): MethodsApi;
  /** The audit trail of a job, with its id and the caller who started it. */
  audit(meta: JobMeta): RequestAudit;
  /** A job's records were found lost (counted for /metrics). */
  lost(): void;
  log: Logger;
}

interface Run {
  done: Promise<void>;
  /** Aborted by a cancel (with its reason): waits for rate tokens end at once. */
  cancel: AbortController;
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
 * results.
 *
 * Nothing is done unseen: right before each call is sent (its rate token in hand), the runner
 * proves that it still holds the job, that the job was not cancelled, and that all of its records
 * are still in the store. A job whose records were lost (evicted, a Redis that restarted empty)
 * stops and is written back as FAILED with the reason, from what the runner knew.
 */
export class MfaResetJobs {
  /** This process's name as a runner (a restarted process is another runner). */
  private readonly runner = randomUUID();
  private readonly running = new Map<string, Run>();
  private readonly stopping = new AbortController();
  private readonly sweeper: NodeJS.Timeout;
  private storeAway = false;

  constructor(private readonly deps: JobsDeps) {
    this.sweeper = setInterval(() => void this.takeOverOrphans(), SWEEP_MS).unref();
  }

  get(id: string): Promise<JobView | null> {
    return this.answering(() => this.view(id), false);
  }

  results(job: JobView, start: number, count: number): Promise<ResetResult[]> {
    return this.answering(() => this.deps.store.results(job.meta.id, job.progress, start, count), false);
  }

  start(request: JobRequest): Promise<JobView> {
    return this.answering(() => this.create(request), true);
  }

  /**
   * Asks the job to stop: once this answers, no call of the job starts (a call waiting for a rate
   * token is abandoned), and the users not reached are SKIPPED. The answer is the job as it stands
   * after the cancel: settled when it settles within CANCEL_SETTLE_MS, else still RUNNING with the
   * cancel recorded (a call under way finishes, and its user is reported). Null: no such job.
   */
  cancel(id: string): Promise<JobView | null> {
    return this.answering(async () => {
      const view = await this.view(id);
      if (!view) return null;
      if (!isFinished(view.progress) && !(await this.deps.store.whole(id, view.progress.next))) {
        this.running.get(id)?.cancel.abort(new Interrupted('lost'));
        return { meta: view.meta, progress: await this.lost(view.meta, view.progress) };
      }
      const progress = await this.deps.store.update(id, (p) =>
        isFinished(p) || p.cancelRequested ? null : { ...p, cancelRequested: true },
      );
      if (!progress) return null;
      this.running.get(id)?.cancel.abort(new Interrupted('cancelled'));
      return (await this.settled(id)) ?? { meta: view.meta, progress };
    }, true);
  }

  /** The job once it has finished, waiting CANCEL_SETTLE_MS at most; null if it has not by then. */
  private async settled(id: string): Promise<JobView | null> {
    const until = Date.now() + CANCEL_SETTLE_MS;
    for (;;) {
      const local = this.running.get(id);
      if (local) await Promise.race([local.done, delay(Math.max(0, until - Date.now()))]);
      const view = await this.view(id);
      if (!view || isFinished(view.progress) || Date.now() >= until) return view && isFinished(view.progress) ? view : null;
      await delay(WATCH_MS);
    }
  }

  private async view(id: string): Promise<JobView | null> {
    const view = await this.deps.store.view(id);
    return view?.meta.tenant === this.deps.tenant ? view : null;
  }

  /** A caller's request to the store: when the store does not answer, an error that says so (and whether it may have been done). */
  private async answering<T>(work: () => Promise<T>, changes: boolean): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TooManyJobsError || error instanceof JobRecordsLostError) throw error;
      this.storeTrouble(error);
      throw new JobStoreUnavailableError(changes);
    }
  }

  private async create(request: JobRequest): Promise<JobView> {
    const userIds = [...new Set(request.userIds)];
    const meta: JobMeta = {
      id: randomUUID(),
      tenant: this.deps.tenant,
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
   * Shutdown: no call of this replica's jobs starts any more (waits for rate tokens end at once),
   * the calls under way are awaited and their users recorded, and the leases are given back, so
   * that another replica goes on at its next look.
   */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopping.abort(new Interrupted('stopping'));
    await Promise.allSettled([...this.running.values()].map((run) => run.done));
  }

  private run(id: string): void {
    if (this.running.has(id) || this.stopping.signal.aborted) return;
    const cancel = new AbortController();
    const done = this.drive(id, AbortSignal.any([this.stopping.signal, cancel.signal])).finally(() => this.running.delete(id));
    this.running.set(id, { done, cancel });
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

  private async drive(id: string, signal: AbortSignal): Promise<void> {
    const renewal = setInterval(() => void this.renew(id), RENEW_MS).unref();
    const watch = setInterval(() => void this.watchForCancel(id), WATCH_MS).unref();
    let meta: JobMeta | null = null;
    let known: JobProgress | null = null;
    try {
      const [view, userIds] = await this.retrying(() => Promise.all([this.deps.store.view(id), this.deps.store.userIds(id)]));
      if (!view) {
        this.deps.lost();
        this.deps.log.error({ jobId: id }, 'a bulk reset listed in the job store has lost its records: it stops');
        return;
      }
      ({ meta } = view);
      known = view.progress;
      if (meta.tenant !== this.deps.tenant) {
        this.deps.log.error({ jobId: id }, "a bulk reset of another tenant is in this gateway's job store: it is never run here");
        return;
      }
      if (!userIds || userIds.length !== meta.total) throw new Interrupted('lost');
      const audit = this.deps.audit(meta);
      const guard = this.guard(id, signal);
      for (;;) {
        const progress = await this.retrying(() => this.held(id));
        if (!progress) return;
        known = progress;
        if (!(await this.retrying(() => this.deps.store.whole(id, progress.next)))) throw new Interrupted('lost');
        if (progress.next >= userIds.length) {
          await this.retrying(() => this.finish(id));
          return;
        }
        const userId = userIds[progress.next]!;
        const inFlight = progress.inFlight?.userId === userId ? progress.inFlight.sent : [];
        if (progress.cancelRequested) {
          // No call after a cancel: DELETEs that may have gone are reported unknown, the rest SKIPPED.
          const results: ResetResult[] =
            inFlight.length > 0
              ? [settledUnknown({ meta, userId, audit }, 'Cancelled after DELETEs were sent.')]
              : userIds.slice(progress.next, progress.next + roomInChunk(progress.next)).map((user) => ({
                  userId: user,
                  outcome: 'SKIPPED',
                  removed: [],
                  error: null,
                }));
          await this.retrying(() => this.record(id, progress, results));
          continue;
        }
        let result: ResetResult;
        try {
          result = await resetUser({
            meta,
            userId,
            alreadySent: inFlight,
            api: () => this.deps.api(guard),
            audit,
            beforeDeletes: (sent) => this.beforeDeletes(id, progress.next, userId, sent),
            stillWanted: () => this.stillWanted(id),
            sleep: (ms) => this.sleep(ms, signal),
          });
        } catch (error) {
          // Cancelled, stopping, taken over or lost: the next turn of the loop reads which.
          if (error instanceof Interrupted && error.reason !== 'lost') continue;
          throw error;
        }
        await this.retrying(() => this.record(id, progress, [result]));
      }
    } catch (error) {
      if (error instanceof Interrupted && error.reason === 'lost' && meta && known) await this.lost(meta, known).catch(() => {});
      else if (!(error instanceof Interrupted))
        this.deps.log.error({ jobId: id, err: error }, 'a bulk reset stopped on an unexpected error');
    } finally {
      clearInterval(renewal);
      clearInterval(watch);
      if (this.stopping.signal.aborted) await this.release(id).catch(() => {});
    }
  }

  /**
   * What every call of a job asks right before it is sent: that this runner still holds the job,
   * that it was not cancelled, and that its records are all there. A store that does not answer
   * stops the call too (the runner waits for the store, then goes on).
   */
  private guard(id: string, signal: AbortSignal): CallGuard {
    return {
      signal,
      permit: async () => {
        signal.throwIfAborted();
        let progress: JobProgress | null;
        let whole: boolean;
        try {
          progress = await this.deps.store.progress(id);
          whole = progress !== null && (await this.deps.store.whole(id, progress.next));
        } catch (error) {
          this.storeTrouble(error);
          throw new Interrupted('store away');
        }
        if (!progress || !whole) throw new Interrupted('lost');
        if (progress.owner !== this.runner || isFinished(progress)) throw new Interrupted('taken over');
        if (progress.cancelRequested) throw new Interrupted('cancelled');
      },
    };
  }

  /** A job whose records are gone: stopped, logged, counted, and written back as FAILED from what was known. */
  private async lost(meta: JobMeta, known: JobProgress): Promise<JobProgress> {
    this.deps.lost();
    this.deps.log.error(
      { jobId: meta.id, processed: known.next },
      "a bulk reset's records were lost from the job store (evicted, or Redis lost its data): the job stops and is marked FAILED",
    );
    return this.deps.store.markLost(meta, known);
  }

  private async watchForCancel(id: string): Promise<void> {
    const progress = await this.deps.store.progress(id).catch(() => null);
    if (progress?.cancelRequested) this.running.get(id)?.cancel.abort(new Interrupted('cancelled'));
  }

  /**
   * The job's progress while this runner holds it; null when it does not (taken over, finished,
   * stopping). A progress record that is gone, or not one a runner wrote, is a job lost.
   */
  private async held(id: string): Promise<JobProgress | null> {
    if (this.stopping.signal.aborted) return null;
    const progress = await this.deps.store.progress(id);
    if (!progress) throw new Interrupted('lost');
    return progress.owner === this.runner && !isFinished(progress) ? progress : null;
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
        return allowed ? { ...p, state: 'RUNNING', inFlight: { userId, sent }, leaseUntil: Date.now() + LEASE_MS } : null;
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

  /** A wait that stopping or a cancel ends at once. */
  private async sleep(ms: number, signal: AbortSignal = this.stopping.signal): Promise<void> {
    try {
      await delay(ms, undefined, { signal });
    } catch {
      throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted('stopping');
    }
  }
}
