import type { Account } from '../accounts/account.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { queueEmails } from '../mail/queue-emails.js';
import { queueWebhook } from '../webhooks/queue-webhook.js';
import type { EmailChange } from './email-change.repository.js';

type Recipient = Pick<Account, 'nichandle' | 'email' | 'language' | 'name'>;

/**
 * R19: the code of an e-mail change goes to the **new** address, which is not yet the account's;
 * queued in the caller's transaction, the code sealed with SECRET_KEY (R18).
 */
export function emailChangeCode(
  trx: Executor,
  ctx: AppContext,
  account: Recipient,
  change: EmailChange,
  token: string,
): Promise<void> {
  return queueEmails(trx, ctx, [
    {
      to: { ...account, email: change.new_email },
      template: 'email-change-code',
      token,
      params: {
        recipient: account.nichandle,
        recipientName: account.name,
        emailChangeId: change.id,
        newEmail: change.new_email,
        expiresAt: new Date(change.expires_at).toISOString(),
      },
    },
  ]);
}

/** R19: once the change is done, the old address is told (and gets nothing else). */
export function emailChangedNotice(
  trx: Executor,
  ctx: AppContext,
  account: Recipient,
  change: EmailChange,
): Promise<void> {
  return queueEmails(trx, ctx, [
    {
      to: { ...account, email: change.old_email },
      template: 'email-changed',
      params: {
        recipient: account.nichandle,
        recipientName: account.name,
        emailChangeId: change.id,
        newEmail: change.new_email,
      },
    },
  ]);
}

/** R20: the reset link goes to the account's address at this moment. */
export function emailPasswordReset(
  trx: Executor,
  ctx: AppContext,
  account: Recipient,
  token: string,
  expiresAt: number,
): Promise<void> {
  return queueEmails(trx, ctx, [
    {
      to: account,
      template: 'password-reset',
      token,
      params: {
        recipient: account.nichandle,
        recipientName: account.name,
        expiresAt: new Date(expiresAt).toISOString(),
      },
    },
  ]);
}

export type EmailChangeEvent =
  | 'emailChange.created'
  | 'emailChange.done'
  | 'emailChange.refused'
  | 'emailChange.aborted'
  | 'emailChange.expired';

/** Tells the provider's systems (WEBHOOK_URL) what happened to an e-mail change. */
export function announceEmailChange(
  trx: Executor,
  ctx: AppContext,
  event: EmailChangeEvent,
  change: EmailChange,
  state: EmailChange['state'],
): Promise<void> {
  return queueWebhook(trx, ctx, event, null, {
    id: change.id,
    account: change.account,
    oldEmail: change.old_email,
    newEmail: change.new_email,
    state,
  });
}
