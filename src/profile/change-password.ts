import { findAccount, setPasswordHash } from '../accounts/account.repository.js';
import { hashPassword, verifyPassword } from '../accounts/password.js';
import { recordEvent } from '../audit/audit.repository.js';
import { endOtherSessions } from '../auth/sessions.js';
import type { AppContext } from '../platform/context.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { parseNewPassword } from './password-policy.js';
import { forgetResetLinks } from './password-reset.repository.js';

/**
 * POST /me/changePassword (R20): with the current password. Every other session of the account
 * ends (the one making the change, when it is a web session, stays open), and any reset link
 * still out stops working.
 */
export async function changePassword(
  ctx: AppContext,
  caller: string,
  input: { currentPassword: unknown; newPassword: unknown },
  keepSessionId?: string,
): Promise<void> {
  if (typeof input.currentPassword !== 'string' || input.currentPassword.length > 200) {
    throw invalidInput('currentPassword must be a string of at most 200 characters');
  }
  const account = await findAccount(ctx.database.db, caller);
  if (!account) throw new DomainError('NOT_AUTHENTICATED', 'this account no longer exists');
  const newPassword = parseNewPassword(input.newPassword, account);
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
    throw new DomainError('WRONG_PASSWORD', 'the current password is wrong');
  }
  const hash = await hashPassword(newPassword);
  await ctx.database.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, caller, hash);
    const ended = await endOtherSessions(trx, caller, keepSessionId);
    await forgetResetLinks(trx, caller);
    await recordEvent(trx, ctx, {
      event: 'password.changed',
      actor: caller,
      data: { sessionsEnded: ended },
    });
  });
}
