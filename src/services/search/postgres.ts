import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/database/database.js';
import type { ListQuery } from '../list-query.js';
import {
  conditions,
  keyAhead,
  PAGE_COLUMNS,
  rowsInOrder,
  rowsOfServices,
  type PageRow,
} from '../listing.repository.js';
import { expectedCandidates } from './postgres-statistics.js';
import type { SearchPieces } from './search-pieces.js';

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
 * About what reading one candidate from a GIN index costs (a visit of its row in the table),
 * in rows read in name order (an index entry, its row, its name tested): 4 µs against 0.8 µs,
 * measured on PostgreSQL 15 with a million services (decision 075).
 */
export const CANDIDATE_COST = 5;

/**
 * PostgreSQL: the first `take` rows of a search's page. A GIN index answers with all its matches
 * at once, so it is asked first only for a string its statistics count rare (decision 074), and
 * otherwise once a window read in order has shown the string to be rare (decisions 071 and 075).
 */
export async function postgresSearchPage(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  pieces: SearchPieces,
  take: number,
): Promise<PageRow[]> {
  const { db } = ctx.database;
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
    asked = await candidateIds(db, account, pieces, SEARCH_INDEX_CAP + 1);
    if (asked.length <= SEARCH_INDEX_CAP) return rowsOfServices(db, account, query, asked, take);
    // More than the statistics said: read the names in order, as for a common string.
  }
  const boundary = await keyAhead(db, account, query, SEARCH_WINDOW);
  if (boundary === undefined) return rowsInOrder(db, account, query, take);
  const head = await rowsInOrder(db, account, query, take, boundary);
  if (head.length === take) return head;
  const rest = { ...query, after: boundary };
  const missing = take - head.length;
  // Sparse in the window, the string would take long to find reading on in order: the index is
  // asked for as many candidates as cost what that reading is expected to (decision 075).
  const bound = candidatesWorthReading(missing, head.length);
  if (bound > SEARCH_INDEX_CAP) {
    const tail = await pageFromIndex(db, account, rest, pieces, missing, bound);
    if (tail !== undefined) return [...head, ...tail];
  } else {
    const ids = asked ?? (await candidateIds(db, account, pieces, SEARCH_INDEX_CAP + 1));
    if (ids.length <= SEARCH_INDEX_CAP) {
      return [...head, ...(await rowsOfServices(db, account, rest, ids, missing))];
    }
  }
  return [...head, ...(await rowsInOrder(db, account, rest, missing))];
}

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

/** A key of PostgreSQL's search indexes: the account, a space, a piece (migrations 004, 006). */
function indexKey(account: string, piece: string): string {
  return `${account} ${piece}`;
}

/**
 * That a service_contacts row (as `sc`) of the account has a name holding every piece, as its
 * GIN index of the pieces' size answers it. The expression must be the index's own. Its keys
 * name the account (nichandles hold no space), so no other condition is needed, and none that
 * another index could serve.
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
 * The services of the account whose name holds every one of these pieces of the search (a
 * superset of its matches), from the GIN index of their size; no more than `cap` of them. They
 * come back as one list in one row: a thousand rows made into objects cost about five times what
 * the index spends finding them.
 */
async function candidateIds(db: Executor, account: string, search: SearchPieces, cap: number) {
  const { rows } = await sql<{ ids: string | null }>`select string_agg(id::text, ',') as ids
    from (select sc.service_id as id from service_contacts sc where ${holdsPieces(account, search)}
      limit ${cap}) found`.execute(db);
  const ids = rows[0]?.ids;
  return ids ? ids.split(',').map(Number) : [];
}

/**
 * The page among the account's names that hold every piece of the search, from the GIN index of
 * the pieces' size, when there are at most `bound` of them; undefined when there are more. One
 * statement: the index's matches (a superset of the search's) are read, at most `bound` + 1 of
 * them, then tested, sorted and cut to the page, and only the page's rows are joined to their
 * services. Its cost is that of `bound` rows at most, whatever the account holds.
 */
async function pageFromIndex(
  db: Executor,
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
    order by page.service_name, page.service_type`.execute(db);
  if ((rows[0]?.candidates ?? 0) > bound) return undefined;
  return rows.filter((row): row is typeof row & PageRow => row.service_name !== null);
}

type Nullable<T> = { [K in keyof T]: T[K] | null };
