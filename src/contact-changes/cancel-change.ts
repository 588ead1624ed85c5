import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { currentAdminOf } from './change.repository.js';
import { factsOf, mayCancel } from './change.policy.js';
import { closeChange } from './close-change.js';
import { loadForValidator, parseRequestId } from './load-for-validator.js';

/**
 * "Annuler la demande" (R15): the asker, or the current admin of the service, ends an open
 * request; every party is told.
 */
export async function cancelChange(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<void> {
  const id = parseRequestId(idInput);
  await ctx.database.db.transaction().execute(async (trx) => {
    const { change } = await loadForValidator(ctx, trx, caller, id);
    const admin =
      change.asking_account === caller ? undefined : await currentAdminOf(trx, change.service_id);
    if (!mayCancel(factsOf(change, []), caller, admin)) {
      throw new DomainError(
        'NOT_ALLOWED',
        `only ${change.asking_account}, who asked, or the admin of ${change.service_name} may cancel request ${id}`,
      );
    }
    if (!(await closeChange(trx, ctx, change, { to: 'aborted', actor: caller }))) {
      throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
    }
  });
}
