import { z } from 'zod';

/** What a stored value is, for the count and the log line of the ones dropped (never the value). */
export type StoredKind = 'methods' | 'generation' | 'rate-budget' | 'token' | 'grant-lock' | 'job' | 'marker';

/** A rejected value is logged at most this often per kind: a flood of them is one line and a count. */
const LOG_EVERY_MS = 60_000;

export interface RejectionReport {
  (kind: StoredKind, reason: string, logged: boolean): void;
}

/**
 * The one way a value read back from the shared store becomes a value the gateway acts on: parsed
 * with its schema, and dropped (null, counted, logged) when it fails or claims the impossible.
 * Redis is a trust boundary: another tenant's gateway, an older or newer version of this one in a
 * rolling upgrade, an operator's hand or an attacker may have written what is read; a value the
 * gateway did not write must never become an error on every request, nor a refusal for good.
 */
export class StoredValues {
  private readonly loggedAt = new Map<StoredKind, number>();

  constructor(
    private readonly report: RejectionReport = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The value in `text` as `schema` reads it; null for nothing stored and for a value dropped. */
  parse<T>(kind: StoredKind, text: string | null, schema: z.ZodType<T>): T | null {
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.reject(kind, 'not JSON');
      return null;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    this.reject(kind, issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid');
    return null;
  }

  /** A value that parsed but cannot be used (sealed with another key, a generation of the wrong shape). */
  reject(kind: StoredKind, reason: string): void {
    const now = this.now();
    const logged = now - (this.loggedAt.get(kind) ?? Number.NEGATIVE_INFINITY) >= LOG_EVERY_MS;
    if (logged) this.loggedAt.set(kind, now);
    this.report(kind, reason, logged);
  }
}

/** Times in stored values are ms since the epoch; one further ahead than this (replicas' clocks differ a little) is a lie. */
export const CLOCK_SLACK_MS = 60_000;

/** A time no later than `now` + CLOCK_SLACK_MS, by the reader's clock. */
export const pastOrNear = (now: () => number) =>
  z
    .number()
    .finite()
    .nonnegative()
    .refine((at) => at <= now() + CLOCK_SLACK_MS, { error: 'is in the future' });

/** A date as JSON.stringify writes it, back to a Date. */
export const storedDate = z
  .string()
  .max(40)
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), { error: 'is not a date' });
