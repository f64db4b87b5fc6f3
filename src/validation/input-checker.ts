import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Secret } from 'otpauth';
import { z } from 'zod';
import type { FieldError } from './field-error.js';
import { checkId } from './ids.js';
import { ValidationError } from './validation-error.js';

/** The upstream caps method names at 20 characters (reads and PUT). */
export const NAME_MAX_LENGTH = 20;
/** RFC 4226 §4 R6: a shared secret of at least 128 bits, i.e. 26 base32 characters. */
export const TOTP_SECRET_MIN_LENGTH = 26;
const TOTP_SECRET_MAX_LENGTH = 128;
const EMAIL_MAX_LENGTH = 254;
const KEY_ID_MAX_LENGTH = 1024;
const PUBLIC_KEY_MAX_LENGTH = 4096;

const emailSchema = z.email();
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64_ANY = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// Phone input may carry the usual ASCII separators; anything else (letters, non-ASCII digits) is refused.
const PHONE_CHARACTERS = /^\+[0-9 ().-]+$/;

const CONTROL = /\p{Cc}/u;
/**
 * Unicode format characters (bidi overrides such as U+202E, zero-width joiners) and line and
 * paragraph separators: a name shown in an admin console must read as what it is.
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Collects every bad field of one mutation input, so a client learns all of them at once, and
 * returns each value normalised (E.164 phone, trimmed name, upper-case secret) for the upstream.
 */
export class InputChecker {
  private readonly errors: FieldError[] = [];

  fail(path: string[], message: string): void {
    this.errors.push({ path, message });
  }

  /** Throws the collected ValidationError, if any field was bad. */
  done(): void {
    if (this.errors.length > 0) throw new ValidationError(this.errors);
  }

  id(value: string, path: string[]): string {
    for (const error of checkId(value, path)) this.errors.push(error);
    return value;
  }

  name(value: string | null | undefined, path: string[]): string | undefined {
    if (value === null || value === undefined) return undefined;
    const name = value.trim();
    if (name.length === 0) this.fail(path, 'must not be empty');
    else if ([...name].length > NAME_MAX_LENGTH) this.fail(path, `must be at most ${NAME_MAX_LENGTH} characters`);
    else if (CONTROL.test(name)) this.fail(path, 'must not contain control characters');
    else if (INVISIBLE.test(name)) this.fail(path, 'must not contain format or line-separator characters (e.g. right-to-left override)');
    else if (/\p{Cs}/u.test(name)) this.fail(path, 'must be valid Unicode text');
    return name;
  }

  /** An international number, validated against libphonenumber's metadata, returned as E.164. */
  phone(value: string, path: string[]): string {
    const input = value.trim();
    if (!PHONE_CHARACTERS.test(input)) {
      this.fail(path, 'must be an international phone number in E.164 form, e.g. +14155550100');
      return input;
    }
    const parsed = parsePhoneNumberFromString(input);
    if (!parsed || !parsed.isValid()) {
      this.fail(path, 'is not a valid phone number for its country code');
      return input;
    }
    return parsed.number;
  }

  email(value: string, path: string[]): string {
    const email = value.trim();
    if (email.length > EMAIL_MAX_LENGTH) this.fail(path, `must be at most ${EMAIL_MAX_LENGTH} characters`);
    else if (!emailSchema.safeParse(email).success) this.fail(path, 'must be an email address, e.g. user@example.com');
    return email;
  }

  /** Base32 (RFC 4648), spaces and padding ignored, at least 128 bits. */
  totpSecret(value: string, path: string[]): string {
    const secret = value.replace(/[\s=]/g, '').toUpperCase();
    if (!/^[A-Z2-7]+$/.test(secret)) {
      this.fail(path, 'must be base32 (letters A-Z and digits 2-7)');
      return secret;
    }
    if (secret.length < TOTP_SECRET_MIN_LENGTH) {
      this.fail(path, `must be at least ${TOTP_SECRET_MIN_LENGTH} base32 characters (128 bits)`);
    } else if (secret.length > TOTP_SECRET_MAX_LENGTH) {
      this.fail(path, `must be at most ${TOTP_SECRET_MAX_LENGTH} base32 characters`);
    } else {
      // Decoding proves the codec agrees with the upstream's; it throws on anything it cannot read.
      try {
        Secret.fromBase32(secret);
      } catch {
        this.fail(path, 'must be base32 (letters A-Z and digits 2-7)');
      }
    }
    return secret;
  }

  /** A WebAuthn credential id: base64url, unpadded. */
  keyId(value: string, path: string[]): string {
    if (value.length === 0) this.fail(path, 'must not be empty');
    else if (value.length > KEY_ID_MAX_LENGTH) this.fail(path, `must be at most ${KEY_ID_MAX_LENGTH} characters`);
    else if (!BASE64URL.test(value)) this.fail(path, 'must be base64url (A-Z, a-z, 0-9, - and _, no padding)');
    return value;
  }

  /** A credential public key: base64 or base64url, as authenticators' libraries emit either. */
  publicKey(value: string, path: string[]): string {
    if (value.length === 0) this.fail(path, 'must not be empty');
    else if (value.length > PUBLIC_KEY_MAX_LENGTH) this.fail(path, `must be at most ${PUBLIC_KEY_MAX_LENGTH} characters`);
    else if (!BASE64_ANY.test(value)) this.fail(path, 'must be base64 or base64url');
    return value;
  }

  /** A WebAuthn relying party id is a host name, e.g. login.example.com. */
  relyingParty(value: string, path: string[]): string {
    const host = value.trim().toLowerCase();
    if (!HOSTNAME.test(host)) this.fail(path, 'must be a host name, e.g. login.example.com');
    return host;
  }
}
