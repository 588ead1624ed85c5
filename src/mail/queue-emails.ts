import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account.repository.js';
import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { insertDeliveries } from '../outbox/outbox.repository.js';
import type { ContactType } from '../services/roles.js';

/** Every e-mail of SPEC §4. */
export type EmailTemplate =
  | 'request-created'
  | 'token-resent'
  | 'request-done'
  | 'request-refused'
  | 'request-aborted'
  | 'request-expired'
  | 'request-failed';

/** What a request e-mail says; stored as JSON in the outbox. Never holds the token. */
export interface RequestEmailParams {
  requestId: number;
  serviceType: string;
  serviceName: string;
  contactTypes: ContactType[];
  fromAccount: string;
  toAccount: string;
  askingAccount: string;
  /** ISO date. */
  expiresAt: string;
  /** Nichandle of the recipient. */
  recipient: string;
  recipientName: string;
  /** Who refused (request-refused), or why it failed (request-failed). */
  actor?: string;
  reason?: string;
}

function messageId(ctx: AppContext): string {
  const host = new URL(ctx.config.publicUrl).hostname || 'localhost';
  return `<${randomUUID()}@${host}>`;
}

/** An e-mail to queue: its recipient, template and parameters, and its token if it has one. */
export interface NewEmail {
  to: Pick<Account, 'nichandle' | 'email' | 'language'>;
  template: EmailTemplate;
  params: RequestEmailParams;
  token?: string;
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
    emails.map(({ to, template, params, token }) => ({
      channel: 'email',
      message_id: messageId(ctx),
      recipient: to.email,
      account: to.nichandle,
      language: to.language,
      template,
      payload: JSON.stringify(params),
      sealed_secret: token === undefined ? null : ctx.box.seal(token),
      request_id: params.requestId,
    })),
  );
  await recordEvents(
    trx,
    ctx,
    emails.map(({ to, template, params }) => ({
      event: 'email.queued',
      actor: null,
      requestId: params.requestId,
      data: { template, to: to.nichandle },
    })),
  );
}
