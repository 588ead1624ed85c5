import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { closeEmailChange, type EmailChange } from './email-change.repository.js';
import { announceEmailChange } from './notify.js';

/**
 * Ends one open e-mail change whose time is up (REQUEST_TTL_SECONDS, like R16), if there is one;
 * returns whether it did. Run by the worker; the conditional update settles races between
 * processes, and a late reader sees the request as expired anyway (effectiveState).
 */
export async function expireNextEmailChange(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await trx
      .selectFrom('email_changes')
      .selectAll()
      .where('state', '=', 'todo')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(1)
      .executeTakeFirst();
    if (!change) return false;
    await expireEmailChange(trx, ctx, change, now);
    return true;
  });
}

/** Ends one open e-mail change whose time is up, in the caller's transaction. */
export async function expireEmailChange(
  trx: Executor,
  ctx: AppContext,
  change: EmailChange,
  now: number,
): Promise<boolean> {
  if (!(await closeEmailChange(trx, change.id, 'expired', now))) return false;
  await recordEvent(trx, ctx, {
    event: 'emailChange.expired',
    actor: null,
    data: { emailChangeId: change.id },
  });
  await announceEmailChange(trx, ctx, 'emailChange.expired', change, 'expired');
  return true;
}
