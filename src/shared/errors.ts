/**
 * Every failure the domain reports is a DomainError with one of these codes. The HTTP layer maps
 * codes to statuses with HTTP_STATUS, which the compiler keeps complete.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_AUTHENTICATED'
  | 'NOT_FOUND'
  | 'NOT_ALLOWED'
  | 'UNKNOWN_ACCOUNT'
  | 'ALREADY_CONTACT'
  | 'ALREADY_EXISTS'
  | 'UNPAID_INVOICES'
  | 'CHANGE_PENDING'
  | 'INVALID_TOKEN'
  | 'TOO_MANY_ATTEMPTS'
  | 'RATE_LIMITED'
  | 'TASK_NOT_PENDING'
  | 'ALREADY_DECIDED'
  | 'WEAK_PASSWORD'
  | 'WRONG_PASSWORD'
  | 'INTERNAL_ERROR';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  NOT_AUTHENTICATED: 401,
  NOT_FOUND: 404,
  NOT_ALLOWED: 403,
  UNKNOWN_ACCOUNT: 400,
  ALREADY_CONTACT: 400,
  ALREADY_EXISTS: 409,
  UNPAID_INVOICES: 403,
  CHANGE_PENDING: 409,
  INVALID_TOKEN: 403,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  TASK_NOT_PENDING: 409,
  ALREADY_DECIDED: 409,
  WEAK_PASSWORD: 400,
  WRONG_PASSWORD: 403,
  INTERNAL_ERROR: 500,
};

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Facts a page may show in its own words (an account, a wait in seconds); never a secret. */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

export const invalidInput = (message: string) => new DomainError('INVALID_INPUT', message);
export const notFound = (what = 'Not found') => new DomainError('NOT_FOUND', what);
export const notAllowed = (message: string) => new DomainError('NOT_ALLOWED', message);

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
