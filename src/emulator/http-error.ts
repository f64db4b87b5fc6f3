import type { Payload } from './payloads.js';

/** An answer the emulator gives as an error: its status and its body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Payload,
  ) {
    const described = body.message ?? body.error_description;
    super(typeof described === 'string' ? described : String(status));
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

/** Auth0's Boom-style error body. */
export function apiError(status: number, message: string, errorCode?: string): HttpError {
  return new HttpError(status, { statusCode: status, error: REASONS[status] ?? 'Error', message, ...(errorCode ? { errorCode } : {}) });
}
