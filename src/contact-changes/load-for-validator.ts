import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError, notFound } from '../shared/errors.js';
import { parsePositiveId } from '../shared/validate.js';
import {
  currentAdminOf,
  lockChange,
  validationRowsOf,
  type ContactChange,
  type Validation,
} from './change.repository.js';
import { factsOf, isParty, maySee, type RequestFacts } from './change.policy.js';

export function parseRequestId(value: unknown): number {
  try {
    return parsePositiveId(value, 'request id');
  } catch {
    throw notFound('No such request');
  }
}

export interface LoadedRequest {
  change: ContactChange;
  /** The caller's own validation, if it is a validator. */
  mine: Validation | undefined;
  all: Validation[];
  /** What the policy reads (change.policy.ts). */
  facts: RequestFacts;
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
): Promise<LoadedRequest> {
  const change = await lockChange(ctx.database, trx, id);
  if (!change) throw notFound('No such request');
  const parties = factsOf(change, []);
  // R1: the admin is read only for a caller that is no party (a party sees it anyway).
  const admin = isParty(parties, caller) ? undefined : await currentAdminOf(trx, change.service_id);
  if (!maySee(parties, caller, admin)) throw notFound('No such request');
  const all = await validationRowsOf(trx, id);
  const mine = all.find((v) => v.account === caller);
  if (change.state !== 'validatingByCustomers' || change.expires_at <= ctx.clock.now()) {
    throw new DomainError(
      'TASK_NOT_PENDING',
      `request ${id} is ${change.state === 'validatingByCustomers' ? 'expired' : change.state}`,
    );
  }
  return { change, mine, all, facts: factsOf(change, all) };
}
