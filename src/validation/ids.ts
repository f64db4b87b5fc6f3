import type { FieldError } from './field-error.js';

/** Longer than any Auth0 user or method id; longer input is refused before it costs an upstream call. */
export const MAX_ID_LENGTH = 256;

/**
 * An id as the upstream can address it: not empty, not absurdly long, no control characters, and
 * not `.` or `..`, which URL parsers resolve as path navigation whatever the encoding.
 */
export function checkId(value: string, path: string[]): FieldError[] {
  if (value.trim().length === 0) return [{ path, message: 'must not be empty' }];
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws): not an id.
  if (/\p{Cs}/u.test(value)) return [{ path, message: 'must be valid Unicode text' }];
  if (value.length > MAX_ID_LENGTH) return [{ path, message: `must be at most ${MAX_ID_LENGTH} characters` }];
  if (/\p{Cc}/u.test(value)) return [{ path, message: 'must not contain control characters' }];
  if (/^\.{1,2}$/.test(value)) return [{ path, message: 'must not be "." or ".."' }];
  return [];
}
