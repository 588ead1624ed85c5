import type { AppContext } from '../platform/context.js';
import { claimNextExpired } from './change.repository.js';
import { closeChange } from './close-change.js';

/**
 * R16: ends one open request whose time is up, if there is one; returns whether it did. Every
 * party is told. Safe to run in several processes at once (conditional move, SKIP LOCKED).
 */
export async function expireNextChange(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await claimNextExpired(ctx.database, trx, now);
    if (!change) return false;
    await closeChange(trx, ctx, change, { to: 'expired', actor: null, now });
    return true;
  });
}
