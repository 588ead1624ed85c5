import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { closeEmailChange, type EmailChange } from './email-change.repository.js';
import { announceEmailChange } from './notify.js';

/**
 * Ends an open e-mail change that is not applied (refused, abandoned, expired), in the caller's
 * transaction: the state leaves `todo` by a conditional update, then the audit event and the
 * webhook say so. Returns false, having written nothing, when the change had already ended (a
 * race with another answer or the expiry job).
 */
export async function endEmailChange(
  trx: Executor,
  ctx: AppContext,
  change: EmailChange,
  end: { to: 'refused' | 'aborted' | 'expired'; actor: string | null; now: number; why?: string },
): Promise<boolean> {
  if (!(await closeEmailChange(trx, change.id, end.to, end.now))) return false;
  await recordEvent(trx, ctx, {
    event: `emailChange.${end.to}`,
    actor: end.actor,
    data: { emailChangeId: change.id, ...(end.why === undefined ? {} : { reason: end.why }) },
  });
  await announceEmailChange(trx, ctx, `emailChange.${end.to}`, change, end.to);
  return true;
}
