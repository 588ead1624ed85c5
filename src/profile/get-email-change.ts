import type { AppContext } from '../platform/context.js';
import {
  effectiveState,
  findEmailChange,
  findOpenEmailChange,
  listEmailChangeIdsOf,
  MAX_EMAIL_CODE_ATTEMPTS,
  parseEmailChangeState,
} from './email-change.repository.js';
import { presentEmailChange } from './email-change.presenter.js';

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
  return listEmailChangeIdsOf(ctx.database.db, caller, state, ctx.clock.now());
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
