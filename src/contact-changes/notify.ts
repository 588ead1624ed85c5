import { findAccounts, type Account } from '../accounts/account.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import {
  queueEmails,
  queueWebhook,
  type NewEmail,
  type EmailTemplate,
  type RequestEmailParams,
  type WebhookEvent,
} from '../mail/outbox.js';
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
export async function emailAccounts(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  template: EmailTemplate,
  recipients: Iterable<string>,
  extra: Extra = {},
): Promise<void> {
  const nichandles = [...new Set(recipients)];
  const accounts = await findAccounts(trx, nichandles);
  const emails: NewEmail[] = [];
  for (const nichandle of nichandles) {
    const to = accounts.get(nichandle);
    if (to) emails.push({ to, template, params: emailParams(change, to, extra) });
  }
  await queueEmails(trx, ctx, emails);
}

/** Queues the validation e-mail of each validator, with its own token (R9, R14). */
export async function emailTokens(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  template: 'request-created' | 'token-resent',
  tokens: ReadonlyMap<string, string>,
): Promise<void> {
  const accounts = await findAccounts(trx, [...tokens.keys()]);
  const emails: NewEmail[] = [];
  for (const [validator, token] of tokens) {
    const to = accounts.get(validator);
    if (to) emails.push({ to, template, params: emailParams(change, to, {}), token });
  }
  await queueEmails(trx, ctx, emails);
}

/** Tells the provider's systems (WEBHOOK_URL) what happened to a request. */
export function announce(
  trx: Executor,
  ctx: AppContext,
  event: WebhookEvent,
  change: ContactChange,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return queueWebhook(trx, ctx, event, change.id, {
    id: change.id,
    ...describe(change),
    state: change.state,
    ...extra,
  });
}
