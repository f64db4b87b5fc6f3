/**
 * Fault injection for the emulator (off by default): the failures a real tenant and the network in
 * between produce, on demand. A test scripts exact faults for the next requests; a chaos run sets
 * rates. Each fault says whether the write behind it is applied, since that is what a gateway
 * must get right.
 */
export type FaultKind =
  /** Answer a 5xx without applying the request. */
  | 'status-5xx'
  /** Answer 429 with rate-limit headers whose reset is `resetSeconds` ahead (negative: already past). */
  | 'rate-limit'
  /** Never answer; the socket stays open until the client gives up. */
  | 'hang'
  /** Close the socket without applying the request. */
  | 'drop-before'
  /** Apply the request, then close the socket without an answer. */
  | 'drop-after'
  /** Apply the request, then answer 200 with a body that is not the API's JSON (a proxy's error page). */
  | 'bad-body'
  /** Apply the request at once, as usual, but hold its answer for `delayMs` (a slow network, a slow tenant). */
  | 'delay';

export interface ScriptedFault {
  kind: FaultKind;
  /** Which requests it hits: the Management API (default) or the token endpoint. */
  target?: 'api' | 'token';
  /** Only requests with this HTTP method (any when absent). */
  method?: string;
  status?: number;
  resetSeconds?: number;
  /** A 429 with a `Retry-After` header of this many seconds besides the reset. */
  retryAfterSeconds?: number;
  /** For `delay`: how long the answer is held, instead of the configured latency. */
  delayMs?: number;
}

export interface FaultRates {
  'status-5xx'?: number;
  'rate-limit'?: number;
  hang?: number;
  'drop-before'?: number;
  'drop-after'?: number;
  'bad-body'?: number;
}

export interface FaultSettings {
  script?: ScriptedFault[];
  rates?: FaultRates;
}

/**
 * Resets of drawn 429s, in seconds from the tenant's now: mostly ahead, as a healthy tenant sends,
 * but also now and in the past, as a tenant whose clock is ahead of the client's appears to.
 */
const DRAWN_RESETS = [1, 2, 0, -2, -30];
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

export class Faults {
  private script: ScriptedFault[] = [];
  private rates: FaultRates = {};

  configure(settings: FaultSettings): void {
    if (settings.script) this.script = [...settings.script];
    if (settings.rates) this.rates = { ...settings.rates };
  }

  clear(): void {
    this.script = [];
    this.rates = {};
  }

  /** The fault for this request, if any: the first matching scripted one, else one drawn by rate. */
  next(target: 'api' | 'token', method: string, random: () => number = Math.random): ScriptedFault | null {
    const index = this.script.findIndex((f) => (f.target ?? 'api') === target && (!f.method || f.method === method));
    if (index >= 0) {
      return this.script.splice(index, 1)[0]!;
    }
    if (target !== 'api') return null;
    let draw = random();
    for (const [kind, rate] of Object.entries(this.rates) as Array<[FaultKind, number]>) {
      if (draw < rate) return kind === 'rate-limit' ? { kind, resetSeconds: pick(DRAWN_RESETS, random) } : { kind };
      draw -= rate;
    }
    return null;
  }
}
