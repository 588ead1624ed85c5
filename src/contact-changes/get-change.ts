import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { ChangeState } from '../platform/database/schema.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { findChange, isInvolved, validationsOf } from './change.repository.js';
import { presentChange, type ChangeView } from './change.presenter.js';
import { isChangeState } from './states.js';
import { parseRequestId } from './load-for-validator.js';

/** One request as its parties see it (R1: asker, old or new contact; anyone else: NOT_FOUND). */
export async function getChange(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<ChangeView> {
  const id = parseRequestId(idInput);
  const change = await findChange(ctx.database.db, id);
  if (!change || !isInvolved(change, caller)) throw notFound('No such request');
  return presentChange(change, await validationsOf(ctx.database.db, id));
}

export interface ChangeListQuery {
  state?: unknown;
  askingAccount?: unknown;
  toAccount?: unknown;
  /** Extension: page size (1–500, default 500) and the id to continue below. */
  limit?: unknown;
  before?: unknown;
}

export interface ChangeFilter {
  state?: ChangeState;
  askingAccount?: string;
  toAccount?: string;
}

/** The filters of GET /me/task/contactChange (state, askingAccount, toAccount), checked. */
export function parseChangeFilter(query: ChangeListQuery): ChangeFilter {
  const state = query.state === undefined || query.state === '' ? undefined : query.state;
  if (state !== undefined && !isChangeState(state))
    throw invalidInput('state is not a request state');
  return {
    state,
    askingAccount: query.askingAccount
      ? parseNichandle(query.askingAccount, 'askingAccount')
      : undefined,
    toAccount: query.toAccount ? parseNichandle(query.toAccount, 'toAccount') : undefined,
  };
}

/** The requests the caller is asker, old or new contact of, filtered; no columns chosen yet. */
export function involvedChanges(db: Executor, caller: string, filter: ChangeFilter) {
  let q = db
    .selectFrom('contact_changes')
    .where((eb) =>
      eb.or([
        eb('asking_account', '=', caller),
        eb('from_account', '=', caller),
        eb('to_account', '=', caller),
      ]),
    );
  if (filter.state !== undefined) q = q.where('state', '=', filter.state);
  if (filter.askingAccount !== undefined)
    q = q.where('asking_account', '=', filter.askingAccount);
  if (filter.toAccount !== undefined) q = q.where('to_account', '=', filter.toAccount);
  return q;
}

/** Ids of the requests the caller is involved in, newest first (GET /me/task/contactChange). */
export async function listChangeIds(
  ctx: AppContext,
  caller: string,
  query: ChangeListQuery,
): Promise<number[]> {
  const filter = parseChangeFilter(query);
  const limit = query.limit === undefined ? 500 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalidInput('limit must be from 1 to 500');
  const before = query.before === undefined ? undefined : parseRequestId(query.before);

  let q = involvedChanges(ctx.database.db, caller, filter).select('id');
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => Number(r.id));
}

/** Several requests at once, for pages that show a list (same visibility as getChange). */
export async function getChanges(
  ctx: AppContext,
  caller: string,
  ids: number[],
): Promise<ChangeView[]> {
  if (ids.length === 0) return [];
  const db = ctx.database.db;
  const changes = await db
    .selectFrom('contact_changes')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id', 'desc')
    .execute();
  const validations = await db
    .selectFrom('validations')
    .selectAll()
    .where('request_id', 'in', ids)
    .execute();
  return changes
    .filter((c) => isInvolved(c, caller))
    .map((c) =>
      presentChange(
        c,
        validations.filter((v) => Number(v.request_id) === Number(c.id)),
      ),
    );
}
