import { MIN_PASSWORD_LENGTH } from '../accounts/password.js';
import { DomainError, invalidInput } from '../shared/errors.js';

/** Longest password taken: argon2 hashes anything, but a 1 MB "password" is an attack. */
export const MAX_PASSWORD_LENGTH = 200;

/**
 * A new password (R20): long enough, and not the account's own nichandle or e-mail address, which
 * anyone who receives one of its e-mails can read. Malformed input is INVALID_INPUT; a password
 * that is well-formed but too easy to guess is WEAK_PASSWORD, so that the page can say why.
 */
export function parseNewPassword(
  value: unknown,
  account: { nichandle: string; email: string },
  field = 'newPassword',
): string {
  if (typeof value !== 'string' || value.length > MAX_PASSWORD_LENGTH) {
    throw invalidInput(`${field} must be a string of at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if ([...value].length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'WEAK_PASSWORD',
      `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
    );
  }
  const lower = value.toLowerCase();
  const email = account.email.toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (lower.includes(account.nichandle.toLowerCase()) || lower.includes(email) || lower === local) {
    throw new DomainError(
      'WEAK_PASSWORD',
      'the password must not be or contain the account ID or the e-mail address',
    );
  }
  return value;
}
