/**
 * The longest value each input may hold, defined once for both faces: the API's schemas
 * (src/api/schemas.ts) refuse longer with INVALID_INPUT, the pages bound their fields and cut
 * what they read to the same length, and the domain's checks use the same numbers.
 */
export const INPUT_MAX = {
  /** A validation code from an e-mail (R9). */
  token: 200,
  /** "My services": part of a service name. */
  search: 255,
  /** A service type: a lower-case word (SERVICE_TYPE_PATTERN). */
  serviceType: 32,
  /** A listing's nextCursor. */
  cursor: 2000,
  /** An account id as typed (the login form, a new contact). */
  nichandle: 64,
} as const;
