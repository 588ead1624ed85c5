import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { currentAdminOf, currentAdmins, findChange, validationsOf } from './change.repository.js';
import { presentChange, type ChangeView } from './change.presenter.js';
import { actionsOn, factsOf, isPartyTo, maySee, type RequestActions } from './change.policy.js';
import { isChangeState } from './states.js';
import {
  changeIdsSeenBy,
  changesByIds,
  validationsOfRequests,
  type ChangeFilter,
} from './change-list.repository.js';
import { parseRequestId } from './load-for-validator.js';

/** The request, if the caller may see it (R1), with the current admin of its service. */
async function readVisible(db: Executor, caller: string, idInput: unknown) {
  const id = parseRequestId(idInput);
  const change = await findChange(db, id);
  if (!change) throw notFound('No such request');
  // The admin is read only when needed: for a party, to know whether it may also cancel.
  const admin =
    change.asking_account === caller ? undefined : await currentAdminOf(db, change.service_id);
  if (!maySee(factsOf(change, []), caller, admin)) throw notFound('No such request');
  return { change, admin, validations: await validationsOf(db, id) };
}

/** One request as those who see it see it (R1: a party or the service's admin; else NOT_FOUND). */
export async function getChange(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<ChangeView> {
  const { change, validations } = await readVisible(ctx.database.db, caller, idInput);
  return presentChange(change, validations);
}

/** One request and what the caller may do with it (R10, R14, R15): the pages' buttons. */
export async function getChangeWithActions(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<{ view: ChangeView; actions: RequestActions }> {
  const { change, admin, validations } = await readVisible(ctx.database.db, caller, idInput);
  return {
    view: presentChange(change, validations),
    actions: actionsOn(factsOf(change, validations), caller, admin, ctx.clock.now()),
  };
}

export interface ChangeListQuery {
  state?: unknown;
  askingAccount?: unknown;
  toAccount?: unknown;
  /** Extension: page size (1–500, default 500) and the id to continue below. */
  limit?: unknown;
  before?: unknown;
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

/** Ids of the requests the caller sees, newest first (GET /me/task/contactChange). */
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

  return changeIdsSeenBy(ctx.database.db, caller, filter, before, limit);
}

/** Several requests at once, for pages that show a list (same visibility as getChange). */
export async function getChanges(
  ctx: AppContext,
  caller: string,
  ids: number[],
): Promise<ChangeView[]> {
  if (ids.length === 0) return [];
  const db = ctx.database.db;
  const changes = await changesByIds(db, ids);
  const admins = await currentAdmins(
    db,
    changes.filter((c) => !isPartyTo(c, caller)).map((c) => c.service_id),
  );
  const visible = changes.filter((c) =>
    maySee(factsOf(c, []), caller, admins.get(Number(c.service_id))),
  );
  if (visible.length === 0) return [];
  const validations = await validationsOfRequests(
    db,
    visible.map((c) => c.id),
  );
  return visible.map((c) =>
    presentChange(
      c,
      validations.filter((v) => Number(v.request_id) === Number(c.id)),
    ),
  );
}
