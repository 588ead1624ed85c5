import { randomUUID } from 'node:crypto';
import { insertDeliveries } from '../outbox/outbox.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';

/** Events posted to WEBHOOK_URL. */
export type WebhookEvent =
  | 'request.created'
  | 'request.accepted'
  | 'request.refused'
  | 'request.aborted'
  | 'request.expired'
  | 'request.done'
  | 'request.error';

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
