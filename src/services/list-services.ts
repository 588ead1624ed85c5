import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import { invalidInput } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import { isRole, ROLES, type Role } from './roles.js';
import { parseServiceType } from './service-names.js';

export interface ServiceListQuery {
  serviceType?: unknown;
  role?: unknown;
  search?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

export function encodeCursor(serviceName: string, serviceType: string): string {
  return Buffer.from(JSON.stringify([serviceName, serviceType]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): [string, string] {
  if (typeof cursor !== 'string' || cursor.length > 2000) throw invalidInput('cursor is not valid');
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

const ROLE_FLAG = { admin: 'is_admin', tech: 'is_tech', billing: 'is_billing' } as const;

/** A listing query once checked: what a page depends on besides the account. */
export interface ListQuery {
  limit: number;
  serviceType?: string;
  role?: Role;
  search?: string;
  /** The (name, type) the page starts after. */
  after?: [string, string];
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
      : parseText(query.search, 'search', 255);
  const after =
    query.cursor === undefined || query.cursor === '' ? undefined : decodeCursor(query.cursor);
  return { limit, serviceType, role, search, after };
}

/**
 * One page of the services an account is a contact of, sorted by name then type (SPEC §5).
 * A keyset range over service_contacts: the cost of a page does not depend on how many
 * services the account holds (a search by part of the name scans until the page is full).
 */
export async function listServicesOf(ctx: AppContext, account: string, query: ServiceListQuery) {
  return listServices(ctx, account, parseListQuery(query));
}

/** listServicesOf, for a query already checked. */
export async function listServices(
  ctx: AppContext,
  account: string,
  { limit, serviceType, role, search, after }: ListQuery,
) {
  let q = ctx.database.db
    .selectFrom('service_contacts as sc')
    .innerJoin('services as s', 's.id', 'sc.service_id')
    .select([
      's.service_type',
      's.service_name',
      's.status',
      's.contact_admin',
      's.contact_tech',
      's.contact_billing',
      'sc.is_admin',
      'sc.is_tech',
      'sc.is_billing',
    ])
    .where('sc.account', '=', account);
  if (serviceType !== undefined) q = q.where('sc.service_type', '=', serviceType);
  if (role !== undefined) q = q.where(`sc.${ROLE_FLAG[role]}`, '=', 1);
  if (search !== undefined) {
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(sc.service_name) like ${pattern} escape '\\'`);
  }
  if (after !== undefined) {
    q = q.where((eb) =>
      eb(eb.refTuple('sc.service_name', 'sc.service_type'), '>', eb.tuple(after[0], after[1])),
    );
  }
  const rows = await q
    .orderBy('sc.service_name')
    .orderBy('sc.service_type')
    .limit(limit + 1)
    .execute();

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      serviceType: row.service_type,
      serviceName: row.service_name,
      status: row.status,
      contactAdmin: row.contact_admin,
      contactTech: row.contact_tech,
      contactBilling: row.contact_billing,
      myRoles: ROLES.filter((r) => row[ROLE_FLAG[r]] === 1),
    })),
    nextCursor:
      rows.length > limit && last ? encodeCursor(last.service_name, last.service_type) : null,
  };
}
