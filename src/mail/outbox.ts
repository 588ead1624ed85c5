import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account.repository.js';
import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { OutboxTable } from '../platform/database/schema.js';
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

/** Events posted to WEBHOOK_URL. */
export type WebhookEvent =
  | 'request.created'
  | 'request.accepted'
  | 'request.refused'
  | 'request.aborted'
  | 'request.expired'
  | 'request.done'
  | 'request.error';

type NewDelivery = Pick<
  OutboxTable,
  | 'channel'
  | 'message_id'
  | 'recipient'
  | 'account'
  | 'language'
  | 'template'
  | 'payload'
  | 'sealed_secret'
  | 'request_id'
>;

/** Writes deliveries, due now, in the caller's transaction: one statement for all of them. */
async function insertDeliveries(
  trx: Executor,
  now: number,
  deliveries: readonly NewDelivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      deliveries.map((delivery) => ({
        ...delivery,
        state: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      })),
    )
    .execute();
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

/** Queues a webhook delivery when WEBHOOK_URL is set; nothing otherwise. */
export async function queueWebhook(
  trx: Executor,
  ctx: AppContext,
  event: WebhookEvent,
  requestId: number,
  data: Record<string, unknown>,
): Promise<void> {
  const url = ctx.config.webhookUrl;
  if (url === undefined) return;
  const now = ctx.clock.now();
  const id = randomUUID();
  await insertDeliveries(trx, now, [
    {
      channel: 'webhook',
      message_id: id,
      recipient: url,
      account: null,
      language: null,
      template: event,
      payload: JSON.stringify({ id, event, occurredAt: new Date(now).toISOString(), data }),
      sealed_secret: null,
      request_id: requestId,
    },
  ]);
}
