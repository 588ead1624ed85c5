import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { queueEmails } from '../mail/queue-emails.js';
import type { Account } from './account.repository.js';

/** An address set by the operator is told to both addresses, in the account's language. */
export function queueAddressChanged(
  trx: Executor,
  ctx: AppContext,
  before: Account,
  after: Account,
): Promise<void> {
  const params = {
    recipientName: after.name,
    nichandle: after.nichandle,
    previousEmail: before.email,
    newEmail: after.email,
  };
  return queueEmails(trx, ctx, [
    {
      to: { nichandle: after.nichandle, email: before.email, language: after.language },
      template: 'address-changed',
      params: { ...params, to: 'previous' },
    },
    {
      to: after,
      template: 'address-changed',
      params: { ...params, to: 'new' },
    },
  ]);
}
