import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';
import { redact } from './observability/redact.js';

export type { Logger };

export function createLogger(options: { level: LogLevel; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    // Every line passes through redact(), which also serializes errors, so pino's err serializer
    // must not serialize them again.
    formatters: { log: (object) => redact(object) as Record<string, unknown> },
    serializers: { err: (error: unknown) => error },
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
