import type { Executor } from '../platform/database/database.js';
import { inChunks } from './batch.repository.js';
import type { ContactChange } from './change.repository.js';
import { canMove, type ChangeState } from './states.js';

/**
 * The transitions of SPEC §3, one named function each. Every one checks the table of states.ts
 * and moves the request only if it is still in the expected state: `UPDATE … WHERE state = from`,
 * whose row count says whether this caller won a race (false: someone else moved it first).
 */

/** All validators accepted: the worker will apply it (R12). */
export function startApplying(trx: Executor, id: number): Promise<boolean> {
  return moveState(trx, id, 'validatingByCustomers', 'doing');
}

/** Applied (R12, R13). */
export function markDone(trx: Executor, id: number, now: number): Promise<boolean> {
  return moveState(trx, id, 'doing', 'done', { date_done: now });
}

/** R13's re-checks failed: ends in `error` with the reason. */
export function markFailed(
  trx: Executor,
  id: number,
  now: number,
  reason: string,
): Promise<boolean> {
  return moveState(trx, id, 'doing', 'error', { date_done: now, error_reason: reason });
}

/** A validator refused (R11). */
export function refuse(trx: Executor, id: number, now: number): Promise<boolean> {
  return moveState(trx, id, 'validatingByCustomers', 'refused', { date_done: now });
}

/** Cancelled (R15), or ended by the provider. */
export function abort(trx: Executor, id: number, now: number): Promise<boolean> {
  return moveState(trx, id, 'validatingByCustomers', 'aborted', { date_done: now });
}

/** Its time is up (R16). */
export function expire(trx: Executor, id: number, now: number): Promise<boolean> {
  return moveState(trx, id, 'validatingByCustomers', 'expired', { date_done: now });
}

// The same transitions for the requests of a batch (R22), a thousand per statement: each
// request moves only if it is still in the expected state, and the ids that moved come back.

/** Those of these requests whose every validator has accepted go to `doing` (R12). */
export function startApplyingMany(trx: Executor, ids: number[]): Promise<number[]> {
  return moveMany(trx, ids, 'validatingByCustomers', 'doing', { onlyIfAllAccepted: true });
}

/** A validator refused these requests (R11). */
export function refuseMany(trx: Executor, ids: number[], now: number): Promise<number[]> {
  return moveMany(trx, ids, 'validatingByCustomers', 'refused', { date_done: now });
}

/**
 * The conditional move of many requests at once: only those still in `from` move, and the ids
 * that did come back (the batch form of moveState's row count). `onlyIfAllAccepted` keeps the
 * move to `doing` to requests whose every validator has accepted (R12).
 */
async function moveMany(
  trx: Executor,
  ids: number[],
  from: ChangeState,
  to: ChangeState,
  extra: { date_done?: number; onlyIfAllAccepted?: boolean } = {},
): Promise<number[]> {
  if (!canMove(from, to)) throw new Error(`no transition from ${from} to ${to}`);
  const moved: number[] = [];
  for (const part of inChunks(ids)) {
    let query = trx
      .updateTable('contact_changes')
      .set({ state: to, ...(extra.date_done === undefined ? {} : { date_done: extra.date_done }) })
      .where('id', 'in', part)
      .where('state', '=', from);
    if (extra.onlyIfAllAccepted) {
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('validations')
              .select('validations.request_id')
              .whereRef('validations.request_id', '=', 'contact_changes.id')
              .where('validations.status', '<>', 'accepted'),
          ),
        ),
      );
    }
    const rows = await query.returning('id').execute();
    moved.push(...rows.map((r) => Number(r.id)));
  }
  return moved.sort((a, b) => a - b);
}

async function moveState(
  trx: Executor,
  id: number,
  from: ChangeState,
  to: ChangeState,
  extra: Partial<Pick<ContactChange, 'date_done' | 'error_reason'>> = {},
): Promise<boolean> {
  // A move the table forbids is a bug in this file, not a race: fail loudly.
  if (!canMove(from, to)) throw new Error(`a request cannot move from ${from} to ${to}`);
  const result = await trx
    .updateTable('contact_changes')
    .set({ state: to, ...extra })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
