import { sql } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { ListQuery } from './list-query.js';

/*
 * The queries of "my services" that both databases run alike: the account's rows of
 * service_contacts (as `sc`) read in name order, and the page's rows among given services. The
 * search's own queries are in `search/`, one file per database.
 */

export const ROLE_FLAG = { admin: 'is_admin', tech: 'is_tech', billing: 'is_billing' } as const;

export const PAGE_COLUMNS = [
  's.service_type',
  's.service_name',
  's.status',
  's.contact_admin',
  's.contact_tech',
  's.contact_billing',
  'sc.is_admin',
  'sc.is_tech',
  'sc.is_billing',
] as const;

/** A row of a page: the service, and the roles the account holds in it. */
export type PageRow = Awaited<ReturnType<typeof rowsInOrder>>[number];

/**
 * The conditions a row of service_contacts (as `sc`) meets to be on the page: the account, the
 * type and role filters, the search (unless left out) and the cursor.
 */
export function conditions(account: string, query: ListQuery, withSearch = true) {
  const { serviceType, role, search, after } = query;
  const parts = [sql`sc.account = ${account}`];
  if (serviceType !== undefined) parts.push(sql`sc.service_type = ${serviceType}`);
  if (role !== undefined) parts.push(sql`sc.${sql.raw(ROLE_FLAG[role])} = 1`);
  if (search !== undefined && withSearch) {
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`lower(sc.service_name) like ${pattern} escape '\\'`);
  }
  if (after !== undefined) {
    parts.push(sql`(sc.service_name, sc.service_type) > (${after[0]}, ${after[1]})`);
  }
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/**
 * The key of the `n`th row after the cursor (filters applied, search not), when more rows follow
 * it: otherwise reading in order is bounded by `n` rows anyway.
 */
export async function keyAhead(db: Executor, account: string, query: ListQuery, n: number) {
  const rows = await db
    .selectFrom('service_contacts as sc')
    .select(['sc.service_name', 'sc.service_type'])
    .where(conditions(account, query, false))
    .orderBy('sc.service_name')
    .orderBy('sc.service_type')
    .limit(2)
    .offset(n - 1)
    .execute();
  const [row] = rows;
  return rows.length === 2 && row
    ? ([row.service_name, row.service_type] as [string, string])
    : undefined;
}

/**
 * Reads the account's rows in name order from the cursor, up to `upTo` when given, keeping those
 * that meet the conditions: one index range, stopped as soon as the page is full.
 */
export function rowsInOrder(
  db: Executor,
  account: string,
  query: ListQuery,
  take: number,
  upTo?: [string, string],
) {
  let q = db
    .selectFrom('service_contacts as sc')
    .innerJoin('services as s', 's.id', 'sc.service_id')
    .select(PAGE_COLUMNS)
    .where(conditions(account, query));
  if (upTo !== undefined) {
    q = q.where(sql<boolean>`(sc.service_name, sc.service_type) <= (${upTo[0]}, ${upTo[1]})`);
  }
  return q.orderBy('sc.service_name').orderBy('sc.service_type').limit(take).execute();
}

/**
 * The page's rows among the given services: each one's service_contacts row found by primary key
 * (the services first), the conditions tested, then sorted.
 */
export async function rowsOfServices(
  db: Executor,
  account: string,
  query: ListQuery,
  ids: number[],
  take: number,
) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('services as s')
    .crossJoin('service_contacts as sc')
    .select(PAGE_COLUMNS)
    .where('s.id', 'in', ids)
    .whereRef('sc.service_name', '=', 's.service_name')
    .whereRef('sc.service_type', '=', 's.service_type')
    .where(conditions(account, query))
    .orderBy('sc.service_name')
    .orderBy('sc.service_type')
    .limit(take)
    .execute();
}

/**
 * The distinct service types an account holds, for the filter of "Mes services". A loose index
 * scan (one index probe per type, on service_contacts_by_type) rather than a DISTINCT over all
 * of the account's rows: it stays instant for an account with a million services.
 */
export async function serviceTypesOf(db: Executor, account: string): Promise<string[]> {
  const result = await sql<{ t: string | null }>`
    with recursive types(t) as (
      select min(service_type) from service_contacts where account = ${account}
      union all
      select (select min(service_type) from service_contacts
              where account = ${account} and service_type > types.t)
      from types where types.t is not null
    )
    select t from types where t is not null limit 100`.execute(db);
  return result.rows.map((row) => row.t).filter((t): t is string => t !== null);
}
