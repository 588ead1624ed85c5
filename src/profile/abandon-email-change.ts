import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { effectiveState, findEmailChange } from './email-change.repository.js';
import { endEmailChange } from './end-email-change.js';

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
    return endEmailChange(trx, ctx, change, {
      to: 'aborted',
      actor: caller,
      now,
      why: 'abandoned',
    });
  });
  if (!ended) throw new DomainError('TASK_NOT_PENDING', 'this e-mail change is no longer open');
}
