import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { closeEmailChange, effectiveState, findEmailChange } from './email-change.repository.js';
import { announceEmailChange } from './notify.js';

/**
 * The account gives up its pending e-mail change without the code (it typed a wrong address, the
 * code never came): `aborted`, the address stays as it is.
 */
export async function abandonEmailChange(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<void> {
  const ended = await ctx.database.db.transaction().execute(async (trx) => {
    const change = await findEmailChange(trx, caller, idInput);
    const now = ctx.clock.now();
    if (effectiveState(change, now) !== 'todo') return false;
    if (!(await closeEmailChange(trx, change.id, 'aborted', now))) return false;
    await recordEvent(trx, ctx, {
      event: 'emailChange.aborted',
      actor: caller,
      data: { emailChangeId: change.id, reason: 'abandoned' },
    });
    await announceEmailChange(trx, ctx, 'emailChange.aborted', change, 'aborted');
    return true;
  });
  if (!ended) throw new DomainError('TASK_NOT_PENDING', 'this e-mail change is no longer open');
}
