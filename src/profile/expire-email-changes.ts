import type { AppContext } from '../platform/context.js';
import { findNextExpiredEmailChange } from './email-change.repository.js';
import { endEmailChange } from './end-email-change.js';

/**
 * Ends one open e-mail change whose time is up (REQUEST_TTL_SECONDS, like R16), if there is one;
 * returns whether it did. Run by the worker; the conditional update settles races between
 * processes, and a late reader sees the request as expired anyway (effectiveState).
 */
export async function expireNextEmailChange(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await findNextExpiredEmailChange(trx, now);
    if (!change) return false;
    await endEmailChange(trx, ctx, change, { to: 'expired', actor: null, now });
    return true;
  });
}
