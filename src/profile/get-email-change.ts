import type { AppContext } from '../platform/context.js';
import {
  effectiveState,
  findEmailChange,
  findOpenEmailChange,
  MAX_EMAIL_CODE_ATTEMPTS,
  parseEmailChangeState,
  presentEmailChange,
} from './email-change.repository.js';

/** GET /me/task/emailChange/{id}: one e-mail change of the caller (another's is NOT_FOUND). */
export async function getEmailChange(ctx: AppContext, caller: string, id: unknown) {
  const change = await findEmailChange(ctx.database.db, caller, id);
  return presentEmailChange(change, ctx.clock.now());
}

/** GET /me/task/emailChange: ids of the caller's e-mail changes, newest first, by state. */
export async function listEmailChangeIds(
  ctx: AppContext,
  caller: string,
  stateInput?: unknown,
): Promise<number[]> {
  const state = parseEmailChangeState(stateInput);
  const now = ctx.clock.now();
  let query = ctx.database.db
    .selectFrom('email_changes')
    .select('id')
    .where('account', '=', caller)
    .orderBy('id', 'desc')
    .limit(500);
  // A todo request past its time reads as expired (the worker moves it soon after).
  if (state === 'todo') query = query.where('state', '=', 'todo').where('expires_at', '>', now);
  else if (state === 'expired')
    query = query.where((eb) =>
      eb.or([
        eb('state', '=', 'expired'),
        eb.and([eb('state', '=', 'todo'), eb('expires_at', '<=', now)]),
      ]),
    );
  else if (state !== undefined) query = query.where('state', '=', state);
  const rows = await query.execute();
  return rows.map((row) => Number(row.id));
}

/** The pending e-mail change the profile page shows, with when its code stops working. */
export async function pendingEmailChange(ctx: AppContext, caller: string) {
  const change = await findOpenEmailChange(ctx.database.db, caller);
  const now = ctx.clock.now();
  if (!change || effectiveState(change, now) !== 'todo') return undefined;
  return {
    id: change.id,
    newEmail: change.new_email,
    expiresAt: new Date(change.expires_at).toISOString(),
    locked: change.failed_attempts >= MAX_EMAIL_CODE_ATTEMPTS,
  };
}
