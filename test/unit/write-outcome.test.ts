import { describe, expect, it } from 'vitest';
import { enrollmentOutcome, failureOutcome, MethodGone } from '../../src/upstream/write-outcome.js';
import { toMethod } from '../../src/upstream/map.js';
import { MethodNotFoundError, RateLimitedError, UpstreamUnavailableError, ConflictError } from '../../src/upstream/errors.js';
import type { UpstreamCall } from '../../src/upstream/call.js';

const sentAt = Date.parse('2026-11-28T12:00:00.000Z');
const read = (fields: Record<string, unknown>) =>
  toMethod({ id: `x|${Math.random()}`, created_at: '2026-11-28T12:00:01.000Z', ...fields })!;

describe('a POST whose answer was lost, settled by a read', () => {
  const phone = { type: 'phone', phone_number: '+12125550123', preferred_authentication_method: 'sms' };

  it('is not applied when nothing read could be it', () => {
    expect(enrollmentOutcome([], phone, sentAt, 0)).toEqual({ outcome: 'not-applied' });
    // Another number's phone, and the same last digits created well before the POST: not candidates.
    const others = [
      read({ type: 'phone', phone_number: 'XXXXXXXX0124' }),
      read({ type: 'phone', phone_number: 'XXXXXXXX0123', created_at: '2026-11-28T11:59:00.000Z' }),
    ];
    expect(enrollmentOutcome(others, phone, sentAt, 0)).toEqual({ outcome: 'not-applied' });
  });

  it('is unknown, never applied, when a masked phone, an email or an OTP app could be it', () => {
    // +14155550123 enrolled a moment ago shows the same masked digits as +12125550123.
    expect(enrollmentOutcome([read({ type: 'phone', phone_number: 'XXXXXXXX0123' })], phone, sentAt, 0)).toEqual({ outcome: 'unknown' });
    expect(
      enrollmentOutcome([read({ type: 'email', email: 'bob@exam*******' })], { type: 'email', email: 'bob@example.com' }, sentAt, 0),
    ).toEqual({ outcome: 'unknown' });
    expect(enrollmentOutcome([read({ type: 'totp' })], { type: 'totp', totp_secret: 'X' }, sentAt, 0)).toEqual({ outcome: 'unknown' });
    expect(enrollmentOutcome([read({ type: 'totp', created_at: undefined })], { type: 'totp', totp_secret: 'X' }, sentAt, 0)).toEqual({
      outcome: 'unknown',
    });
  });

  it('is applied when the read proves it: a security key by its credential id', () => {
    const key = read({ type: 'webauthn-roaming', key_id: 'cred-1' });
    const body = { type: 'webauthn-roaming', key_id: 'cred-1', public_key: 'pk', relying_party_identifier: 'rp' };
    expect(enrollmentOutcome([read({ type: 'webauthn-roaming', key_id: 'cred-2' }), key], body, sentAt, 0)).toEqual({
      outcome: 'applied',
      method: key,
    });
  });

  it('is unknown when the read failed', () => {
    expect(enrollmentOutcome(null, phone, sentAt, 0)).toEqual({ outcome: 'unknown' });
  });

  it('reads creation times on the tenant clock', () => {
    const older = [read({ type: 'phone', phone_number: 'XXXXXXXX0123', created_at: '2026-11-28T12:00:20.000Z' })];
    // The tenant's clock is 30 s ahead: created at its 12:00:20 is our 11:59:50, before we sent.
    expect(enrollmentOutcome(older, phone, sentAt, 30_000)).toEqual({ outcome: 'not-applied' });
    expect(enrollmentOutcome(older, phone, sentAt, 0)).toEqual({ outcome: 'unknown' });
  });
});

describe('a write whose last attempt failed', () => {
  const deleteOne: UpstreamCall = {
    method: 'DELETE',
    path: '/users/u/authentication-methods/m',
    route: 'DELETE /users/{id}/authentication-methods/{id}',
    target: 'method',
  };
  const patch: UpstreamCall = {
    method: 'PATCH',
    path: '/users/u/authentication-methods/m',
    route: 'PATCH /users/{id}/authentication-methods/{id}',
    target: 'method',
  };

  it('keeps its error when no earlier attempt may have been applied', () => {
    const error = new MethodNotFoundError();
    expect(failureOutcome(deleteOne, error, false)).toBe(error);
    const limited = new RateLimitedError(3);
    expect(failureOutcome(patch, limited, false)).toBe(limited);
  });

  it('after an attempt that may have been applied: "not applied" errors become an unknown outcome', () => {
    for (const error of [new RateLimitedError(3), new UpstreamUnavailableError()]) {
      const outcome = failureOutcome(patch, error, true);
      expect(outcome).toBeInstanceOf(UpstreamUnavailableError);
      expect((outcome as UpstreamUnavailableError).outcomeUnknown).toBe(true);
    }
    const conflict = new ConflictError('x');
    expect(failureOutcome(patch, conflict, true)).toBe(conflict);
  });

  it('a DELETE of one method meeting 404 after such an attempt: gone, by whom unknown', () => {
    const outcome = failureOutcome(deleteOne, new MethodNotFoundError(), true);
    expect(outcome).toBeInstanceOf(MethodGone);
    expect((outcome as MethodGone).outcomeUnknown).toBe(true);
  });
});
