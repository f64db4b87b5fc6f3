import type { SharedStore } from '../shared/store.js';
import { keys } from '../shared/keys.js';
import { UpstreamUnavailableError } from '../upstream/errors.js';
import {
  isFinished,
  RESULTS_PER_CHUNK,
  revivedMethod,
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

const INDEX_KEY = keys.jobIndex;
const metaKey = keys.jobMeta;
const usersKey = keys.jobUsers;
const progressKey = keys.jobProgress;
const chunkKey = keys.jobChunk;

export class TooManyJobsError extends Error {}

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
  constructor(private readonly store: SharedStore) {}

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

  async view(id: string): Promise<JobView | null> {
    const [meta, progress] = await this.store.getMany([metaKey(id), progressKey(id)]);
    return meta && progress ? { meta: JSON.parse(meta) as JobMeta, progress: JSON.parse(progress) as JobProgress } : null;
  }

  async progress(id: string): Promise<JobProgress | null> {
    const stored = await this.store.get(progressKey(id));
    return stored ? (JSON.parse(stored) as JobProgress) : null;
  }

  async userIds(id: string): Promise<string[] | null> {
    const stored = await this.store.get(usersKey(id));
    return stored ? (JSON.parse(stored) as string[]) : null;
  }

  /** Jobs listed and not finished, with their progress: the ones a runner may have to take over. */
  async unfinished(): Promise<Array<{ id: string; progress: JobProgress }>> {
    const ids = JSON.parse((await this.store.get(INDEX_KEY)) ?? '[]') as string[];
    return (await this.withProgress(ids)).filter((job) => !isFinished(job.progress));
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
    const chunks = stored.map((text) => (text ? (JSON.parse(text) as ResetResult[]) : null));
    if (lastChunk >= pendingChunk) chunks.push(progress.pending);
    if (chunks.some((chunk) => chunk === null)) throw new Error('a chunk of results is missing from the store');
    const results = (chunks as ResetResult[][]).flat().slice(start - firstChunk * RESULTS_PER_CHUNK, end - firstChunk * RESULTS_PER_CHUNK);
    return results.map((result) => ({ ...result, removed: result.removed.map(revivedMethod) }));
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
      if (stored === null) return null;
      const current = JSON.parse(stored) as JobProgress;
      const next = step(current);
      if (next === null) return current;
      if (await this.store.compareAndSet(progressKey(id), stored, JSON.stringify(next), JOB_TTL_MS)) return next;
    }
    throw new Error("a job's progress kept changing under an update");
  }

  private async withProgress(ids: string[]): Promise<Array<{ id: string; progress: JobProgress }>> {
    const stored = await this.store.getMany(ids.map(progressKey));
    // A job whose records have expired is no longer listed.
    return ids.flatMap((id, i) => (stored[i] ? [{ id, progress: JSON.parse(stored[i]) as JobProgress }] : []));
  }

  private async updateIndex(change: (ids: string[]) => Promise<{ ids: string[]; dropped: string[] }>): Promise<string[]> {
    for (let tries = 1; tries <= MAX_TRIES; tries += 1) {
      const stored = await this.store.get(INDEX_KEY);
      const { ids, dropped } = await change(JSON.parse(stored ?? '[]') as string[]);
      if (await this.store.compareAndSet(INDEX_KEY, stored, JSON.stringify(ids), JOB_TTL_MS)) return dropped;
    }
    throw new Error('the job index kept changing under an update');
  }

  private async remove(id: string): Promise<void> {
    const meta = await this.store.get(metaKey(id));
    const chunks = meta ? Math.ceil((JSON.parse(meta) as JobMeta).total / RESULTS_PER_CHUNK) : 0;
    await this.store.delete([metaKey(id), usersKey(id), progressKey(id), ...Array.from({ length: chunks }, (_, i) => chunkKey(id, i))]);
  }
}
