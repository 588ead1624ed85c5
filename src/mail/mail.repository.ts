import type { Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { MailboxTable } from '../platform/database/schema.js';

/**
 * Keeps a message in the built-in mailbox unless its outbox row is there already; true when
 * this call stored it. ON CONFLICT rather than catching the violation: on PostgreSQL a failed
 * statement aborts the whole transaction, and the caller still has to mark the outbox row sent.
 */
export async function insertMailboxMessage(
  trx: Executor,
  values: Insertable<MailboxTable>,
): Promise<boolean> {
  const result = await trx
    .insertInto('mailbox')
    .values(values)
    .onConflict((oc) => oc.column('outbox_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The mailbox's newest messages first, without their (sealed) bodies. */
export function newestMailboxMessages(db: Executor, limit: number) {
  return db
    .selectFrom('mailbox')
    .select(['id', 'recipient', 'subject', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findMailboxMessage(db: Executor, id: number) {
  return db.selectFrom('mailbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The recipient of the newest e-mail of a request to an account, from the outbox. */
export async function lastRecipientEmailed(
  db: Executor,
  requestId: number,
  account: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select('recipient')
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('channel', '=', 'email')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.recipient;
}
