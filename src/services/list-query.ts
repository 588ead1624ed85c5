import { invalidInput } from '../shared/errors.js';
import { INPUT_MAX } from '../shared/input-bounds.js';
import { parseText } from '../shared/validate.js';
import { isRole, type Role } from './roles.js';
import { parseServiceType } from './service-names.js';

/** A listing's query parameters as they arrive, from the API or a page. */
export interface ServiceListQuery {
  serviceType?: unknown;
  role?: unknown;
  search?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

/** A listing query once checked: what a page depends on besides the account. */
export interface ListQuery {
  limit: number;
  serviceType?: string;
  role?: Role;
  search?: string;
  /** The (name, type) the page starts after. */
  after?: [string, string];
}

export function encodeCursor(serviceName: string, serviceType: string): string {
  return Buffer.from(JSON.stringify([serviceName, serviceType]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): [string, string] {
  if (typeof cursor !== 'string' || cursor.length > INPUT_MAX.cursor) {
    throw invalidInput('cursor is not valid');
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // No control characters: PostgreSQL refuses NUL in text, and no name or type holds one.
    const clean = (v: unknown) =>
      // eslint-disable-next-line no-control-regex
      typeof v === 'string' && v.length <= 255 && !/[\u0000-\u001f\u007f]/.test(v);
    if (Array.isArray(value) && value.length === 2 && value.every(clean)) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    /* falls through */
  }
  throw invalidInput('cursor is not valid');
}

function parseLimit(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_PAGE;
  const n = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw invalidInput(`limit must be a whole number from 1 to ${MAX_PAGE}`);
  }
  return n;
}

/** Checks the query parameters of a listing (INVALID_INPUT naming the first bad one). */
export function parseListQuery(query: ServiceListQuery): ListQuery {
  const limit = parseLimit(query.limit);
  const serviceType =
    query.serviceType === undefined || query.serviceType === ''
      ? undefined
      : parseServiceType(query.serviceType);
  let role: Role | undefined;
  if (query.role !== undefined && query.role !== '') {
    if (!isRole(query.role)) throw invalidInput('role must be admin, tech or billing');
    role = query.role;
  }
  const search =
    query.search === undefined || query.search === ''
      ? undefined
      : parseText(query.search, 'search', INPUT_MAX.search);
  const after =
    query.cursor === undefined || query.cursor === '' ? undefined : decodeCursor(query.cursor);
  return { limit, serviceType, role, search, after };
}
