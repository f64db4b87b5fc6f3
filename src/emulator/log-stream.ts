import { randomUUID } from 'node:crypto';

export interface LogStreamTarget {
  url: string;
  /** Sent as `Authorization: Bearer <token>`, as a custom-webhook stream with an authorization value does. */
  token: string;
}

/** What the tenant logs about a change: Auth0's event fields, as the stream sends them. */
export interface TenantLogEvent {
  type: string;
  user_id?: string;
  description?: string;
  details?: Record<string, unknown>;
}

const FLUSH_MS = 50;
const ATTEMPTS = 3;

/**
 * The tenant's custom-webhook log stream: events queued as they happen and delivered in batches (a
 * JSON array of Auth0's envelope, `{ log_id, data }`), each batch tried up to three times, as
 * Auth0 does. Off until a target is configured.
 */
export class LogStream {
  private target: LogStreamTarget | null = null;
  private queue: Array<{ log_id: string; data: Record<string, unknown> }> = [];
  private timer: NodeJS.Timeout | null = null;
  /** Deliveries answered 2xx, for tests that wait for one. */
  delivered = 0;

  configure(target: LogStreamTarget | null): void {
    this.target = target;
  }

  emit(event: TenantLogEvent): void {
    if (!this.target) return;
    const logId = randomUUID().replaceAll('-', '');
    this.queue.push({ log_id: logId, data: { ...event, log_id: logId, date: new Date().toISOString(), client_id: 'emulator' } });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    const target = this.target;
    if (!target || batch.length === 0) return;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
          body: JSON.stringify(batch),
          signal: AbortSignal.timeout(5_000),
        });
        if (response.ok) {
          this.delivered += 1;
          return;
        }
      } catch {
        // tried again below
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
