/**
 * The arithmetic of the mirror of the tenant's rate-limit bucket, as pure functions of its state,
 * so that the state can live in a store shared by every replica (shared-budget.ts) and each step
 * is unit-tested on numbers.
 *
 * Auth0's bucket holds `x-ratelimit-limit` tokens and refills continuously; `x-ratelimit-reset`
 * is when it is full again (Unix seconds by the tenant's clock, rounded up). So `limit -
 * remaining` tokens refill between the moment the tenant answered and the reset, which gives an
 * estimate of the refill rate. It is taken from when the call was sent, before the tenant
 * answered; the reset is rounded up; and `remaining`, rounded down, may hide up to a token, so
 * one token less is counted: each only ever makes the estimate low, however slow the answer or
 * busy this process, so the best estimate is the largest. (An estimate a little high would
 * schedule a queue of calls a little too densely, and the last of them would meet 429s.) The
 * rate used is the largest estimate of the last one or two RATE_WINDOW_MS: it follows the tenant
 * up at once and down within two windows (a tenant whose limit was lowered, or whose dashboard
 * spends more).
 *
 * Calls are admitted by reservation: each takes a token, the level may go below zero (calls
 * queued for tokens to come), and a call's wait is the time until its token has refilled. A
 * call whose wait would pass its deadline takes nothing and is refused at once with that wait.
 * Every reservation is numbered; an answer to call N sets the level to what the tenant reports
 * less the calls reserved after N (which the tenant had not seen yet) and the calls reserved
 * before N that are still unanswered (calls sent together reach the tenant in any order). So
 * the mirror is corrected both ways on every answer, whoever else spends the bucket (other
 * replicas, other clients of the tenant).
 */
export interface BudgetState {
  /** The bucket's size; null until an answer said it (calls are not paced until then). */
  limit: number | null;
  /** Tokens in the mirror at `updatedAt`; below zero, calls queued. */
  tokens: number;
  updatedAt: number;
  /** Refill rate in tokens per ms; null until learnt. */
  rate: number | null;
  /** Reservations made so far. */
  reserved: number;
  /** The largest rate estimate of the window started at `windowStart`, and of the one before. */
  windowStart: number;
  windowMax: number;
  previousMax: number;
  /** When a background call (a bulk job's) last reserved a token; absent in a mirror written before there were any. */
  backgroundAt?: number;
  /** When an answer last corrected the mirror, and when a call last went to check a queue no answer corrected. */
  answeredAt?: number;
  checkedAt?: number;
  /**
   * Which mirror this is (random, set when one is started): reservation numbers compare only
   * within one. A replica that was on its own memory while Redis was away holds numbers of its own
   * mirror, which must not correct the shared one (shared-budget.ts).
   */
  epoch?: string;
}

/** No Auth0 plan refills slower than 2 calls a second; until a rate is learnt the mirror assumes half that. */
export const FLOOR_RATE_PER_MS = 1 / 1_000;
const RATE_WINDOW_MS = 5_000;
const ADMISSION_SLACK = 0.1;
/**
 * How long the mirror may say calls are queued with no answer correcting it before one call goes
 * anyway. Calls queued by a live replica are answered several times a second (the slowest plan
 * refills 2 a second); a queue nobody answers for this long was left by a replica that died with
 * calls waiting, and would otherwise refuse every caller until its turns had passed (up to
 * UPSTREAM_MAX_WAIT_MS), since only an answer corrects the mirror.
 */
const UNANSWERED_QUEUE_MS = 2_000;

export const emptyBudget = (now: number): BudgetState => ({
  limit: null,
  tokens: 0,
  updatedAt: now,
  rate: null,
  reserved: 0,
  windowStart: now,
  windowMax: 0,
  previousMax: 0,
});

/** What one answer said of the bucket (times on our clock). */
export interface BucketReport {
  limit: number;
  remaining: number;
  /** When the tenant says the bucket is full again; NaN when it did not say. */
  resetAt: number;
  /** The number of the reservation the answered call made. */
  ticket: number;
  /** When the answered call was sent. */
  sentAt: number;
  /**
   * Calls reserved before the answered one but not answered yet (as far as this replica knows: its
   * own): the tenant may not have counted them either, when they reached it later.
   */
  earlierUnanswered: number;
  /** The answer was a 429: it says the level (nothing left), never a faster refill (`learn`). */
  limited?: boolean;
}

export type Reservation = { ticket: number; waitMs: number } | { refusedForMs: number };
/** A background call that may not reserve yet: it asks again after `notBeforeMs`. */
export type BackgroundReservation = Reservation | { notBeforeMs: number };

function refilled(state: BudgetState, now: number): BudgetState {
  if (state.limit === null || now <= state.updatedAt) return { ...state, updatedAt: Math.max(now, state.updatedAt) };
  const tokens = Math.min(state.limit, state.tokens + (now - state.updatedAt) * (state.rate ?? FLOOR_RATE_PER_MS));
  return { ...state, tokens, updatedAt: now };
}

/** A token for a call, now or after `waitMs`; refused (and nothing taken) when that is past `deadline`. */
export function reserve(state: BudgetState, now: number, deadline: number): { state: BudgetState; reservation: Reservation } {
  const next = refilled(state, now);
  if (next.limit === null) {
    next.reserved += 1;
    return { state: next, reservation: { ticket: next.reserved, waitMs: 0 } };
  }
  const queuedWait = next.tokens >= 1 ? 0 : Math.ceil((1 - next.tokens) / (next.rate ?? FLOOR_RATE_PER_MS));
  // A queue no answer corrects goes checked: this call is sent at once, in no one's turn.
  const checking = queuedWait > 0 && queueUnanswered(next, now);
  const waitMs = checking ? 0 : queuedWait;
  // A turn is admitted only within 90% of the time left: the queue moves later when answers
  // correct the mirror down or the rate estimate falls, and a call admitted at the edge would
  // then be refused after waiting, not at once.
  if (now + waitMs > deadline - ADMISSION_SLACK * (deadline - now)) return { state, reservation: { refusedForMs: waitMs } };
  if (checking) next.checkedAt = now;
  next.tokens -= 1;
  next.reserved += 1;
  return { state: next, reservation: { ticket: next.reserved, waitMs } };
}

/** A requeued call's place: after a ticket, before the next (tickets are whole numbers). */
const JUST_AFTER = 1e-3;

/**
 * A token for a call that met a 429 (which the tenant did not process) and is sent again: it
 * takes the next token, ahead of the calls queued, each of which moves back one place. Queued
 * behind them, a call whose turn had come would wait out the whole queue a second time, and be
 * refused after waiting when that passes its deadline. Its place is numbered just after the last
 * ticket due, before the first queued, so that answers count the calls behind it (`learn`).
 * Refused, taking nothing, when even that turn would pass `deadline`.
 */
export function requeue(state: BudgetState, now: number, deadline: number): { state: BudgetState; reservation: Reservation } {
  const next = refilled(state, now);
  if (next.limit === null) return { state: next, reservation: { ticket: next.reserved + JUST_AFTER, waitMs: 0 } };
  const lastDue = Math.min(next.reserved, Math.floor(next.reserved + next.tokens));
  next.tokens -= 1;
  const ticket = lastDue + JUST_AFTER;
  const waitMs = waitForTicket(next, ticket, now);
  if (now + waitMs > deadline) return { state, reservation: { refusedForMs: waitMs } };
  return { state: next, reservation: { ticket, waitMs } };
}

/** Calls queued, and no answer for UNANSWERED_QUEUE_MS, nor a call sent to check as long. */
const queueUnanswered = (state: BudgetState, now: number) =>
  state.answeredAt !== undefined &&
  now - state.answeredAt >= UNANSWERED_QUEUE_MS &&
  now - (state.checkedAt ?? Number.NEGATIVE_INFINITY) >= UNANSWERED_QUEUE_MS;

/**
 * A token for background work (bulk jobs), which must never starve interactive requests. It goes
 * at once while the bucket has a token to spare, so a job alone spends all of the budget. Tokens
 * short means calls are queued for them, and then background calls of all replicas together
 * reserve at most one token per two token intervals, half the refill, queued behind the calls
 * reserved before them.
 */
export function reserveBackground(
  state: BudgetState,
  now: number,
  deadline: number,
): { state: BudgetState; reservation: BackgroundReservation } {
  const { tokens, rate, limit } = refilled(state, now);
  const interval = 1 / (rate ?? FLOOR_RATE_PER_MS);
  const sinceLast = now - (state.backgroundAt ?? Number.NEGATIVE_INFINITY);
  if (limit !== null && tokens < 1 && sinceLast < 2 * interval) {
    return { state, reservation: { notBeforeMs: Math.ceil(Math.min((1 - tokens) * interval, 2 * interval - sinceLast)) } };
  }
  const result = reserve(state, now, deadline);
  if ('ticket' in result.reservation) result.state.backgroundAt = now;
  return result;
}

/**
 * A queued call that will not be sent after all (its turn moved past its deadline, or the replica
 * is shutting down) gives its token back: every call queued behind it moves up one place. Left
 * in the mirror, it would hold the queue back until its turn had passed.
 */
export function giveBack(state: BudgetState, now: number): BudgetState {
  const next = refilled(state, now);
  if (next.limit !== null) next.tokens = Math.min(next.limit, next.tokens + 1);
  return next;
}

/** How long until ticket `ticket`'s token is due, by the mirror as it is at `now`. */
export function waitForTicket(state: BudgetState, ticket: number, now: number): number {
  const { tokens, rate } = refilled(state, now);
  if (state.limit === null) return 0;
  // Tickets up to `reserved + tokens` may go: below zero, the last `-tokens` reservations wait.
  const missing = ticket - state.reserved - tokens;
  return missing <= 0 ? 0 : Math.ceil(missing / (rate ?? FLOOR_RATE_PER_MS));
}

/** The mirror after an answer: level, size and rate as the tenant reports them. */
export function learn(state: BudgetState, report: BucketReport, now: number): BudgetState {
  const next = refilled(state, now);
  const { limit, remaining, resetAt, ticket, sentAt, earlierUnanswered } = report;
  next.limit = limit;
  // A requeued call's ticket lies between two reservations (`requeue`): the count after it is whole.
  next.tokens = Math.min(limit, remaining - Math.max(0, Math.ceil(next.reserved - ticket)) - earlierUnanswered);
  next.answeredAt = now;
  if (now - next.windowStart >= RATE_WINDOW_MS) {
    next.previousMax = now - next.windowStart < 2 * RATE_WINDOW_MS ? next.windowMax : 0;
    next.windowStart = now;
    next.windowMax = 0;
  }
  // A 429 says the mirror was too generous: it may empty the level, never raise the rate. Its
  // reset, with nothing left, would give the largest estimate one answer can, and a reset that
  // comes early (a tenant's clock a little ahead, a proxy's own 429) taught several times the
  // real rate: every other call then met a 429 until the estimate aged out of its windows.
  if (!report.limited && remaining + 1 < limit && resetAt > sentAt) {
    next.windowMax = Math.max(next.windowMax, (limit - remaining - 1) / (resetAt - sentAt));
  }
  const best = Math.max(next.windowMax, next.previousMax);
  // Without an estimate in the last two windows (an idle tenant tells none), the last rate stands.
  if (best > 0) next.rate = best;
  return next;
}
