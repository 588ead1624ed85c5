import type { AppContext } from '../platform/context.js';
import { invalidInput } from '../shared/errors.js';
import { getChanges, parseChangeFilter, type ChangeListQuery } from './get-change.js';
import { changeIdsPageSeenBy, countChangesSeenBy } from './change-list.repository.js';
import type { ChangeView } from './change.presenter.js';

/** OVH's default page size (its panel's helpers send 5000 when they name none), and our cap. */
export const PAGE_SIZE_MAX = 5000;

export interface ChangesPage {
  items: ChangeView[];
  /** Every request the filters select, on all pages: OVH's X-Pagination-Elements. */
  total: number;
  number: number;
  size: number;
}

function pageInteger(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw invalidInput(`${name} must be a whole number from 1 to ${max}`);
  }
  return number;
}

/**
 * One page of full requests, newest first, as OVH's CachedObjectList-Pages mode serves them
 * (SPEC §10): page `number` (1-based) of `size` objects, and how many there are in all. A page
 * past the end is empty. Same visibility and filters as the plain id list.
 */
export async function listChangesPage(
  ctx: AppContext,
  caller: string,
  query: ChangeListQuery,
  page: { number?: unknown; size?: unknown },
): Promise<ChangesPage> {
  const filter = parseChangeFilter(query);
  const size = pageInteger(page.size, 'X-Pagination-Size', PAGE_SIZE_MAX, PAGE_SIZE_MAX);
  const number = pageInteger(page.number, 'X-Pagination-Number', 1, 1_000_000);
  const db = ctx.database.db;
  const total = await countChangesSeenBy(db, caller, filter);
  const offset = (number - 1) * size;
  if (offset >= total) return { items: [], total, number, size };
  const ids = await changeIdsPageSeenBy(db, caller, filter, size, offset);
  const items = await getChanges(ctx, caller, ids);
  return { items, total, number, size };
}
