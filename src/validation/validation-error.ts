import type { FieldError } from './field-error.js';

/** A mutation input with one or more bad fields; becomes the `ValidationError` union member. */
export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(readonly fields: FieldError[]) {
    super(
      fields.length === 1
        ? `Invalid input: ${fields[0]!.path.join('.')} ${fields[0]!.message}.`
        : `Invalid input: ${fields.length} fields are invalid.`,
    );
  }
}
