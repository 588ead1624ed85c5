import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { CHANGE_STATES, type ChangeState } from '../platform/database/schema.js';
import { CONTACT_TYPE, CONTACT_TYPES, decodeRoles, type ContactType } from '../services/roles.js';
import { invalidInput } from '../shared/errors.js';
import { getChanges, parseChangeFilter } from './get-change.js';
import { batchLineRows, changeLineKeys } from './change-list.repository.js';
import type { ChangeView } from './change.presenter.js';
import { inChunks } from './batch.repository.js';
import { parseRequestId } from './load-for-validator.js';

/** A bulk change (R22) as one line of "Mes demandes": what its requests are, in a few words. */
export interface BatchLine {
  batchId: number;
  /** Requests of the batch the caller is a party to (what the batch page shows). */
  count: number;
  /** When the batch was asked (its first request). */
  dateRequest: string;
  /** The contacts its requests take roles from, the first few, and how many more. */
  fromAccounts: { first: string[]; more: number };
  /** The contacts it names (one per role at most). */
  toAccounts: string[];
  contactTypes: ContactType[];
  serviceCount: number;
  /** Its first services, in the order they were asked. */
  firstServices: { serviceType: string; serviceName: string }[];
  /** How many requests are in each state, in the order of SPEC §3. */
  states: { state: ChangeState; count: number }[];
  /** Requests still waiting for the caller's own answer. */
  awaitingCaller: number;
}

/**
 * A line of "Mes demandes": a request made alone, or a whole batch. `key` places it in the list,
 * newest first: the request's id, or the newest id of the batch's requests the filter selects.
 */
export type ChangeLine =
  | { kind: 'request'; key: number; view: ChangeView }
  | { kind: 'batch'; key: number; batch: BatchLine };

export interface ChangeLinesQuery {
  state?: unknown;
  /** The key of the last line shown: the page continues below it. */
  before?: unknown;
  limit?: number;
}

const FIRST_SERVICES = 2;
const FIRST_FROM = 2;

/**
 * One page of "Mes demandes" (SPEC §6, R22): the requests the caller sees (R1) that the state
 * filter selects, a batch's requests folded into one line. A batch line appears when any of its
 * requests matches; a request of a batch the caller only sees as its service's admin stays a line
 * of its own, since the batch page (getBatch) shows the batch to its parties only. Pages are
 * keyset-paged on the lines' keys, so the next page starts below the last line shown, whatever
 * the size of the batches on it. The JSON API's id list (listChangeIds) is untouched.
 */
/** `next`: the key to continue below (the last line's), or null on the last page. */
export async function listChangeLines(
  ctx: AppContext,
  caller: string,
  query: ChangeLinesQuery,
): Promise<{ lines: ChangeLine[]; next: number | null }> {
  const filter = parseChangeFilter({ state: query.state });
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalidInput('limit must be from 1 to 500');
  const before =
    query.before === undefined || query.before === '' ? undefined : parseRequestId(query.before);
  const db = ctx.database.db;
  const rows = await changeLineKeys(db, caller, filter, before, limit + 1);
  const page = rows.slice(0, limit).map((r) => ({
    key: Number(r.key),
    batchId: r.line_batch === null ? null : Number(r.line_batch),
  }));

  const requestIds = page.filter((l) => l.batchId === null).map((l) => l.key);
  const batchIds = page.flatMap((l) => (l.batchId === null ? [] : [l.batchId]));
  const views = new Map((await getChanges(ctx, caller, requestIds)).map((v) => [v.id, v]));
  const batches = await describeBatches(db, caller, batchIds, ctx.clock.now());
  const result: ChangeLine[] = page.flatMap((line): ChangeLine[] => {
    if (line.batchId === null) {
      const view = views.get(line.key);
      return view ? [{ kind: 'request', key: line.key, view }] : [];
    }
    const batch = batches.get(line.batchId);
    return batch ? [{ kind: 'batch', key: line.key, batch }] : [];
  });
  const next = rows.length > limit ? (page[page.length - 1]?.key ?? null) : null;
  return { lines: result, next };
}

/** The few words of each batch's line, read with grouped queries (a batch holds up to 3,000). */
async function describeBatches(
  db: Executor,
  caller: string,
  batchIds: number[],
  now: number,
): Promise<Map<number, BatchLine>> {
  const found = new Map<number, BatchLine>();
  for (const part of inChunks(batchIds, 100)) {
    const { totals, states, froms, tos, firsts, awaiting } = await batchLineRows(
      db,
      caller,
      part,
      FIRST_SERVICES,
      now,
    );
    for (const total of totals) {
      const batchId = Number(total.batch_id);
      const mine = <T extends { batch_id: number | null }>(rows: T[]) =>
        rows.filter((r) => Number(r.batch_id) === batchId);
      const fromRows = mine(froms).sort((a, b) => Number(a.first) - Number(b.first));
      const toRows = mine(tos);
      const roles = new Set(
        toRows.flatMap((r) => decodeRoles(r.roles).map((x) => CONTACT_TYPE[x])),
      );
      const counts = new Map(mine(states).map((s) => [s.state, Number(s.count)]));
      found.set(batchId, {
        batchId,
        count: Number(total.count),
        dateRequest: new Date(Number(total.date_request)).toISOString(),
        fromAccounts: {
          first: fromRows.slice(0, FIRST_FROM).map((r) => r.from_account),
          more: Math.max(0, fromRows.length - FIRST_FROM),
        },
        toAccounts: [...new Set(toRows.map((r) => r.to_account))].sort(),
        contactTypes: CONTACT_TYPES.filter((type) => roles.has(type)),
        serviceCount: Number(total.services),
        firstServices: mine(firsts).map((r) => ({
          serviceType: r.service_type,
          serviceName: r.service_name,
        })),
        states: CHANGE_STATES.flatMap((state) =>
          counts.has(state) ? [{ state, count: counts.get(state)! }] : [],
        ),
        awaitingCaller: Number(mine(awaiting)[0]?.count ?? 0),
      });
    }
  }
  return found;
}
