import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { storeInMailbox } from './mailbox.js';
import { smtpTransport, type MailTransport, type OutgoingEmail } from './mail-transport.js';
import { emailKind, type EmailParams, type EmailTemplate } from './email-copy.js';
import {
  claimDue,
  isTokenReplaced,
  markAttemptFailed,
  markCancelled,
  markSent,
  type OutboxRow,
} from '../outbox/outbox.repository.js';
import { describeFailure, newWorkerId, SEND_BUDGET_MS, whileClaimed } from '../outbox/delivery.js';
import { renderEmail } from './render-email.js';
import { SendBudget } from '../outbox/send-budget.js';

/** Builds the message of an outbox row; opens its sealed token, which never leaves memory. */
export function composeEmail(
  ctx: AppContext,
  row: OutboxRow,
): { email: OutgoingEmail; token?: string } {
  const kind = emailKind(row.template);
  if (!kind) throw new Error(`no e-mail is called ${row.template}`);
  const token = row.sealed_secret === null ? undefined : ctx.box.open(row.sealed_secret);
  if (token === undefined && kind.carriesToken) {
    throw new Error('the code this e-mail carries is gone');
  }
  // The outbox holds what queueEmails was given for this template.
  const params = JSON.parse(row.payload) as EmailParams<EmailTemplate>;
  const requestId = kind.requestId(params);
  const rendered = renderEmail(row.template as EmailTemplate, params, {
    token,
    publicUrl: ctx.config.publicUrl,
    language: row.language ?? 'fr',
  });
  const email: OutgoingEmail = {
    from: ctx.config.mailFrom,
    to: row.recipient,
    ...rendered,
    messageId: row.message_id,
    date: new Date(row.created_at),
    headers: {
      'Auto-Submitted': 'auto-generated',
      ...(requestId === null ? {} : { 'X-Contacthub-Request': String(requestId) }),
      'X-Contacthub-Template': row.template,
    },
  };
  return { email, token };
}

export interface EmailDeliveryJob extends Job {
  /** Resolves once a send left in the background has finished. */
  settle(): Promise<boolean>;
  /** Closes the SMTP connection; the worker stops first. */
  close(): void;
}

/**
 * The e-mail dispatcher: one runOnce claims one due outbox e-mail, renders it in the recipient's
 * language, sends it (SMTP_URL) or keeps it in the built-in mailbox, and records the outcome.
 * A crash between the send and the mark leaves the claim to lapse (LEASE_MS) and the e-mail is
 * sent again with the same Message-ID: at least once, never lost. A send slower than SEND_BUDGET_MS finishes
 * in the background while the worker gets on with applying requests (SendBudget).
 */
export function emailDeliveryJob(
  ctx: AppContext,
  options: { transport?: MailTransport } = {},
): EmailDeliveryJob {
  const worker = newWorkerId();
  let transport = options.transport;
  const smtp = () => (transport ??= smtpTransport(ctx.config.smtpUrl!));
  const smtpPassword = ctx.config.smtpUrl
    ? decodeURIComponent(new URL(ctx.config.smtpUrl).password) || undefined
    : undefined;

  const budget = new SendBudget(SEND_BUDGET_MS);

  async function runOnce(): Promise<boolean> {
    if (budget.busy) return false;
    const row = await claimDue(ctx, 'email', worker);
    if (!row) return false;
    let composed: ReturnType<typeof composeEmail>;
    try {
      composed = composeEmail(ctx, row);
    } catch (error) {
      // A row that cannot be opened (SECRET_KEY changed) or rendered: kept visible to operators.
      await markAttemptFailed(ctx, row, worker, `cannot compose: ${describeFailure(error, [])}`);
      return true;
    }
    const { email, token } = composed;
    if (token !== undefined && (await isTokenReplaced(ctx, row, token))) {
      await markCancelled(ctx, row, worker, 'not sent: a resend replaced the code it carries');
      return true;
    }
    if (!ctx.config.smtpUrl && !options.transport) {
      await ctx.database.db.transaction().execute(async (trx) => {
        await storeInMailbox(trx, ctx, row, email);
        await markSent(ctx, row, trx);
      });
      return true;
    }
    return budget.run(async () => {
      try {
        await whileClaimed(ctx, row, worker, () => smtp().send(email));
      } catch (error) {
        await markAttemptFailed(ctx, row, worker, describeFailure(error, [token, smtpPassword]));
        return;
      }
      await markSent(ctx, row);
    });
  }

  return {
    name: 'deliver-email',
    runOnce,
    settle: () => budget.settle(),
    close: () => transport?.close(),
  };
}
