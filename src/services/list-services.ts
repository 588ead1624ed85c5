import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import { KEY_SPAN } from '../platform/database/migrations/007-search-in-name-order.js';
import { invalidInput } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import { isRole, ROLES, type Role } from './roles.js';
import { expectedCandidates } from './search-statistics.js';
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
 * A search reads this many of the account's rows in name order before it asks a search
 * index: a string that many names contain fills the page within them (decision 067).
 */
export const SEARCH_WINDOW = 1000;
/**
 * The most candidates a search takes from a search index and sorts, unless the window showed the
 * string so sparse that reading on in order would cost more than more of them (decision 075).
 * Past it, a string is taken to be dense enough that reading the names in order finds a page.
 */
export const SEARCH_INDEX_CAP = 1000;

/**
 * One page of the services an account is a contact of, sorted by name then type (SPEC §5).
 * A keyset range over service_contacts: the cost of a page does not depend on how many
 * services the account holds. A search by part of the name reads the account's names in order
 * when the string is common among them, and takes the matches from a search index when it is
 * rare (decisions 067 and 071).
 */
export async function listServicesOf(ctx: AppContext, account: string, query: ServiceListQuery) {
  return listServices(ctx, account, parseListQuery(query));
}

/** listServicesOf, for a query already checked. */
export async function listServices(ctx: AppContext, account: string, query: ListQuery) {
  const { limit } = query;
  const rows = await pageRows(ctx, account, query, limit + 1);
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

/** The first `take` rows of the page, in order. */
async function pageRows(ctx: AppContext, account: string, query: ListQuery, take: number) {
  const pieces = query.search === undefined ? undefined : piecesOf(query.search);
  if (pieces === undefined) return rowsInOrder(ctx, account, query, take);
  // SQLite's indexes list the names in the listing's order: the page is read from them and the
  // walk stops when it is full (decision 073). A GIN index answers with all its matches at once,
  // so PostgreSQL asks it first only for a string its statistics count rare (decision 074), and
  // otherwise once the window has shown the string to be rare (decisions 071 and 075).
  if (ctx.database.dialect === 'sqlite') return rowsFromIndex(ctx, account, query, pieces, take);
  // A string whose rarest piece ANALYZE expects in at most the cap's number of rows is asked of
  // the index first: its candidates are few whatever the account holds.
  const expected = await expectedCandidates(
    ctx.database,
    pieces.size,
    pieces.pieces.map((piece) => indexKey(account, piece)),
    ctx.clock.now(),
  );
  let asked: number[] | undefined;
  if (expected !== undefined && expected <= SEARCH_INDEX_CAP) {
    asked = await candidateIds(ctx, account, pieces, SEARCH_INDEX_CAP + 1);
    if (asked.length <= SEARCH_INDEX_CAP) return rowsOfServices(ctx, account, query, asked, take);
    // More than the statistics said: read the names in order, as for a common string.
  }
  const boundary = await keyAhead(ctx, account, query, SEARCH_WINDOW);
  if (boundary === undefined) return rowsInOrder(ctx, account, query, take);
  const head = await rowsInOrder(ctx, account, query, take, boundary);
  if (head.length === take) return head;
  const rest = { ...query, after: boundary };
  const missing = take - head.length;
  // Sparse in the window, the string would take long to find reading on in order: the index is
  // asked for as many candidates as cost what that reading is expected to (decision 075).
  const bound = candidatesWorthReading(missing, head.length);
  if (bound > SEARCH_INDEX_CAP) {
    const tail = await pageFromIndex(ctx, account, rest, pieces, missing, bound);
    if (tail !== undefined) return [...head, ...tail];
  } else {
    const ids = asked ?? (await candidateIds(ctx, account, pieces, SEARCH_INDEX_CAP + 1));
    if (ids.length <= SEARCH_INDEX_CAP) {
      return [...head, ...(await rowsOfServices(ctx, account, rest, ids, missing))];
    }
  }
  return [...head, ...(await rowsInOrder(ctx, account, rest, missing))];
}

/**
 * About what reading one candidate from a GIN index costs (a visit of its row in the table),
 * in rows read in name order (an index entry, its row, its name tested): 4 µs against 0.8 µs,
 * measured on PostgreSQL 15 with a million services (decision 075).
 */
export const CANDIDATE_COST = 5;

/**
 * How many candidates are worth reading from the index to find the `missing` rows of a page,
 * once the window held `found` matches in its SEARCH_WINDOW rows: as many as cost what reading
 * on in order is expected to, at the window's density, and never fewer than the cap. A window
 * without a match says nothing of the density further on (the matches may begin just after it),
 * so then the cap.
 */
export function candidatesWorthReading(missing: number, found: number): number {
  if (found === 0) return SEARCH_INDEX_CAP;
  const rowsToRead = (missing * SEARCH_WINDOW) / found;
  return Math.max(SEARCH_INDEX_CAP, Math.floor(rowsToRead / CANDIDATE_COST));
}

/** What a search asks a search index for: the distinct pieces of one length, lower-cased. */
interface SearchPieces {
  /** 5: the five-gram index of migration 006; 3: the trigram index of migration 004. */
  size: 3 | 5;
  pieces: string[];
}

/**
 * The pieces of a search: its five-grams when it has five characters or more (each is rarer
 * among the names than the trigrams it holds, decision 071), else its trigrams; undefined when no
 * index can serve it: fewer than three characters, or any character beyond ASCII (SQLite's
 * lower() folds ASCII only, and the index must find every name the search's own test accepts).
 */
function piecesOf(search: string): SearchPieces | undefined {
  // eslint-disable-next-line no-control-regex
  if (search.length < 3 || !/^[\u0000-\u007f]*$/.test(search)) return undefined;
  const lower = search.toLowerCase();
  const size = lower.length >= 5 ? 5 : 3;
  const pieces = new Set<string>();
  for (let i = 0; i + size <= lower.length; i++) pieces.add(lower.slice(i, i + size));
  return { size, pieces: [...pieces] };
}

/**
 * The conditions a row of service_contacts (as `sc`) meets to be on the page: the account, the
 * type and role filters, the search (unless left out) and the cursor.
 */
function conditions(account: string, query: ListQuery, withSearch = true) {
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
async function keyAhead(ctx: AppContext, account: string, query: ListQuery, n: number) {
  const rows = await ctx.database.db
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

const PAGE_COLUMNS = [
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

/**
 * Reads the account's rows in name order from the cursor, up to `upTo` when given, keeping those
 * that meet the conditions: one index range, stopped as soon as the page is full.
 */
function rowsInOrder(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  take: number,
  upTo?: [string, string],
) {
  let q = ctx.database.db
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
 * SQLite: the page read from the search index of the pieces' size, whose rowids rise with the
 * names within an account (migration 007). FTS5 walks the lists of the pieces in rowid order
 * from the cursor's place, each entry joined to its row by search_key and tested, and stops at
 * `take` rows: the cost is the page and the entries passed on the way, whatever the account holds.
 */
async function rowsFromIndex(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  search: SearchPieces,
  take: number,
) {
  const { size, pieces } = search;
  // The five-gram table holds each piece as the hex of its bytes (migration 006); the trigram
  // table, the text itself.
  const [table, terms] =
    size === 5
      ? [sql.raw('service_search_fivegrams'), pieces.map((p) => Buffer.from(p).toString('hex'))]
      : [sql.raw('service_search'), pieces.map((p) => `"${p.replace(/"/g, '""')}"`)];
  const { after } = query;
  const start =
    after === undefined
      ? sql`a.number * ${sql.lit(KEY_SPAN)}`
      : sql`(select search_key from service_contacts where account = ${account}
          and (service_name, service_type) > (${after[0]}, ${after[1]})
          order by service_name, service_type limit 1)`;
  // CROSS JOIN fixes SQLite's join order: the account's number, the index in rowid order, then
  // each entry's row and its service by key. The start is the cursor: testing it on the row as
  // well made the planner read the account's rows by name instead (9 s, measured).
  const { rows } = await sql<PageRow>`select ${sql.join(PAGE_COLUMNS.map((c) => sql.ref(c)))}
    from service_search_accounts a cross join ${table} f
      cross join service_contacts sc indexed by service_contacts_search_key cross join services s
    where a.account = ${account}
      and f.${table} match ${terms.join(' AND ')}
      and f.rowid >= ${start} and f.rowid < a.number * ${sql.lit(KEY_SPAN)} + ${sql.lit(KEY_SPAN)}
      and sc.search_key = f.rowid and ${conditions(account, { ...query, after: undefined })}
      and s.id = sc.service_id
    order by f.rowid
    limit ${take}`.execute(ctx.database.db);
  return rows;
}

/** A row of a page: the service, and the roles the account holds in it. */
type PageRow = Awaited<ReturnType<typeof rowsInOrder>>[number];

/** A key of PostgreSQL's search indexes: the account, a space, a piece (migrations 004, 006). */
function indexKey(account: string, piece: string): string {
  return `${account} ${piece}`;
}

/**
 * PostgreSQL: that a service_contacts row (as `sc`) of the account has a name holding every piece,
 * as its GIN index of the pieces' size answers it. The expression must be the index's own. Its
 * keys name the account (nichandles hold no space), so no other condition is needed, and none
 * that another index could serve.
 */
function holdsPieces(account: string, search: SearchPieces) {
  const keys = sql`${search.pieces.map((piece) => indexKey(account, piece))}::text[]`;
  const indexed =
    search.size === 5
      ? sql`service_name_fivegrams(sc.account, lower(sc.service_name))`
      : sql`service_name_trigrams(sc.account, lower(sc.service_name))`;
  return sql<boolean>`${indexed} @> ${keys}`;
}

/**
 * PostgreSQL: the services of the account whose name holds every one of these pieces of the
 * search (a superset of its matches), from the GIN index of their size; no more than `cap` of
 * them. They come back as one list in one row: a thousand rows made into objects cost about five
 * times what the index spends finding them.
 */
async function candidateIds(ctx: AppContext, account: string, search: SearchPieces, cap: number) {
  const { rows } = await sql<{ ids: string | null }>`select string_agg(id::text, ',') as ids
    from (select sc.service_id as id from service_contacts sc where ${holdsPieces(account, search)}
      limit ${cap}) found`.execute(ctx.database.db);
  const ids = rows[0]?.ids;
  return ids ? ids.split(',').map(Number) : [];
}

/**
 * The page's rows among the given services: each one's service_contacts row found by primary key
 * (the services first), the conditions tested, then sorted.
 */
async function rowsOfServices(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  ids: number[],
  take: number,
) {
  if (ids.length === 0) return [];
  return ctx.database.db
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
 * PostgreSQL: the page among the account's names that hold every piece of the search, from the
 * GIN index of the pieces' size, when there are at most `bound` of them; undefined when there are
 * more. One statement: the index's matches (a superset of the search's) are read, at most
 * `bound` + 1 of them, then tested, sorted and cut to the page, and only the page's rows are
 * joined to their services. Its cost is that of `bound` rows at most, whatever the account holds.
 */
async function pageFromIndex(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  search: SearchPieces,
  take: number,
  bound: number,
): Promise<PageRow[] | undefined> {
  const columns = sql.join(PAGE_COLUMNS.map((c) => sql.ref(c)));
  // The count comes back even when no candidate is on the page: one row of it, left-joined to
  // the page's.
  const { rows } = await sql<{ candidates: number } & Nullable<PageRow>>`
    with candidates as materialized (
      select sc.* from service_contacts sc where ${holdsPieces(account, search)} limit ${bound + 1}
    )
    select counted.candidates, page.* from (select count(*)::int as candidates from candidates) counted
    left join lateral (
      select ${columns} from (
        select * from candidates sc where ${conditions(account, query)}
        order by sc.service_name, sc.service_type limit ${take}
      ) sc join services s on s.id = sc.service_id
    ) page on true
    order by page.service_name, page.service_type`.execute(ctx.database.db);
  if ((rows[0]?.candidates ?? 0) > bound) return undefined;
  return rows.filter((row): row is typeof row & PageRow => row.service_name !== null);
}

type Nullable<T> = { [K in keyof T]: T[K] | null };
