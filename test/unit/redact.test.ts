import { describe, expect, it } from 'vitest';
import { redact } from '../../src/observability/redact.js';
import { createLogger } from '../../src/log.js';

describe('redact', () => {
  it('returns a line with nothing to censor as it is, without a copy', () => {
    const line = { requestId: 'r1', operation: 'Methods', ms: 1.2, upstreamCalls: 1, nested: { status: 200, list: [1, 'a'] } };
    expect(redact(line)).toBe(line);
  });

  it('censors sensitive keys at any depth, in objects and arrays, and leaves the original alone', () => {
    const line = {
      token: 'eyJ.secret.jwt',
      req: { headers: { authorization: 'Bearer abc', accept: '*/*' } },
      methods: [
        { id: 'phone|1', phone_number: '+14155550100' },
        { id: 'email|1', email: 'a@example.com' },
      ],
      grant: { client_secret: 's3cret', clientSecret: 's3cret', access_token: 'at' },
      enrollment: { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' },
    };
    const before = JSON.stringify(line);
    const out = JSON.stringify(redact(line));
    for (const secret of ['eyJ.secret.jwt', 'Bearer abc', '+14155550100', 'a@example.com', 's3cret', '"at"', 'JBSWY3DPEHPK3PXP']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"accept":"*/*"');
    expect(out).toContain('"id":"phone|1"');
    expect(JSON.stringify(line)).toBe(before);
  });

  it('serializes an error and censors what it carries', () => {
    const error = Object.assign(new Error('boom'), { token: 'leaky-token', status: 502 });
    const out = redact({ err: error }) as { err: Record<string, unknown> };
    expect(out.err).toMatchObject({ type: 'Error', message: 'boom', status: 502, token: '[redacted]' });
    expect(String(out.err.stack)).toContain('boom');
  });

  it('is what the logger writes: no secret reaches a log line, errors keep their type and stack', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    log.info({ headers: { authorization: 'Bearer xyz' }, phoneNumber: '+14155550100' }, 'call');
    log.error({ err: Object.assign(new TypeError('bad'), { clientSecret: 'cs' }) }, 'failed');
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({ headers: { authorization: '[redacted]' }, phoneNumber: '[redacted]', msg: 'call' });
    expect(second.err).toMatchObject({ type: 'TypeError', message: 'bad', clientSecret: '[redacted]' });
    expect(lines.join('')).not.toMatch(/Bearer xyz|\+14155550100|"cs"/);
  });
});
