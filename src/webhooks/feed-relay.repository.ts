import { forUpdate, type Database, type Executor } from '../platform/database/database.js';

/** A place in the feed as the relay stores it: after the event (txid, event_id). */
export interface RelayPlace {
  txid: number;
  eventId: number;
}

/** Where the relay of this name stands, if it has started. */
export function feedRelayPlace(db: Executor, name: string) {
  return db.selectFrom('feed_relay').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The relay's first place; a relay another process started first keeps its own. */
export async function startFeedRelay(trx: Executor, name: string, at: RelayPlace): Promise<void> {
  await trx
    .insertInto('feed_relay')
    .values({ name, txid: at.txid, event_id: at.eventId })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * The relay's row, locked for this transaction on PostgreSQL; undefined when another process
 * holds it (SKIP LOCKED): one process relays at a time.
 */
export function lockFeedRelay(database: Database, trx: Executor, name: string) {
  return forUpdate(database, trx.selectFrom('feed_relay').selectAll().where('name', '=', name), {
    skipLocked: true,
  }).executeTakeFirst();
}

/** The relay moves on to this place (in the transaction that queued the events before it). */
export async function moveFeedRelay(trx: Executor, name: string, to: RelayPlace): Promise<void> {
  await trx
    .updateTable('feed_relay')
    .set({ txid: to.txid, event_id: to.eventId })
    .where('name', '=', name)
    .execute();
}
