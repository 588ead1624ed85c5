import type { Insertable, Selectable, SelectQueryBuilder } from 'kysely';
import { forUpdate, type Database, type Executor } from '../platform/database/database.js';
import type { ContactChangeTable, DB, ValidationTable } from '../platform/database/schema.js';
import type { Role } from '../services/roles.js';

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

/** Who validates a request and how each has answered so far (R13's re-check of the right). */
export function validatorStatusesOf(db: Executor, requestId: number) {
  return db
    .selectFrom('validations')
    .select(['account', 'status'])
    .where('request_id', '=', requestId)
    .execute();
}

/** A request's validations in no particular order (validationsOf orders them for display). */
export function validationRowsOf(db: Executor, requestId: number): Promise<Validation[]> {
  return db.selectFrom('validations').selectAll().where('request_id', '=', requestId).execute();
}

/** One more wrong code given by this validator on a request made alone (R10's count). */
export async function countWrongCodeOn(
  trx: Executor,
  requestId: number,
  account: string,
  failedSoFar: number,
): Promise<void> {
  await trx
    .updateTable('validations')
    .set({ failed_attempts: failedSoFar + 1 })
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .execute();
}

/**
 * Records a validator's answer, if it was still pending: a conditional update whose row count
 * says whether this call answered (false: an answer came first). The code stops working.
 */
export async function markAnswered(
  trx: Executor,
  requestId: number,
  account: string,
  answer: 'accepted' | 'refused',
  now: number,
): Promise<boolean> {
  const marked = await trx
    .updateTable('validations')
    .set({ status: answer, decided_at: now, token_hash: null })
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

/** The validator still to answer a request whose current code has this hash, if any. */
export async function pendingValidatorByCode(
  db: Executor,
  requestId: number,
  tokenHash: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('validations')
    .select('account')
    .where('request_id', '=', requestId)
    .where('status', '=', 'pending')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.account;
}

/** R14: a pending validator's new code (its hash), sent now; its count of wrong codes restarts. */
export async function renewCode(
  trx: Executor,
  requestId: number,
  account: string,
  tokenHash: string,
  now: number,
): Promise<void> {
  await trx
    .updateTable('validations')
    .set({ token_hash: tokenHash, token_sent_at: now, failed_attempts: 0 })
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('status', '=', 'pending')
    .execute();
}

/** The open requests holding one of these roles of the service whose time is up (R7, R16). */
export function staleRequestsHolding(
  trx: Executor,
  serviceId: number,
  roles: readonly Role[],
  now: number,
): Promise<ContactChange[]> {
  return trx
    .selectFrom('contact_changes')
    .selectAll()
    .where('state', '=', 'validatingByCustomers')
    .where('expires_at', '<=', now)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('pending_roles')
        .select('request_id')
        .where('service_id', '=', serviceId)
        .where('role', 'in', roles),
    )
    .execute();
}

/** A role of these held on the service by an open request, and that request (R7). */
export function roleHeldOn(
  trx: Executor,
  serviceId: number,
  roles: readonly Role[],
): Promise<{ role: Role; request_id: number } | undefined> {
  return trx
    .selectFrom('pending_roles')
    .select(['role', 'request_id'])
    .where('service_id', '=', serviceId)
    .where('role', 'in', roles)
    .executeTakeFirst();
}

/** Writes one request; returns it as stored. */
export function insertChange(
  trx: Executor,
  change: Insertable<ContactChangeTable>,
): Promise<ContactChange> {
  return trx.insertInto('contact_changes').values(change).returningAll().executeTakeFirstOrThrow();
}

/** The roles a new request holds until it ends (R7: the primary key refuses a second). */
export async function holdRoles(
  trx: Executor,
  serviceId: number,
  roles: readonly Role[],
  requestId: number,
): Promise<void> {
  await trx
    .insertInto('pending_roles')
    .values(roles.map((role) => ({ service_id: serviceId, role, request_id: requestId })))
    .execute();
}

/** A request's validations, a pending one per validator with its code's hash (R9). */
export async function insertPendingValidations(
  trx: Executor,
  rows: Insertable<ValidationTable>[],
): Promise<void> {
  await trx.insertInto('validations').values(rows).execute();
}
