import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account.repository.js';
import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { insertDeliveries } from '../outbox/outbox.repository.js';
import { emailKind, type EmailParams, type EmailTemplate } from './email-copy.js';

export type { EmailTemplate, EmailParams } from './email-copy.js';
export type { RequestEmailParams, RequestEmailTemplate } from './emails/request-emails.js';

function messageId(ctx: AppContext): string {
  const host = new URL(ctx.config.publicUrl).hostname || 'localhost';
  return `<${randomUUID()}@${host}>`;
}

/** An e-mail to queue: its recipient, template and parameters, and its token if it has one. */
export type NewEmail = {
  [T in EmailTemplate]: {
    to: Pick<Account, 'nichandle' | 'email' | 'language'>;
    template: T;
    params: EmailParams<T>;
    token?: string;
  };
}[EmailTemplate];

/** The request an e-mail is about, if any. */
function requestOf({ template, params }: NewEmail): number | null {
  return emailKind(template)!.requestId(params);
}

/**
 * Queues e-mails in the transaction of the change that causes them, with an `email.queued`
 * event each: two statements whatever their number (decision 072). A token, when an e-mail
 * carries one, is sealed with SECRET_KEY; the dispatcher opens it to render the message and
 * drops it once the message is sent.
 */
export async function queueEmails(
  trx: Executor,
  ctx: AppContext,
  emails: readonly NewEmail[],
): Promise<void> {
  await insertDeliveries(
    trx,
    ctx.clock.now(),
    emails.map((email) => ({
      channel: 'email',
      message_id: messageId(ctx),
      recipient: email.to.email,
      account: email.to.nichandle,
      language: email.to.language,
      template: email.template,
      payload: JSON.stringify(email.params),
      sealed_secret: email.token === undefined ? null : ctx.box.seal(email.token),
      request_id: requestOf(email),
    })),
  );
  await recordEvents(
    trx,
    ctx,
    emails.map((email) => ({
      event: 'email.queued',
      actor: null,
      requestId: requestOf(email),
      data: { template: email.template, to: email.to.nichandle },
    })),
  );
}
