import type { Executor } from '../platform/database/database.js';
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
