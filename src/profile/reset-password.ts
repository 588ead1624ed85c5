import { setTimeout as sleep } from 'node:timers/promises';
import { findAccount, setPasswordHash } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { hashPassword } from '../accounts/password.js';
import { recordEvent } from '../audit/audit.repository.js';
import { endOtherSessions } from '../auth/sessions.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { emailPasswordReset } from './notify.js';
import { parseNewPassword } from './password-policy.js';
import { findResetLink, replaceResetLink, useResetLink } from './password-reset.repository.js';

/** R20: how long a reset link works. */
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;

/**
 * The least time `requestPasswordReset` takes, whatever happens inside: an unknown nichandle
 * does no write and would answer sooner than a known one, which would tell who has an account.
 */
export const RESET_ANSWER_MS = 300;

/**
 * POST /auth/passwordReset (R20): a single-use link, valid one hour, goes to the account's
 * address at that moment. Same answer, after the same time, whether the account exists or not.
 * A new link replaces any earlier one. Rate-limited by the caller (per nichandle and address).
 */
export async function requestPasswordReset(
  ctx: AppContext,
  nichandleInput: unknown,
): Promise<void> {
  const started = performance.now();
  const nichandle = parseNichandle(nichandleInput);
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      const account = await findAccount(trx, nichandle);
      if (!account) return;
      const token = newSecret();
      const now = ctx.clock.now();
      await replaceResetLink(trx, nichandle, hashSecret(token), now, now + RESET_LINK_TTL_MS);
      await recordEvent(trx, ctx, {
        event: 'password.resetRequested',
        actor: null,
        data: { nichandle },
      });
      await emailPasswordReset(trx, ctx, account, token, now + RESET_LINK_TTL_MS);
    });
  } finally {
    const left = RESET_ANSWER_MS - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}

/**
 * POST /auth/passwordReset/confirm: the link's token and a new password. The token works once
 * and within the hour; every session of the account ends (whoever knew the old password is out).
 */
export async function confirmPasswordReset(
  ctx: AppContext,
  input: { token: unknown; newPassword: unknown },
): Promise<string> {
  const { token } = input;
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
    throw invalidInput('token must be the code of the reset link');
  }
  const tokenHash = hashSecret(token.trim());
  const invalid = () =>
    new DomainError('INVALID_TOKEN', 'this reset link is not valid or has expired');
  const reset = await findResetLink(ctx.database.db, tokenHash);
  if (!reset || reset.used_at !== null || reset.expires_at <= ctx.clock.now()) throw invalid();
  // Checked before the token is used: a refused password leaves the link working.
  const newPassword = parseNewPassword(input.newPassword, {
    nichandle: reset.account,
    email: reset.email,
  });
  const hash = await hashPassword(newPassword);
  await ctx.database.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    if (!(await useResetLink(trx, tokenHash, now))) throw invalid();
    await setPasswordHash(trx, reset.account, hash);
    const ended = await endOtherSessions(trx, reset.account);
    await recordEvent(trx, ctx, {
      event: 'password.reset',
      actor: reset.account,
      data: { sessionsEnded: ended },
    });
  });
  return reset.account;
}
