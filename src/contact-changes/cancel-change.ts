import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { moveState, partiesOf, releaseRoles } from './change.repository.js';
import { loadForValidator, parseRequestId } from './load-for-validator.js';
import { announce, emailAccounts } from './notify.js';

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
    const now = ctx.clock.now();
    if (!(await moveState(trx, id, 'validatingByCustomers', 'aborted', { date_done: now }))) {
      throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
    }
    await releaseRoles(trx, id);
    const aborted = { ...change, state: 'aborted' as const, date_done: now };
    await recordEvent(trx, ctx, {
      event: 'request.cancelled',
      actor: caller,
      requestId: id,
      serviceId: change.service_id,
    });
    await emailAccounts(trx, ctx, aborted, 'request-aborted', partiesOf(change), { actor: caller });
    await announce(trx, ctx, 'request.aborted', aborted, { by: caller });
  });
}
