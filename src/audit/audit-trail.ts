import pino from 'pino';
import type { Logger } from '../log.js';
import { UpstreamUnavailableError } from '../upstream/errors.js';

/**
 * `attempted`: written before the write is sent, so that a crash leaves it on record; then one of
 * the others: `success` (proven done), `failure` (proven not done), `unknown` (may or may not have
 * been applied), or `refused` (never attempted: no token or no permission).
 */
export type AuditOutcome = 'attempted' | 'success' | 'failure' | 'unknown' | 'refused';

export interface AuditEvent {
  /** The gateway's own id for the request (never chosen by the client). */
  requestId: string;
  /** The client's `x-request-id`, when it sent a sane one: for joining with its own logs. */
  correlationId?: string;
  /** Root fields of a refused request beyond the first, which the event names. */
  fieldCount?: number;
  actor: { sub: string | null; clientId: string | null };
  mutation: string;
  targetUserId: string | null;
  methodId?: string | null;
  methodType?: string | null;
  /** Contact detail of the method written, masked as the Management API masks it (contact-mask.ts). */
  contact?: string;
  outcome: AuditOutcome;
  errorCode?: string | null;
  /** The bulk-reset job that made the change, and the reason given when it was started. */
  jobId?: string;
  reason?: string;
}

/** What an event says was written: known before the write, completed as the write learns it. */
export type AuditTarget = Pick<
  AuditEvent,
  'mutation' | 'targetUserId' | 'methodId' | 'methodType' | 'contact' | 'fieldCount' | 'jobId' | 'reason'
>;

/**
 * One request's audit trail. It alone decides what a line says: a write is `attempted` before
 * anything is sent, then `settled` by what its result proves (success, failure, or unknown when
 * it may or may not have been applied, see docs/outcomes.md); a refusal is one `refused` line.
 */
export interface RequestAudit {
  attempted(target: AuditTarget): void;
  settled(target: AuditTarget, error?: unknown): void;
  refused(target: AuditTarget, errorCode: 'UNAUTHENTICATED' | 'FORBIDDEN'): void;
}

/**
 * Who changed whose MFA: one JSON line per mutation attempt, allowed or refused, with a stable
 * `audit: true` marker for log pipelines, written through the main logger and, when
 * AUDIT_LOG_FILE is set, appended synchronously to that file (an audit line must not be lost in
 * a buffer when the process dies). Events carry no secrets, and contact details only masked.
 */
export class AuditTrail {
  private readonly file: Logger | null;

  private readonly log: Logger;

  constructor(log: Logger, filePath: string | undefined) {
    // Audit lines are written whatever LOG_LEVEL says, unless logging is off altogether.
    this.log = log.child({}, { level: log.level === 'silent' ? 'silent' : 'info' });
    this.file = filePath
      ? pino(
          { base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
          pino.destination({ dest: filePath, append: true, mkdir: true, sync: true }),
        )
      : null;
  }

  /** The trail for one request: who and which request are filled in once. */
  forRequest(request: Pick<AuditEvent, 'requestId' | 'correlationId' | 'actor'>): RequestAudit {
    const base = {
      requestId: request.requestId,
      ...(request.correlationId ? { correlationId: request.correlationId } : {}),
      actor: request.actor,
    };
    const write = (target: AuditTarget, outcome: AuditOutcome, errorCode?: string) =>
      this.record({ ...base, ...target, outcome, ...(errorCode ? { errorCode } : {}) });
    return {
      attempted: (target) => write(target, 'attempted'),
      settled: (target, error) => {
        if (error === undefined) write(target, 'success');
        else write(target, error instanceof UpstreamUnavailableError && error.outcomeUnknown ? 'unknown' : 'failure', codeOf(error));
      },
      refused: (target, errorCode) => write(target, 'refused', errorCode),
    };
  }

  private record(event: AuditEvent): void {
    const line = { audit: true, ...truncateStrings(event) };
    this.log.info(line, 'audit');
    this.file?.info(line, 'audit');
  }
}

/** Longest string written as it is: real ids are under 100 characters; a refused 85 kB id is not copied whole. */
const MAX_FIELD_LENGTH = 256;

function truncateStrings(event: AuditEvent): AuditEvent {
  let copy: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'string' && value.length > MAX_FIELD_LENGTH) {
      copy ??= { ...event };
      copy[key] = `${value.slice(0, MAX_FIELD_LENGTH)}... (${value.length} characters)`;
    }
  }
  return (copy as AuditEvent | null) ?? event;
}

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
};
