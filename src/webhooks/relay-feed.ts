import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { readFeed, type FeedPlace } from '../audit/event-feed.js';
import { insertDeliveries } from '../outbox/outbox.repository.js';
import type { AppContext } from '../platform/context.js';
import { forUpdate, type Executor } from '../platform/database/database.js';
import type { Job } from '../platform/worker.js';

const RELAY = 'webhooks';
const PAGE = 200;

/** Where the relay starts the first time: after the last event already in the feed. */
async function feedEnd(ctx: AppContext, trx: Executor): Promise<FeedPlace> {
  let query = trx
    .selectFrom('audit_events as e')
    .select(['e.txid', 'e.id'])
    .orderBy('e.txid', 'desc')
    .orderBy('e.id', 'desc')
    .limit(1);
  if (ctx.database.dialect === 'postgres') {
    query = query.where(
      sql<boolean>`e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
    );
  }
  const last = await query.executeTakeFirst();
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
  const stored = await db
    .selectFrom('feed_relay')
    .selectAll()
    .where('name', '=', RELAY)
    .executeTakeFirst();
  if (stored) {
    // Most ticks find nothing new: a read, no write transaction.
    const peek = await readFeed(ctx.database, db, { txid: stored.txid, id: stored.event_id }, 1);
    if (peek.items.length === 0) return false;
  }
  return db.transaction().execute(async (trx) => {
    if (!stored) {
      const end = await feedEnd(ctx, trx);
      await trx
        .insertInto('feed_relay')
        .values({ name: RELAY, txid: end.txid, event_id: end.id })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
    const row = await forUpdate(
      ctx.database,
      trx.selectFrom('feed_relay').selectAll().where('name', '=', RELAY),
      { skipLocked: true },
    ).executeTakeFirst();
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
    await trx
      .updateTable('feed_relay')
      .set({ txid, event_id: eventId })
      .where('name', '=', RELAY)
      .execute();
    return page.items.length === PAGE;
  });
}

export function feedRelayJob(ctx: AppContext): Job {
  return { name: 'relay-feed', runOnce: () => relayFeed(ctx) };
}
