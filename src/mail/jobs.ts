import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/worker.js';
import { webhookDeliveryJob } from '../webhooks/deliver-webhook.js';
import { emailDeliveryJob } from './deliver-email.js';

/** Delivery of the outbox: e-mails, and webhooks when WEBHOOK_SECRET is set. */
export function outboxJobs(ctx: AppContext): Job[] {
  return [emailDeliveryJob(ctx), webhookDeliveryJob(ctx)];
}
