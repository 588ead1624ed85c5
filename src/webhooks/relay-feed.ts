import { randomUUID } from 'node:crypto';
import { lastFeedEvent } from '../audit/audit.repository.js';
import { readFeed, type FeedPlace } from '../audit/event-feed.js';
import { insertDeliveries } from '../outbox/outbox.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { Job } from '../platform/worker.js';
import {
  feedRelayPlace,
  lockFeedRelay,
  moveFeedRelay,
  startFeedRelay,
} from './feed-relay.repository.js';

const RELAY = 'webhooks';
const PAGE = 200;

/** Where the relay starts the first time: after the last event already in the feed. */
async function feedEnd(ctx: AppContext, trx: Executor): Promise<FeedPlace> {
  const last = await lastFeedEvent(ctx.database.dialect, trx);
  return last ? { txid: Number(last.txid), id: Number(last.id) } : { txid: 0, id: 0 };
}

/**
 * Posts every event of the feed (GET /api/admin/events) to WEBHOOK_URL as `feed.{type}`, its
 * `data` the feed's item itself (decision 095). The relay reads the feed from its stored place,
 * queues the deliveries and moves its place in one transaction: each event is queued once, in
 * feed order, whatever crashes; one process relays at a time (its row is locked, SKIP LOCKED).
 * Enabled with WEBHOOK_URL, it starts at the end of the feed as it is then.
 */
export async function relayFeed(ctx: AppContext): Promise<boolean> {
  const url = ctx.config.webhookUrl;
  if (url === undefined) return false;
  const db = ctx.database.db;
  const stored = await feedRelayPlace(db, RELAY);
  if (stored) {
    // Most ticks find nothing new: a read, no write transaction.
    const peek = await readFeed(ctx.database, db, { txid: stored.txid, id: stored.event_id }, 1);
    if (peek.items.length === 0) return false;
  }
  return db.transaction().execute(async (trx) => {
    if (!stored) {
      const end = await feedEnd(ctx, trx);
      await startFeedRelay(trx, RELAY, { txid: end.txid, eventId: end.id });
    }
    const row = await lockFeedRelay(ctx.database, trx, RELAY);
    if (!row) return false;
    const after = { txid: Number(row.txid), id: Number(row.event_id) };
    const page = await readFeed(ctx.database, trx, after, PAGE);
    if (page.items.length === 0) return false;
    const now = ctx.clock.now();
    await insertDeliveries(
      trx,
      now,
      page.items.map((item) => {
        const id = randomUUID();
        const event = `feed.${item.type}`;
        return {
          channel: 'webhook' as const,
          message_id: id,
          recipient: url,
          account: null,
          language: null,
          template: event,
          payload: JSON.stringify({ id, event, occurredAt: item.date, data: item }),
          sealed_secret: null,
          request_id: item.taskId,
        };
      }),
    );
    const [txid, eventId] = page.nextCursor.split('_').map(Number) as [number, number];
    await moveFeedRelay(trx, RELAY, { txid, eventId });
    return page.items.length === PAGE;
  });
}

export function feedRelayJob(ctx: AppContext): Job {
  return { name: 'relay-feed', runOnce: () => relayFeed(ctx) };
}
