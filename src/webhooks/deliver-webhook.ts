import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { describeFailure, newWorkerId, SEND_BUDGET_MS, whileClaimed } from '../outbox/delivery.js';
import { SendBudget } from '../outbox/send-budget.js';
import {
  claimDue,
  markAttemptFailed,
  markSent,
  type OutboxRow,
} from '../outbox/outbox.repository.js';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.js';

/** Kept well below the outbox claim, so a hanging receiver fails the try. */
const TIMEOUT_MS = 15_000;

/**
 * POSTs one webhook delivery. Success is a 2xx answer; redirects are not followed (a receiver
 * that moved must be reconfigured, not guessed). The body is the one stored when the event
 * happened, byte for byte, so a retry carries the same delivery id and the same data.
 */
export async function postWebhook(ctx: AppContext, row: OutboxRow): Promise<void> {
  const secret = ctx.config.webhookSecret!;
  const url = ctx.config.webhookUrl ?? row.recipient;
  const timestamp = Math.floor(ctx.clock.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
    headers: {
      'content-type': 'application/json',
      'user-agent': 'contacthub-webhooks/1',
      [WEBHOOK_HEADERS.event]: row.template,
      [WEBHOOK_HEADERS.delivery]: row.message_id,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, row.payload),
    },
    body: row.payload,
  });
  // The answer's body is not kept: only whether the receiver took the delivery.
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
}

/**
 * The webhook dispatcher: same outbox, claim, backoff and `failed` state as e-mails. It runs only
 * when WEBHOOK_SECRET is set; deliveries go to the current WEBHOOK_URL, so that fixing a wrong
 * URL also fixes the deliveries waiting for it.
 */
export function webhookDeliveryJob(ctx: AppContext): Job {
  const worker = newWorkerId();
  const budget = new SendBudget(SEND_BUDGET_MS);
  return {
    name: 'deliver-webhook',
    async runOnce() {
      if (!ctx.config.webhookSecret || budget.busy) return false;
      const row = await claimDue(ctx, 'webhook', worker);
      if (!row) return false;
      return budget.run(async () => {
        try {
          await whileClaimed(ctx, row, worker, () => postWebhook(ctx, row));
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          const detail =
            cause instanceof Error ? `${describeFailure(error, [])}: ${cause.message}` : error;
          await markAttemptFailed(
            ctx,
            row,
            worker,
            describeFailure(detail, [ctx.config.webhookSecret]),
          );
          return;
        }
        await markSent(ctx, row);
      });
    },
    settle: () => budget.settle(),
  };
}
