import pino from 'pino';
import type { Logger } from '../log.js';

export type AuditOutcome = 'success' | 'failure' | 'refused';

export interface AuditEvent {
  requestId: string;
  actor: { sub: string | null; clientId: string | null };
  mutation: string;
  targetUserId: string | null;
  methodId?: string | null;
  methodType?: string | null;
  /** Masked contact detail of the method written, when there is one (see mask.ts). */
  contact?: string;
  outcome: AuditOutcome;
  errorCode?: string | null;
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

  record(event: AuditEvent): void {
    const line = { audit: true, ...event };
    this.log.info(line, 'audit');
    this.file?.info(line, 'audit');
  }
}
