import { z } from 'zod';
import type { SharedStore } from '../shared/store.js';
import { keys } from '../shared/keys.js';
import type { StoredValues } from '../shared/stored-values.js';
import { UpstreamUnavailableError } from '../upstream/errors.js';
import {
  chunkSchema,
  isFinished,
  jobId,
  metaSchema,
  progressSchema,
  RESULTS_PER_CHUNK,
  usersSchema,
  type JobMeta,
  type JobProgress,
  type JobView,
  type ResetResult,
} from './job-records.js';

/** Jobs, finished or not, are kept this long after their last change. */
const JOB_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Jobs not finished at once, over every replica: each holds one user's calls at a time in the rate budget. */
export const MAX_UNFINISHED = 2;
/**
 * Jobs the index keeps, finished ones included; the oldest finished are deleted beyond it. A
 * 10,000-user job takes some 3-5 MB of store (its ids and results), so this bounds the store's
 * share of jobs, in Redis or in a single process's memory.
 */
const MAX_KEPT = 7;
/** Read-modify-write tries against a record that others keep changing. */
const MAX_TRIES = 20;
const indexSchema = z.array(jobId).max(2 * MAX_KEPT);

const INDEX_KEY = keys.jobIndex;
const metaKey = keys.jobMeta;
const usersKey = keys.jobUsers;
const progressKey = keys.jobProgress;
const chunkKey = keys.jobChunk;

/** The longest lease a runner takes, with room for replicas' clocks: a stored lease beyond it is a lie. */
const MAX_LEASE_MS = 5 * 60 * 1000;

export class TooManyJobsError extends Error {}

/**
 * Records of a job that the store no longer holds (evicted, lost in a restart or a failover), or
 * that are not ones a runner writes: nothing more is done for the job, and what is left says why.
 */
export class JobRecordsLostError extends Error {
  constructor(processed: number | null) {
    super(
      `The job store lost this job's records${processed === null ? '' : `; ${processed} users were processed`}: see the audit log for what was done.`,
    );
  }
}

/** The store holding jobs did not answer: what was asked is unknown, and a start or cancel may have happened. */
export class JobStoreUnavailableError extends UpstreamUnavailableError {
  constructor(outcomeUnknown: boolean) {
    super('The job store (Redis) did not answer; try again.', outcomeUnknown);
  }
}

/**
 * Bulk-reset jobs in a store (job-records.ts): Redis when the replicas share one, so that any of
 * them can read a job and take over one whose runner died; the process's memory otherwise. An
 * index lists the jobs kept. Every change of a job's progress is a compare-and-set, so the
 * runner holding the lease, a cancel from another replica and a runner taking over never
 * overwrite each other. Errors of the store (Redis away) reach the caller: a job's record is
 * never kept anywhere it could be lost.
 */
export class JobStore {
  private readonly progressSchema = progressSchema(() => Date.now() + MAX_LEASE_MS);

  constructor(
    private readonly store: SharedStore,
    private readonly values: StoredValues,
  ) {}

  /** Stores a new job and lists it, unless MAX_UNFINISHED jobs are not finished yet. */
  async create(meta: JobMeta, userIds: string[], progress: JobProgress): Promise<void> {
    // The records first: a job listed is one whose records exist, for any replica that reads the index.
    await this.store.set(metaKey(meta.id), JSON.stringify(meta), JOB_TTL_MS);
    await this.store.set(usersKey(meta.id), JSON.stringify(userIds), JOB_TTL_MS);
    await this.store.set(progressKey(meta.id), JSON.stringify(progress), JOB_TTL_MS);
    try {
      const dropped = await this.updateIndex(async (ids) => {
        const kept = await this.withProgress(ids);
        if (kept.filter((job) => !isFinished(job.progress)).length >= MAX_UNFINISHED) throw new TooManyJobsError();
        const finished = kept.filter((job) => isFinished(job.progress));
        const drop = new Set(finished.slice(0, Math.max(0, kept.length + 1 - MAX_KEPT)).map((job) => job.id));
        return { ids: [...kept.map((job) => job.id).filter((id) => !drop.has(id)), meta.id], dropped: [...drop] };
      });
      await Promise.all(dropped.map((id) => this.remove(id)));
    } catch (error) {
      await this.remove(meta.id);
      throw error;
    }
  }

  /** A job's description and progress; null when it is not a job of this store (unknown, or an id that cannot be one). */
  async view(id: string): Promise<JobView | null> {
    if (!jobId.safeParse(id).success) return null;
    const [meta, progress] = await this.store.getMany([metaKey(id), progressKey(id)]);
    const parsedMeta = this.parse(meta ?? null, metaSchema);
    const parsedProgress = this.parse(progress ?? null, this.progressSchema);
    return parsedMeta && parsedProgress ? { meta: parsedMeta, progress: parsedProgress } : null;
  }

  async progress(id: string): Promise<JobProgress | null> {
    return this.parse(await this.store.get(progressKey(id)), this.progressSchema);
  }

  async userIds(id: string): Promise<string[] | null> {
    return this.parse(await this.store.get(usersKey(id)), usersSchema);
  }

  /**
   * Whether every record a job with `next` users done must have is there: its description, its
   * users, its progress and each full chunk of results. One command (the keys share a hash slot).
   */
  async whole(id: string, next: number): Promise<boolean> {
    const chunks = Math.floor(next / RESULTS_PER_CHUNK);
    const expected = [metaKey(id), usersKey(id), progressKey(id), ...Array.from({ length: chunks }, (_, i) => chunkKey(id, i))];
    return (await this.store.exists(expected)) === expected.length;
  }

  /**
   * What is left of a job whose records were lost, written back from what its runner knew: its
   * description and its progress as far as it went, FAILED with the reason. A reader then learns
   * what happened instead of finding nothing (or a job running unseen).
   */
  async markLost(meta: JobMeta, known: JobProgress): Promise<JobProgress> {
    const failed: JobProgress = {
      ...known,
      state: 'FAILED',
      owner: null,
      leaseUntil: 0,
      inFlight: null,
      finishedAt: new Date().toISOString(),
      error: new JobRecordsLostError(known.next).message,
    };
    await this.store.set(metaKey(meta.id), JSON.stringify(meta), JOB_TTL_MS);
    await this.store.set(progressKey(meta.id), JSON.stringify(failed), JOB_TTL_MS);
    return failed;
  }

  /** Jobs listed and not finished, with their progress: the ones a runner may have to take over. */
  async unfinished(): Promise<Array<{ id: string; progress: JobProgress }>> {
    return (await this.withProgress(await this.index())).filter((job) => !isFinished(job.progress));
  }

  /**
   * Results `start` to `start + count` of a job whose progress is `progress`: full chunks from
   * their keys, the rest from the progress record.
   */
  async results(id: string, progress: JobProgress, start: number, count: number): Promise<ResetResult[]> {
    const end = Math.min(progress.next, start + count);
    if (end <= start) return [];
    const firstChunk = Math.floor(start / RESULTS_PER_CHUNK);
    const pendingChunk = Math.floor(progress.next / RESULTS_PER_CHUNK);
    const lastChunk = Math.floor((end - 1) / RESULTS_PER_CHUNK);
    const stored = await this.store.getMany(
      Array.from({ length: Math.min(lastChunk, pendingChunk - 1) - firstChunk + 1 }, (_, i) => chunkKey(id, firstChunk + i)),
    );
    const chunks = stored.map((text) => this.parse(text, chunkSchema));
    if (lastChunk >= pendingChunk) chunks.push(progress.pending);
    // Asking again will not bring them back.
    if (chunks.some((chunk) => chunk === null)) throw new JobRecordsLostError(progress.next);
    return (chunks as ResetResult[][]).flat().slice(start - firstChunk * RESULTS_PER_CHUNK, end - firstChunk * RESULTS_PER_CHUNK);
  }

  /** Stores a completed chunk of results (the same chunk written twice holds the same users). */
  async storeChunk(id: string, next: number, chunk: ResetResult[]): Promise<void> {
    await this.store.set(chunkKey(id, Math.floor((next - 1) / RESULTS_PER_CHUNK)), JSON.stringify(chunk), JOB_TTL_MS);
  }

  /**
   * Changes a job's progress by `step`, atomically: `step` sees the stored progress and returns
   * the next one, or null to leave it. Returns what the store holds afterwards (null: no such job).
   */
  async update(id: string, step: (progress: JobProgress) => JobProgress | null): Promise<JobProgress | null> {
    for (let tries = 1; tries <= MAX_TRIES; tries += 1) {
      const stored = await this.store.get(progressKey(id));
      const current = this.parse(stored, this.progressSchema);
      if (stored === null || current === null) return null;
      const next = step(current);
      if (next === null) return current;
      if (await this.store.compareAndSet(progressKey(id), stored, JSON.stringify(next), JOB_TTL_MS)) return next;
    }
    throw new Error("a job's progress kept changing under an update");
  }

  private async withProgress(ids: string[]): Promise<Array<{ id: string; progress: JobProgress }>> {
    const stored = await this.store.getMany(ids.map(progressKey));
    // A job whose records have expired (or cannot be read) is no longer listed.
    return ids.flatMap((id, i) => {
      const progress = this.parse(stored[i] ?? null, this.progressSchema);
      return progress ? [{ id, progress }] : [];
    });
  }

  private async index(): Promise<string[]> {
    return this.parse(await this.store.get(INDEX_KEY), indexSchema) ?? [];
  }

  private parse<T>(text: string | null, schema: z.ZodType<T>): T | null {
    return this.values.parse('job', text, schema);
  }

  private async updateIndex(change: (ids: string[]) => Promise<{ ids: string[]; dropped: string[] }>): Promise<string[]> {
    for (let tries = 1; tries <= MAX_TRIES; tries += 1) {
      const stored = await this.store.get(INDEX_KEY);
      const { ids, dropped } = await change(this.parse(stored, indexSchema) ?? []);
      if (await this.store.compareAndSet(INDEX_KEY, stored, JSON.stringify(ids), JOB_TTL_MS)) return dropped;
    }
    throw new Error('the job index kept changing under an update');
  }

  private async remove(id: string): Promise<void> {
    const meta = this.parse(await this.store.get(metaKey(id)), metaSchema);
    const chunks = meta ? Math.ceil(meta.total / RESULTS_PER_CHUNK) : Math.ceil(10_000 / RESULTS_PER_CHUNK);
    await this.store.delete([metaKey(id), usersKey(id), progressKey(id), ...Array.from({ length: chunks }, (_, i) => chunkKey(id, i))]);
  }
}
