import { findAccount } from '../accounts/account.repository.js';
import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { parseEmail } from '../shared/validate.js';
import { presentEmailChange } from './email-change.presenter.js';
import {
  closeEmailChange,
  findOpenEmailChange,
  insertEmailChange,
} from './email-change.repository.js';
import { announceEmailChange, emailChangeCode } from './notify.js';

/**
 * POST /me/changeEmail (R19): a code goes to the new address; until the account accepts it, the
 * address stays as it is and every e-mail still goes to the old one. A second request ends the
 * first (aborted) in the same transaction: only the newest code works. The request expires
 * after REQUEST_TTL_SECONDS, like a contact change.
 */
export async function requestEmailChange(ctx: AppContext, caller: string, newEmailInput: unknown) {
  const newEmail = parseEmail(newEmailInput, 'newEmail');
  const token = newSecret();
  const now = ctx.clock.now();
  const change = await ctx.database.db.transaction().execute(async (trx) => {
    const account = await findAccount(trx, caller);
    if (!account) throw new DomainError('NOT_AUTHENTICATED', 'this account no longer exists');
    if (account.email.toLowerCase() === newEmail.toLowerCase()) {
      throw invalidInput('newEmail is already the address of this account');
    }
    const previous = await findOpenEmailChange(trx, caller);
    const events = [];
    if (previous && (await closeEmailChange(trx, previous.id, 'aborted', now))) {
      events.push({
        event: 'emailChange.aborted' as const,
        actor: caller,
        data: { emailChangeId: previous.id, reason: 'replaced' },
      });
      await announceEmailChange(trx, ctx, 'emailChange.aborted', previous, 'aborted');
    }
    const created = await insertEmailChange(
      trx,
      { account: caller, oldEmail: account.email, newEmail, tokenHash: hashSecret(token) },
      now,
      now + ctx.config.requestTtlSeconds * 1000,
    );
    events.push({
      event: 'emailChange.requested' as const,
      actor: caller,
      data: { emailChangeId: created.id, newEmail },
    });
    await recordEvents(trx, ctx, events);
    await emailChangeCode(trx, ctx, account, created, token);
    await announceEmailChange(trx, ctx, 'emailChange.created', created, 'todo');
    return created;
  });
  return presentEmailChange(change, now);
}
