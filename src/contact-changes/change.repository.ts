import type { Selectable, SelectQueryBuilder } from 'kysely';
import { forUpdate, type Database, type Executor } from '../platform/database/database.js';
import type { ContactChangeTable, DB, ValidationTable } from '../platform/database/schema.js';

export type ContactChange = Selectable<ContactChangeTable>;
export type Validation = Selectable<ValidationTable>;

export function findChange(db: Executor, id: number): Promise<ContactChange | undefined> {
  return db.selectFrom('contact_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a request inside a transaction, locking its row on PostgreSQL. */
export function lockChange(database: Database, trx: Executor, id: number) {
  return forUpdate(
    database,
    trx.selectFrom('contact_changes').selectAll().where('id', '=', id),
  ).executeTakeFirst();
}

export function validationsOf(db: Executor, requestId: number): Promise<Validation[]> {
  return db
    .selectFrom('validations')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('token_sent_at')
    .orderBy('account')
    .execute();
}

/**
 * The current admin of each of these services (R1, R15: it sees and may cancel the requests on
 * its service). A service deleted since is simply absent.
 */
export async function currentAdmins(
  db: Executor,
  serviceIds: readonly number[],
): Promise<Map<number, string>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('services')
    .select(['id', 'contact_admin'])
    .where('id', 'in', [...new Set(serviceIds)])
    .execute();
  return new Map(rows.map((row) => [Number(row.id), row.contact_admin]));
}

export async function currentAdminOf(db: Executor, serviceId: number): Promise<string | undefined> {
  return (await currentAdmins(db, [serviceId])).get(Number(serviceId));
}

/** Every account a request concerns, each once: asker, old contact, new contact. */
export function partiesOf(change: ContactChange): string[] {
  return [...new Set([change.asking_account, change.from_account, change.to_account])];
}

/** A final state frees the roles for a new request (R7). */
export async function releaseRoles(trx: Executor, requestId: number): Promise<void> {
  await trx.deleteFrom('pending_roles').where('request_id', '=', requestId).execute();
}

/** The worker's claim of the oldest accepted request (`doing`) to apply (R12, R13). */
export function claimNextToApply(database: Database, trx: Executor) {
  return claim(
    database,
    trx.selectFrom('contact_changes').selectAll().where('state', '=', 'doing').orderBy('id'),
  );
}

/** The worker's claim of the open request whose time ran out first (R16). */
export function claimNextExpired(database: Database, trx: Executor, now: number) {
  return claim(
    database,
    trx
      .selectFrom('contact_changes')
      .selectAll()
      .where('state', '=', 'validatingByCustomers')
      .where('expires_at', '<=', now)
      .orderBy('expires_at'),
  );
}

/**
 * Takes one row of the query, locked for this transaction. On PostgreSQL SKIP LOCKED lets
 * several processes each take a different request without waiting; the conditional move of
 * transitions.ts settles the rest (and all of it on SQLite, whose writers take turns).
 */
function claim(
  database: Database,
  query: SelectQueryBuilder<DB, 'contact_changes', ContactChange>,
): Promise<ContactChange | undefined> {
  return forUpdate(database, query.limit(1), { skipLocked: true }).executeTakeFirst();
}
