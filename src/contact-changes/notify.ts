import { findAccounts, type Account } from '../accounts/account.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import {
  queueEmails,
  type NewEmail,
  type RequestEmailTemplate,
  type RequestEmailParams,
} from '../mail/queue-emails.js';
import { queueWebhook, queueWebhooks, type WebhookEvent } from '../webhooks/queue-webhook.js';
import { CONTACT_TYPE, decodeRoles } from '../services/roles.js';
import type { ContactChange } from './change.repository.js';

type Extra = Pick<RequestEmailParams, 'actor' | 'reason'>;

function describe(change: ContactChange) {
  return {
    serviceType: change.service_type,
    serviceName: change.service_name,
    contactTypes: decodeRoles(change.roles).map((r) => CONTACT_TYPE[r]),
    askingAccount: change.asking_account,
    fromAccount: change.from_account,
    toAccount: change.to_account,
  };
}

function emailParams(change: ContactChange, to: Account, extra: Extra): RequestEmailParams {
  return {
    requestId: change.id,
    ...describe(change),
    expiresAt: new Date(change.expires_at).toISOString(),
    recipient: to.nichandle,
    recipientName: to.name,
    ...extra,
  };
}

/** Queues one e-mail per recipient, each in its own language, in the caller's transaction. */
export function emailAccounts(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  template: RequestEmailTemplate,
  recipients: Iterable<string>,
  extra: Extra = {},
): Promise<void> {
  const each = new Map([...recipients].map((nichandle) => [nichandle, undefined]));
  return emailEach(trx, ctx, change, template, each, extra);
}

/** Queues the validation e-mail of each validator, with its own token (R9, R14). */
export function emailTokens(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  template: 'request-created' | 'token-resent',
  tokens: ReadonlyMap<string, string>,
): Promise<void> {
  return emailEach(trx, ctx, change, template, tokens, {});
}

/**
 * Queues an e-mail to each account of `recipients` that exists, with the token given for it if
 * any: their accounts read, and the e-mails written, in one statement each (decision 072).
 */
async function emailEach(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  template: RequestEmailTemplate,
  recipients: ReadonlyMap<string, string | undefined>,
  extra: Extra,
): Promise<void> {
  const accounts = await findAccounts(trx, [...recipients.keys()]);
  const emails: NewEmail[] = [];
  for (const [nichandle, token] of recipients) {
    const to = accounts.get(nichandle);
    if (to) emails.push({ to, template, params: emailParams(change, to, extra), token });
  }
  await queueEmails(trx, ctx, emails);
}

/** What a webhook says of a request; a request of a batch carries its batchId (R22). */
function announcement(change: ContactChange, extra: Record<string, unknown>) {
  return {
    id: change.id,
    ...describe(change),
    state: change.state,
    ...(change.batch_id === null || change.batch_id === undefined
      ? {}
      : { batchId: Number(change.batch_id) }),
    ...extra,
  };
}

/** Tells the provider's systems (WEBHOOK_URL) what happened to a request. */
export function announce(
  trx: Executor,
  ctx: AppContext,
  event: WebhookEvent,
  change: ContactChange,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return queueWebhook(trx, ctx, event, change.id, announcement(change, extra));
}

/** The same event of many requests (a batch), written in one statement. */
export function announceMany(
  trx: Executor,
  ctx: AppContext,
  event: WebhookEvent,
  changes: readonly ContactChange[],
  extra: (change: ContactChange) => Record<string, unknown> = () => ({}),
): Promise<void> {
  return queueWebhooks(
    trx,
    ctx,
    changes.map((change) => ({
      event,
      requestId: change.id,
      data: announcement(change, extra(change)),
    })),
  );
}
