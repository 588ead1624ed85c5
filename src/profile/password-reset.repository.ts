import type { Executor } from '../platform/database/database.js';

/** The account's reset link, replacing any earlier one (R20: only the newest link works). */
export async function replaceResetLink(
  trx: Executor,
  account: string,
  tokenHash: string,
  now: number,
  expiresAt: number,
): Promise<void> {
  await forgetResetLinks(trx, account);
  await trx
    .insertInto('password_resets')
    .values({
      token_hash: tokenHash,
      account,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
}

/** Every reset link of the account stops working (its password has just changed). */
export async function forgetResetLinks(trx: Executor, account: string): Promise<void> {
  await trx.deleteFrom('password_resets').where('account', '=', account).execute();
}

/** The reset link with this code's hash, with its account's address (the password policy's). */
export function findResetLink(db: Executor, tokenHash: string) {
  return db
    .selectFrom('password_resets as r')
    .innerJoin('accounts as a', 'a.nichandle', 'r.account')
    .select(['r.account', 'r.expires_at', 'r.used_at', 'a.email'])
    .where('r.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Uses a reset link once: a conditional update on a link unused and still valid, whose row count
 * says whether this caller won (two tabs posting the same link, say).
 */
export async function useResetLink(
  trx: Executor,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const used = await trx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
