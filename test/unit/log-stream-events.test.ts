import { describe, expect, it } from 'vitest';
import { parseDelivery } from '../../src/log-stream/events.js';

const sapi = (method: string, path: string) => ({
  log_id: 'l',
  type: 'sapi',
  user_id: 'auth0|admin',
  details: { request: { method, path } },
});
const userOf = (event: unknown) => parseDelivery(JSON.stringify(event))![0]!.changedUser;

describe('log-stream deliveries', () => {
  it('reads a JSON array, JSON lines and one object', () => {
    const event = { log_id: 'a', type: 'gd_unenroll', user_id: 'auth0|x' };
    expect(parseDelivery(JSON.stringify([event, event]))).toHaveLength(2);
    expect(parseDelivery(`${JSON.stringify(event)}\n\n${JSON.stringify(event)}\n`)).toHaveLength(2);
    expect(parseDelivery(JSON.stringify(event))).toEqual([{ logId: 'a', changedUser: 'auth0|x' }]);
    expect(parseDelivery('{"a":1}\nnot json')).toBeNull();
    expect(parseDelivery('')).toBeNull();
  });

  it("reads Auth0's envelope as well as flat events", () => {
    expect(parseDelivery(JSON.stringify({ log_id: 'e', data: { type: 'gd_enrollment_complete', user_id: 'auth0|y' } }))).toEqual([
      { logId: 'e', changedUser: 'auth0|y' },
    ]);
  });

  it('takes the user of a sapi event from the request path, percent-decoded, not user_id (the admin)', () => {
    expect(userOf(sapi('POST', '/api/v2/users/auth0%7Cabc/authentication-methods'))).toBe('auth0|abc');
    expect(userOf(sapi('DELETE', '/api/v2/users/auth0|abc/authentication-methods/totp|dev_1'))).toBe('auth0|abc');
    expect(userOf(sapi('POST', '/api/v2/users/auth0|abc/multifactor/actions/invalidate-remember-browser'))).toBe('auth0|abc');
    expect(userOf(sapi('DELETE', '/api/v2/users/auth0|abc/multifactor/guardian'))).toBe('auth0|abc');
    expect(userOf(sapi('POST', '/api/v2/users/auth0|abc/enrollments'))).toBe('auth0|abc');
    expect(userOf(sapi('DELETE', '/api/v2/users/auth0%7Cabc'))).toBe('auth0|abc');
    expect(userOf(sapi('PUT', '/api/v2/users/auth0|abc/authentication-methods?x=1'))).toBe('auth0|abc');
  });

  it('ignores events that change no methods', () => {
    expect(userOf(sapi('PATCH', '/api/v2/users/auth0|abc'))).toBeNull();
    expect(userOf(sapi('POST', '/api/v2/users/auth0|abc/roles'))).toBeNull();
    expect(userOf(sapi('GET', '/api/v2/users/auth0|abc/authentication-methods'))).toBeNull();
    expect(userOf(sapi('POST', '/api/v2/users/%E0%A4%A/authentication-methods'))).toBeNull();
    expect(userOf({ log_id: 's', type: 's', user_id: 'auth0|abc' })).toBeNull();
    expect(userOf({ log_id: 'g', type: 'gd_unenroll' })).toBeNull();
    expect(parseDelivery('[1, null, "x"]')).toEqual([
      { logId: null, changedUser: null },
      { logId: null, changedUser: null },
      { logId: null, changedUser: null },
    ]);
  });
});
