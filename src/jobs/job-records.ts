import { z } from 'zod';
import { METHOD_TYPES, type Method, type MethodType } from '../domain.js';
import { storedMethod } from '../shared/stored-method.js';

/**
 * What a bulk-reset job is made of, as plain JSON records a shared store can hold: the fixed
 * description (`JobMeta`), the progress its runner moves forward (`JobProgress`), and the
 * per-user results, kept in chunks of RESULTS_PER_CHUNK in the order of the job's users. The
 * results of the chunk being filled live inside the progress record, so that one
 * compare-and-set records a user's result and moves the job past them together.
 */
export const JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type ResetOutcome = 'RESET' | 'WOULD_RESET' | 'NOTHING_TO_RESET' | 'USER_NOT_FOUND' | 'FAILED' | 'SKIPPED';
export const RESET_OUTCOMES: readonly ResetOutcome[] = ['RESET', 'WOULD_RESET', 'NOTHING_TO_RESET', 'USER_NOT_FOUND', 'FAILED', 'SKIPPED'];

export const RESULTS_PER_CHUNK = 100;

export interface ResetResult {
  userId: string;
  outcome: ResetOutcome;
  removed: Method[];
  error: string | null;
}

export interface Actor {
  sub: string | null;
  clientId: string | null;
}

export interface JobMeta {
  id: string;
  /** The tenant's domain: only a gateway of this tenant reads or runs the job. */
  tenant: string;
  dryRun: boolean;
  reason: string;
  /** null: every method (one DELETE-all per user). */
  types: MethodType[] | null;
  /** Distinct users. */
  total: number;
  createdAt: string;
  /** Who started it: every audit event of the job names them. */
  actor: Actor;
}

export interface JobProgress {
  state: JobState;
  /** Users done: results exist for the first `next` users, and the runner works on user `next`. */
  next: number;
  counts: Partial<Record<ResetOutcome, number>>;
  /** Results of the users from the start of the current chunk up to `next`. */
  pending: ResetResult[];
  /**
   * DELETEs that may have been sent for user `next` and whose result is not recorded yet: a
   * runner that takes the job over settles them by reading the user, never by guessing.
   */
  inFlight: { userId: string; sent: Method[] } | null;
  cancelRequested: boolean;
  /** The runner holding the job, and until when its lease lasts (ms since the epoch). */
  owner: string | null;
  leaseUntil: number;
  finishedAt: string | null;
  /** Why the job FAILED (its records were lost): said to whoever reads it. */
  error: string | null;
}

export interface JobView {
  meta: JobMeta;
  progress: JobProgress;
}

export const isFinished = (progress: JobProgress): boolean => progress.finishedAt !== null;

export function newProgress(owner: string, leaseUntil: number): JobProgress {
  return {
    state: 'QUEUED',
    next: 0,
    counts: {},
    pending: [],
    inFlight: null,
    cancelRequested: false,
    owner,
    leaseUntil,
    finishedAt: null,
    error: null,
  };
}

/**
 * The progress after the results of users `next`, `next + 1`, ... are recorded. `flushed` is
 * the chunk completed on the way, which must be stored before this progress is.
 */
export function recorded(progress: JobProgress, results: ResetResult[]): { progress: JobProgress; flushed: ResetResult[] | null } {
  const counts = { ...progress.counts };
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  const pending = [...progress.pending, ...results];
  const flushed = pending.length === RESULTS_PER_CHUNK ? pending : null;
  return {
    progress: {
      ...progress,
      state: 'RUNNING',
      next: progress.next + results.length,
      counts,
      pending: flushed ? [] : pending,
      inFlight: null,
    },
    flushed,
  };
}

/** How many users can be recorded at once from `next` without passing the end of its chunk. */
export const roomInChunk = (next: number): number => RESULTS_PER_CHUNK - (next % RESULTS_PER_CHUNK);

/** Ids of users and jobs as they may be stored. */
const userId = z.string().min(1).max(2_000);
export const jobId = z.uuid();
const outcome = z.enum(RESET_OUTCOMES as [ResetOutcome, ...ResetOutcome[]]);

const resultSchema: z.ZodType<ResetResult> = z.object({
  userId,
  outcome,
  removed: z.array(storedMethod).max(1_000),
  error: z.string().max(5_000).nullable(),
});

export const metaSchema: z.ZodType<JobMeta> = z.object({
  id: jobId,
  tenant: z.string().max(253),
  dryRun: z.boolean(),
  reason: z.string().max(1_000),
  types: z.array(z.enum(METHOD_TYPES as [MethodType, ...MethodType[]])).nullable(),
  total: z.number().int().min(1).max(10_000),
  createdAt: z.string().max(40),
  actor: z.object({ sub: z.string().max(2_000).nullable(), clientId: z.string().max(2_000).nullable() }),
});

export const usersSchema = z.array(userId).min(1).max(10_000);

export const chunkSchema = z.array(resultSchema).length(RESULTS_PER_CHUNK);

/** A progress record its runners could have written: `leaseLimit` is the latest lease a runner takes (no lease for ever). */
export const progressSchema = (leaseLimit: () => number): z.ZodType<JobProgress> =>
  z
    .object({
      state: z.enum(JOB_STATES),
      next: z.number().int().min(0).max(10_000),
      counts: z.partialRecord(outcome, z.number().int().min(0).max(10_000)),
      pending: z.array(resultSchema).max(RESULTS_PER_CHUNK - 1),
      inFlight: z.object({ userId, sent: z.array(storedMethod).max(1_000) }).nullable(),
      cancelRequested: z.boolean(),
      owner: z.string().max(100).nullable(),
      leaseUntil: z
        .number()
        .finite()
        .refine((until) => until <= leaseLimit(), { error: 'is a lease longer than any runner takes' }),
      finishedAt: z.string().max(40).nullable(),
      // Absent from records written before jobs could fail.
      error: z.string().max(1_000).nullable().default(null),
    })
    .refine((progress) => progress.pending.length === progress.next % RESULTS_PER_CHUNK, {
      error: 'holds pending results that do not match its count',
    });
