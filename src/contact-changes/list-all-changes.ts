import { parseNichandle } from '../accounts/nichandle.js';
import type { AppContext } from '../platform/context.js';
import { invalidInput } from '../shared/errors.js';
import { parsePositiveId, parseText } from '../shared/validate.js';
import { parseServiceType } from '../services/service-names.js';
import { presentChange, type ChangeView } from './change.presenter.js';
import { allChangesPage, validationsOfRequests } from './change-list.repository.js';
import { isChangeState } from './states.js';

export interface AllChangesQuery {
  state?: unknown;
  account?: unknown;
  serviceType?: unknown;
  serviceName?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

const given = (value: unknown) => value !== undefined && value !== '';

function parseLimit(value: unknown): number {
  if (!given(value)) return 50;
  const n = typeof value === 'string' && /^[0-9]{1,4}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 500)
    throw invalidInput('limit must be a whole number from 1 to 500');
  return n;
}

/**
 * GET /api/admin/contactChanges: every request of the platform, newest first, filtered by state,
 * by an account that is a party of it (asker, old or new contact), by service type and name.
 * The cursor is the id the next page continues below: ids never change, so a page is stable.
 */
export async function listAllChanges(
  ctx: AppContext,
  query: AllChangesQuery,
): Promise<{ items: ChangeView[]; nextCursor: string | null }> {
  const state = given(query.state) ? query.state : undefined;
  if (state !== undefined && !isChangeState(state))
    throw invalidInput('state is not a request state');
  const account = given(query.account) ? parseNichandle(query.account, 'account') : undefined;
  const serviceType = given(query.serviceType) ? parseServiceType(query.serviceType) : undefined;
  const serviceName = given(query.serviceName)
    ? parseText(query.serviceName, 'serviceName', 255)
    : undefined;
  const limit = parseLimit(query.limit);
  let before: number | undefined;
  if (given(query.cursor)) {
    try {
      before = parsePositiveId(query.cursor, 'cursor');
    } catch {
      throw invalidInput('cursor must be the nextCursor of a previous page');
    }
  }

  const db = ctx.database.db;
  const rows = await allChangesPage(
    db,
    { state, account, serviceType, serviceName },
    before,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const ids = page.map((row) => row.id);
  const validations = ids.length === 0 ? [] : await validationsOfRequests(db, ids);
  return {
    items: page.map((change) =>
      presentChange(
        change,
        validations.filter((v) => Number(v.request_id) === Number(change.id)),
      ),
    ),
    nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
  };
}
