import { describe, expect, it } from 'vitest';
import { backoffMs, decide, MAX_RETRIES } from '../../src/upstream/retry-policy.js';
import { isSameEnrollment } from '../../src/upstream/enrollment-match.js';
import { toMethod } from '../../src/upstream/map.js';

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

describe('recognising a lost enrollment in a masked read', () => {
  const sentAt = Date.parse('2026-11-28T12:00:00.000Z');
  const read = (fields: Record<string, unknown>) => toMethod({ id: 'x|1', created_at: '2026-11-28T12:00:01.000Z', ...fields })!;

  it('matches a phone by its visible digits and length, an email by its visible parts', () => {
    const phone = { type: 'phone', phone_number: '+14155550123' };
    expect(isSameEnrollment(read({ type: 'phone', phone_number: 'XXXXXXXX0123' }), phone, sentAt)).toBe(true);
    expect(isSameEnrollment(read({ type: 'phone', phone_number: 'XXXXXXXX0124' }), phone, sentAt)).toBe(false);
    expect(isSameEnrollment(read({ type: 'phone', phone_number: 'XXXXXXXXX0123' }), phone, sentAt)).toBe(false);
    const email = { type: 'email', email: 'bob@example.com' };
    expect(isSameEnrollment(read({ type: 'email', email: '****@exam*******' }), email, sentAt)).toBe(true);
    expect(isSameEnrollment(read({ type: 'email', email: '****@othe*******' }), email, sentAt)).toBe(false);
  });

  it('ignores methods created well before the POST was sent', () => {
    expect(isSameEnrollment(read({ type: 'totp', created_at: '2026-11-28T11:00:00.000Z' }), { type: 'totp' }, sentAt)).toBe(false);
    expect(isSameEnrollment(read({ type: 'totp' }), { type: 'totp' }, sentAt)).toBe(true);
    expect(isSameEnrollment(read({ type: 'webauthn-roaming', key_id: 'k1' }), { type: 'webauthn-roaming', key_id: 'k2' }, sentAt)).toBe(false);
  });
});
