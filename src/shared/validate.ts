import { invalidInput } from './errors.js';
import { secretMatches } from '../platform/crypto.js';
import type { Language } from '../platform/database/schema.js';
import { INPUT_MAX } from './input-bounds.js';

/** Rejects control characters (NUL included) and bounds the length of free text. */
export function parseText(value: unknown, field: string, max = 200, min = 1): string {
  if (typeof value !== 'string') throw invalidInput(`${field} must be a string`);
  const text = value.trim();
  if (text.length < min) throw invalidInput(`${field} must not be empty`);
  if (text.length > max) throw invalidInput(`${field} must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw invalidInput(`${field} must not contain control characters`);
  return text;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function parseEmail(value: unknown, field = 'email'): string {
  const text = parseText(value, field, 254);
  if (!EMAIL.test(text)) throw invalidInput(`${field} must be an e-mail address`);
  return text;
}

export function parseLanguage(value: unknown, field = 'language'): Language {
  if (value === 'fr' || value === 'en') return value;
  throw invalidInput(`${field} must be fr or en`);
}

/** A positive decimal amount with at most two decimals, kept as written ("12.50"). */
export function parseAmount(value: unknown, field = 'amount'): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/.test(text.trim())) {
    throw invalidInput(`${field} must be a positive amount such as 12.50`);
  }
  const amount = text.trim();
  if (Number(amount) <= 0) throw invalidInput(`${field} must be greater than zero`);
  return amount;
}

export function parseCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value)) {
    throw invalidInput(`${field} must be a three-letter currency code such as EUR`);
  }
  return value.toUpperCase();
}

export function parsePositiveId(value: unknown, field = 'id'): number {
  const n = typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw invalidInput(`${field} must be a positive integer`);
  }
  return n;
}

/**
 * Whether a code a person typed or pasted (a validation code, an e-mail change's code) is the one
 * whose hash is stored: spaces around it are forgiven, anything too long never matches.
 */
export function codeMatches(given: unknown, storedHash: string | null): boolean {
  return (
    typeof given === 'string' &&
    given.length <= INPUT_MAX.token &&
    secretMatches(given.trim(), storedHash)
  );
}
