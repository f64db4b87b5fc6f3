import type { Method, MethodType } from '../domain.js';

/**
 * What a bulk-reset job is made of, as plain JSON records a shared store can hold: the fixed
 * description (`JobMeta`), the progress its runner moves forward (`JobProgress`), and the
 * per-user results, kept in chunks of RESULTS_PER_CHUNK in the order of the job's users. The
 * results of the chunk being filled live inside the progress record, so that one
 * compare-and-set records a user's result and moves the job past them together.
 */
export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
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

/** A method as it comes back from JSON: its dates are strings again. */
export function revivedMethod(method: Method): Method {
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return { ...method, createdAt: date(method.createdAt), lastAuthAt: date(method.lastAuthAt), enrolledAt: date(method.enrolledAt) };
}
