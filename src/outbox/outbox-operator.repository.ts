import type { Executor } from '../platform/database/database.js';
import type { OutboxState } from '../platform/database/schema.js';
import type { OutboxRow } from './outbox.repository.js';

/*
 * The queries of the operator's `outbox list` and `outbox retry` (manage-outbox.ts); those of
 * the senders (claims, marks, new deliveries) are in outbox.repository.ts.
 */

/** What the operator's `outbox list/retry` show of a delivery: never its payload or secret. */
const ENTRY_COLUMNS = [
  'id',
  'channel',
  'recipient',
  'account',
  'template',
  'request_id',
  'state',
  'attempts',
  'last_error',
  'next_attempt_at',
  'created_at',
  'sent_at',
] as const;

export type EntryRow = Pick<OutboxRow, (typeof ENTRY_COLUMNS)[number]>;

/** Deliveries in these states, newest first. */
export function newestDeliveriesIn(db: Executor, states: OutboxState[], limit: number) {
  return db
    .selectFrom('outbox')
    .select(ENTRY_COLUMNS)
    .where('state', 'in', states)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A delivery as the operator sees it, with its claim's end. */
export function findDeliveryEntry(db: Executor, id: number) {
  return db
    .selectFrom('outbox')
    .select(ENTRY_COLUMNS)
    .select('locked_until')
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Puts a pending or failed delivery back at the head of the queue with a fresh run of tries,
 * unless a sender holds its claim; false when it did not.
 */
export async function requeueDelivery(db: Executor, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      state: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
