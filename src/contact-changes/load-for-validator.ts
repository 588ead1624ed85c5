import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError, notFound } from '../shared/errors.js';
import { parsePositiveId } from '../shared/validate.js';
import {
  isInvolved,
  lockChange,
  type ContactChange,
  type Validation,
} from './change.repository.js';

export function parseRequestId(value: unknown): number {
  try {
    return parsePositiveId(value, 'request id');
  } catch {
    throw notFound('No such request');
  }
}

/**
 * Loads an open request and the caller's own validation, locking the request: the checks shared
 * by accept, refuse and resend, in the order that reveals least (R1 first).
 */
export async function loadForValidator(
  ctx: AppContext,
  trx: Executor,
  caller: string,
  id: number,
): Promise<{ change: ContactChange; mine: Validation | undefined; all: Validation[] }> {
  const change = await lockChange(ctx.database, trx, id);
  if (!change || !isInvolved(change, caller)) throw notFound('No such request');
  const all = await trx
    .selectFrom('validations')
    .selectAll()
    .where('request_id', '=', id)
    .execute();
  const mine = all.find((v) => v.account === caller);
  if (change.state !== 'validatingByCustomers' || change.expires_at <= ctx.clock.now()) {
    throw new DomainError(
      'TASK_NOT_PENDING',
      `request ${id} is ${change.state === 'validatingByCustomers' ? 'expired' : change.state}`,
    );
  }
  return { change, mine, all };
}

export function requireValidator(mine: Validation | undefined, id: number): Validation {
  if (!mine) throw new DomainError('NOT_ALLOWED', `you are not asked to validate request ${id}`);
  return mine;
}
