import { describe, expect, it } from 'vitest';
import { toMethod, toMethods } from '../../src/upstream/map.js';
import { retryAfterSeconds } from '../../src/upstream/error-mapping.js';
import { methodsPath } from '../../src/upstream/paths.js';
import { maskEmail, maskPhone } from '../../src/contact-mask.js';

describe('upstream JSON to methods', () => {
  it('maps every upstream type to its enum value and keeps unknown ones as OTHER', () => {
    const types = [
      'phone',
      'email',
      'totp',
      'webauthn-roaming',
      'webauthn-platform',
      'passkey',
      'push',
      'recovery-code',
      'password',
      'email-verification',
      'guardian',
      'sms',
      'push-notification',
      'constructor',
      '__proto__',
    ];
    expect(types.map((type) => toMethod({ id: `x|${type}`, type })!.type)).toEqual([
      'PHONE',
      'EMAIL',
      'TOTP',
      'WEBAUTHN_ROAMING',
      'WEBAUTHN_PLATFORM',
      'PASSKEY',
      'PUSH_NOTIFICATION',
      'RECOVERY_CODE',
      'PASSWORD',
      'EMAIL_VERIFICATION',
      'GUARDIAN',
      'OTHER',
      'OTHER',
      'OTHER',
      'OTHER',
    ]);
  });

  it('skips entries that are not objects or have no id', () => {
    expect(toMethods([null, 1, 'x', {}, { id: 5 }, { id: 'ok|1', type: 'totp' }]).map((m) => m.id)).toEqual(['ok|1']);
    expect(toMethods({ not: 'an array' })).toEqual([]);
  });
});

describe('rate-limit timing', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('prefers Retry-After (seconds or a date), else x-ratelimit-reset as Unix seconds', () => {
    const now = 1_800_000_000_000;
    expect(retryAfterSeconds(headers({ 'retry-after': '7', 'x-ratelimit-reset': '1800000100' }), now)).toBe(7);
    expect(retryAfterSeconds(headers({ 'retry-after': new Date(now + 3_000).toUTCString() }), now)).toBe(3);
    expect(retryAfterSeconds(headers({ 'x-ratelimit-reset': '1800000002' }), now)).toBe(2);
    expect(retryAfterSeconds(headers({ 'x-ratelimit-reset': '1700000000' }), now)).toBe(0);
    expect(retryAfterSeconds(headers({}), now)).toBeNull();
  });
});

describe('paths', () => {
  it('percent-encodes every reserved character of an id and refuses dot segments', () => {
    expect(methodsPath('auth0|a/b?c#d', 'phone|x y')).toBe('/users/auth0%7Ca%2Fb%3Fc%23d/authentication-methods/phone%7Cx%20y');
    expect(() => methodsPath('..')).toThrow(TypeError);
    expect(() => methodsPath('')).toThrow(TypeError);
  });
});

describe('emulator masking (as recorded from the real API)', () => {
  it('keeps the last 4 characters of a phone number and 4 of each email part', () => {
    expect(maskPhone('+14155555044')).toBe('XXXXXXXX5044');
    expect(maskEmail('chucknorris@example.com')).toBe('chuc*******@exam*******');
    expect(maskEmail('bob@example.com')).toBe('****@exam*******');
  });
});
