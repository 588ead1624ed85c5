import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { closeChange } from './close-change.js';
import { loadForValidator, parseRequestId } from './load-for-validator.js';

/** "Annuler la demande" (R15): the asker ends its open request; every party is told. */
export async function cancelChange(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<void> {
  const id = parseRequestId(idInput);
  await ctx.database.db.transaction().execute(async (trx) => {
    const { change } = await loadForValidator(ctx, trx, caller, id);
    if (change.asking_account !== caller) {
      throw new DomainError(
        'NOT_ALLOWED',
        `only ${change.asking_account}, who asked, may cancel request ${id}`,
      );
    }
    if (!(await closeChange(trx, ctx, change, { to: 'aborted', actor: caller }))) {
      throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
    }
  });
}
