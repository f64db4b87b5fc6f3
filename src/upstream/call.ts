/**
 * The vocabulary every part of the upstream layer shares: what a call is, how a request accounts
 * for its calls, and what a failed attempt was. It imports nothing, so the policies (retry,
 * outcomes, error mapping) and the client depend on it and never on each other.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UpstreamCall {
  method: HttpMethod;
  /**
   * Path under /api/v2, every id in it already percent-encoded (paths.ts), with its query string:
   * written out rather than given to ofetch as an object, which parsed and rebuilt the URL per call.
   */
  path: string;
  /** The path with its ids as `{id}`, for metrics and logs: never the ids themselves. */
  route: string;
  /** Whether the path names one method (a 404 then means the method) or a user's collection. */
  target: 'collection' | 'method';
  body?: unknown;
}

/**
 * One request's account of upstream use: its attempts, for its log line. Also the request's
 * identity for the limiter's fair share.
 */
export interface Usage {
  calls: number;
  /** Background work (a bulk job): its calls yield to interactive ones in the rate budget. */
  background?: boolean;
  /** Background work's say over each of its calls (a job that was cancelled or lost makes none). */
  guard?: CallGuard;
}

/**
 * Asked right before each attempt is sent (its rate token and slot in hand): throws to stop the
 * call, which is then never sent and gives its token back. Its signal, once aborted, ends a wait
 * for a rate token at once, with the signal's reason as the error.
 */
export interface CallGuard {
  permit(): Promise<void>;
  readonly signal: AbortSignal;
}

/** How an attempt failed: an HTTP status, or no answer (`sent` false when nothing left, e.g. refused). */
export type Failure = { kind: 'status'; status: number } | { kind: 'network'; sent: boolean };

/** A short, secret-free reason for a request that got no HTTP answer (a code such as ECONNRESET). */
export function describeNetworkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string; cause?: { code?: string } } }).cause;
  return cause?.code ?? cause?.cause?.code ?? cause?.name ?? (error as Error).name ?? 'network error';
}
