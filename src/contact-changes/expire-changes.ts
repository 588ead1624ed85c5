import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { forUpdate } from '../platform/database/database.js';
import type { Executor } from '../platform/database/database.js';
import { moveState, partiesOf, releaseRoles, type ContactChange } from './change.repository.js';
import { announce, emailAccounts } from './notify.js';

/**
 * R16: ends one open request whose time is up, if there is one; returns whether it did. Every
 * party is told. Safe to run in several processes at once (conditional move, SKIP LOCKED).
 */
export async function expireNextChange(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await forUpdate(
      ctx.database,
      trx
        .selectFrom('contact_changes')
        .selectAll()
        .where('state', '=', 'validatingByCustomers')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(1),
      { skipLocked: true },
    ).executeTakeFirst();
    if (!change) return false;
    await expireChange(trx, ctx, change, now);
    return true;
  });
}

/** Ends one open request whose time is up, in the caller's transaction; every party is told. */
export async function expireChange(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  now: number,
): Promise<boolean> {
  if (!(await moveState(trx, change.id, 'validatingByCustomers', 'expired', { date_done: now })))
    return false;
  await releaseRoles(trx, change.id);
  await recordEvent(trx, ctx, {
    event: 'request.expired',
    actor: null,
    requestId: change.id,
    serviceId: change.service_id,
  });
  const expired = { ...change, state: 'expired' as const, date_done: now };
  await emailAccounts(trx, ctx, expired, 'request-expired', partiesOf(change));
  await announce(trx, ctx, 'request.expired', expired);
  return true;
}
