import type { AppContext } from '../../platform/context.js';
import type { ListQuery } from '../list-query.js';
import { rowsInOrder, type PageRow } from '../listing.repository.js';
import { postgresSearchPage } from './postgres.js';
import { piecesOf } from './search-pieces.js';
import { sqliteSearchPage } from './sqlite.js';

/**
 * The first `take` rows of a listing's page. Without a search, or with one no index can serve,
 * the account's rows are read in name order. Otherwise each database has its way (decisions 067
 * and 071; docs/search.md): SQLite's indexes list the names in the listing's order, so the page
 * is read from them and the walk stops when it is full (decision 073); PostgreSQL's GIN indexes
 * answer with all their matches at once, so they are asked only when the string is rare.
 */
export async function searchPage(
  ctx: AppContext,
  account: string,
  query: ListQuery,
  take: number,
): Promise<PageRow[]> {
  const pieces = query.search === undefined ? undefined : piecesOf(query.search);
  if (pieces === undefined) return rowsInOrder(ctx.database.db, account, query, take);
  switch (ctx.database.dialect) {
    case 'sqlite':
      return sqliteSearchPage(ctx.database.db, account, query, pieces, take);
    case 'postgres':
      return postgresSearchPage(ctx, account, query, pieces, take);
  }
}
