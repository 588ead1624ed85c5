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
  | 'request.error'
  | 'emailChange.created'
  | 'emailChange.done'
  | 'emailChange.refused'
  | 'emailChange.aborted'
  | 'emailChange.expired';

/** Queues a webhook delivery when WEBHOOK_URL is set; nothing otherwise. */
export function queueWebhook(
  trx: Executor,
  ctx: AppContext,
  event: WebhookEvent,
  /** The contact change it is about; null for events of an account (emailChange.*). */
  requestId: number | null,
  data: Record<string, unknown>,
): Promise<void> {
  return queueWebhooks(trx, ctx, [{ event, requestId, data }]);
}

/** Queues many webhook deliveries in one statement (a batch of requests, R22). */
export async function queueWebhooks(
  trx: Executor,
  ctx: AppContext,
  events: readonly {
    event: WebhookEvent;
    requestId: number | null;
    data: Record<string, unknown>;
  }[],
): Promise<void> {
  const url = ctx.config.webhookUrl;
  if (url === undefined || events.length === 0) return;
  const now = ctx.clock.now();
  const occurredAt = new Date(now).toISOString();
  await insertDeliveries(
    trx,
    now,
    events.map(({ event, requestId, data }) => {
      const id = randomUUID();
      return {
        channel: 'webhook' as const,
        message_id: id,
        recipient: url,
        account: null,
        language: null,
        template: event,
        payload: JSON.stringify({ id, event, occurredAt, data }),
        sealed_secret: null,
        request_id: requestId,
      };
    }),
  );
}
