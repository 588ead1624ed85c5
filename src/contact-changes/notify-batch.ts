import { findAccounts } from '../accounts/account.repository.js';
import { recordEvents } from '../audit/audit.repository.js';
import type { BatchEmailParams, BatchEmailTemplate } from '../mail/emails/batch-emails.js';
import { queueEmails, type NewEmail } from '../mail/queue-emails.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { CONTACT_TYPE, decodeRoles } from '../services/roles.js';
import type { ContactChange } from './change.repository.js';

/** One batch e-mail: its recipient, the requests it lists, and the batch code it carries. */
export interface BatchLetter {
  account: string;
  changes: ContactChange[];
  token?: string;
}

/**
 * Queues one e-mail per recipient for a batch (R22): the requests that concern it listed, in its
 * language, with its one code for the whole batch when it carries one. Each request listed gets
 * its own `email.queued` event, so every service's history shows the e-mail.
 */
export async function emailBatch(
  trx: Executor,
  ctx: AppContext,
  batchId: number,
  template: BatchEmailTemplate,
  letters: readonly BatchLetter[],
  extra: { actor?: string } = {},
): Promise<void> {
  const accounts = await findAccounts(
    trx,
    letters.map((l) => l.account),
  );
  const emails: NewEmail[] = [];
  const events: Parameters<typeof recordEvents>[2][number][] = [];
  for (const { account, changes, token } of letters) {
    const to = accounts.get(account);
    if (!to || changes.length === 0) continue;
    const sorted = [...changes].sort((a, b) => a.id - b.id);
    const params: BatchEmailParams = {
      batchId,
      recipient: to.nichandle,
      recipientName: to.name,
      askingAccount: sorted[0]!.asking_account,
      expiresAt: new Date(Math.min(...sorted.map((c) => c.expires_at))).toISOString(),
      ...extra,
      requests: sorted.map((c) => ({
        id: c.id,
        serviceType: c.service_type,
        serviceName: c.service_name,
        contactTypes: decodeRoles(c.roles).map((r) => CONTACT_TYPE[r]),
        fromAccount: c.from_account,
        toAccount: c.to_account,
      })),
    };
    emails.push({ to, template, params, ...(token === undefined ? {} : { token }) });
    // queueEmails records the event of the first request; the others are recorded here.
    for (const change of sorted.slice(1)) {
      events.push({
        event: 'email.queued',
        actor: null,
        requestId: change.id,
        data: { template, to: to.nichandle, batchId },
      });
    }
  }
  await queueEmails(trx, ctx, emails);
  await recordEvents(trx, ctx, events);
}
