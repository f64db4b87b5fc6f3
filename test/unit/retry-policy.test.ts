import { describe, expect, it } from 'vitest';
import { backoffMs, decide, MAX_RETRIES } from '../../src/upstream/retry-policy.js';

const status = (code: number) => ({ kind: 'status', status: code }) as const;
const lost = { kind: 'network', sent: true } as const;
const refused = { kind: 'network', sent: false } as const;

describe('retry policy', () => {
  it('retries idempotent methods on 5xx, 408 and lost connections, up to MAX_RETRIES', () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const failure of [status(500), status(502), status(503), status(408), lost, refused]) {
        expect(decide(method, failure, 0)).toBe('retry');
        expect(decide(method, failure, MAX_RETRIES)).toBe('fail');
      }
    }
  });

  it('never retries a POST that may have reached the upstream; retries one that provably did not', () => {
    expect(decide('POST', status(500), 0)).toBe('outcome-unknown');
    expect(decide('POST', status(503), 0)).toBe('outcome-unknown');
    expect(decide('POST', lost, 0)).toBe('outcome-unknown');
    expect(decide('POST', refused, 0)).toBe('retry');
  });

  it('does not retry answers that will not change: 4xx other than 408', () => {
    for (const code of [400, 403, 404, 409]) expect(decide('GET', status(code), 0)).toBe('fail');
    expect(decide('POST', status(409), 0)).toBe('fail');
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffMs(0, () => 1)).toBe(100);
    expect(backoffMs(3, () => 1)).toBe(800);
    expect(backoffMs(10, () => 1)).toBe(2_000);
    expect(backoffMs(3, () => 0)).toBe(0);
  });
});
