import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Paths that may hold a credential or personal data in anything we log. The upstream client and the
 * audit trail already log only masked values; this is the net under them.
 */
const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'secret',
  '*.secret',
  'totp_secret',
  '*.totp_secret',
  'otpauthUri',
  '*.otpauthUri',
  'phone_number',
  '*.phone_number',
  'phoneNumber',
  '*.phoneNumber',
  'email',
  '*.email',
];

export function createLogger(options: { level: LogLevel; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } });
  }
  // Asynchronous: under load the lines queued during one write go out in the next, instead of one
  // blocking write(2) per line on the request path. Pino flushes what is pending at exit.
  return pino(base, pino.destination({ sync: false }));
}
