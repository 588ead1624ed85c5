import { presentAccount } from '../accounts/account.presenter.js';
import { findAccount, setNameOrLanguage } from '../accounts/account.repository.js';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { parseLanguage, parseText } from '../shared/validate.js';

/**
 * PUT /me: the account's name and language, saved at once. The e-mail address is not changed
 * here: only an e-mail change request does that (R19).
 */
export async function updateProfile(
  ctx: AppContext,
  caller: string,
  input: { name?: unknown; language?: unknown },
) {
  const changes: { name?: string; language?: 'fr' | 'en' } = {};
  if (input.name !== undefined) changes.name = parseText(input.name, 'name', 200);
  if (input.language !== undefined) changes.language = parseLanguage(input.language);
  return ctx.database.db.transaction().execute(async (trx) => {
    if (Object.keys(changes).length > 0) {
      if (!(await setNameOrLanguage(trx, caller, changes))) {
        throw new DomainError('NOT_AUTHENTICATED', 'this account no longer exists');
      }
      await recordEvent(trx, ctx, { event: 'account.updated', actor: caller, data: changes });
    }
    const account = await findAccount(trx, caller);
    if (!account) throw invalidInput('this account no longer exists');
    return presentAccount(account);
  });
}
