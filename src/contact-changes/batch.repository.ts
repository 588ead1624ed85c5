import type { Insertable } from 'kysely';
import { forUpdate, type Database, type Executor } from '../platform/database/database.js';
import type {
  ContactChangeTable,
  PendingRoleTable,
  ValidationTable,
} from '../platform/database/schema.js';
import type { Service } from '../services/service.repository.js';
import type { ContactChange, Validation } from './change.repository.js';

/**
 * The queries of a bulk change (R22). Each step writes all the batch's rows in a few statements
 * rather than one per request: a batch holds up to 3,000 requests (1,000 services, three pairs).
 */

/** Rows per statement: 13 columns × 1,000 stays below SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 1_000;

export function inChunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const keyOf = (type: string, name: string) => `${type}\u0000${name}`;

/** Services by (type, name), read and locked (PostgreSQL) in id order, so lockers never cross. */
export async function lockServicesByName(
  database: Database,
  trx: Executor,
  wanted: readonly { serviceType: string; serviceName: string }[],
): Promise<Map<string, Service>> {
  const found = new Map<string, Service>();
  const names = [...new Set(wanted.map((w) => w.serviceName))];
  for (const part of inChunks(names)) {
    const rows = await forUpdate(
      database,
      trx.selectFrom('services').selectAll().where('service_name', 'in', part).orderBy('id'),
    ).execute();
    for (const row of rows) found.set(keyOf(row.service_type, row.service_name), row);
  }
  return new Map(
    wanted.flatMap((w) => {
      const service = found.get(keyOf(w.serviceType, w.serviceName));
      return service ? [[keyOf(w.serviceType, w.serviceName), service] as const] : [];
    }),
  );
}

export const serviceKey = keyOf;

/** Which of these accounts exist. */
export async function existingAccounts(trx: Executor, accounts: string[]): Promise<Set<string>> {
  if (accounts.length === 0) return new Set();
  const rows = await trx
    .selectFrom('accounts')
    .select('nichandle')
    .where('nichandle', 'in', [...new Set(accounts)])
    .execute();
  return new Set(rows.map((r) => r.nichandle));
}

/** R5 for many accounts at once: those with an unpaid invoice. */
export async function accountsInDebt(trx: Executor, accounts: string[]): Promise<Set<string>> {
  if (accounts.length === 0) return new Set();
  const rows = await trx
    .selectFrom('invoices')
    .select('account')
    .distinct()
    .where('account', 'in', [...new Set(accounts)])
    .where('status', '=', 'unpaid')
    .execute();
  return new Set(rows.map((r) => r.account));
}

/** The open requests holding roles of these services (R7), with the roles they hold. */
export async function openRequestsOn(trx: Executor, serviceIds: number[]) {
  const rows: (ContactChange & { role: PendingRoleTable['role'] })[] = [];
  for (const part of inChunks(serviceIds)) {
    rows.push(
      ...(await trx
        .selectFrom('pending_roles')
        .innerJoin('contact_changes', 'contact_changes.id', 'pending_roles.request_id')
        .selectAll('contact_changes')
        .select('pending_roles.role')
        .where('pending_roles.service_id', 'in', part)
        .execute()),
    );
  }
  return rows;
}

export async function insertBatch(trx: Executor, asker: string, now: number): Promise<number> {
  const row = await trx
    .insertInto('change_batches')
    .values({ asking_account: asker, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Writes requests; returns them as stored, in the order given. */
export async function insertChanges(
  trx: Executor,
  changes: Insertable<ContactChangeTable>[],
): Promise<ContactChange[]> {
  const stored: ContactChange[] = [];
  for (const part of inChunks(changes, 500)) {
    const rows = await trx.insertInto('contact_changes').values(part).returningAll().execute();
    // RETURNING's order is not promised: ids grow with the order of the VALUES list.
    stored.push(...rows.sort((a, b) => Number(a.id) - Number(b.id)));
  }
  return stored.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function insertPendingRoles(trx: Executor, rows: PendingRoleTable[]): Promise<void> {
  for (const part of inChunks(rows)) await trx.insertInto('pending_roles').values(part).execute();
}

export async function insertValidations(
  trx: Executor,
  rows: Insertable<ValidationTable>[],
): Promise<void> {
  for (const part of inChunks(rows)) await trx.insertInto('validations').values(part).execute();
}

/** A batch's requests, locked (PostgreSQL) in id order: two deciders of one batch queue up. */
export function lockBatchChanges(
  database: Database,
  trx: Executor,
  batchId: number,
): Promise<ContactChange[]> {
  return forUpdate(
    database,
    trx.selectFrom('contact_changes').selectAll().where('batch_id', '=', batchId).orderBy('id'),
  ).execute();
}

export function batchChanges(db: Executor, batchId: number): Promise<ContactChange[]> {
  return db
    .selectFrom('contact_changes')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .execute();
}

/** One validator's validations of a batch. */
export async function validationsInBatch(
  db: Executor,
  batchId: number,
  account: string,
): Promise<Validation[]> {
  return db
    .selectFrom('validations')
    .selectAll()
    .where('account', '=', account)
    .where('request_id', 'in', (eb) =>
      eb.selectFrom('contact_changes').select('id').where('batch_id', '=', batchId),
    )
    .execute();
}

/** Every validation of these requests. */
export async function validationsOfMany(db: Executor, ids: number[]): Promise<Validation[]> {
  const rows: Validation[] = [];
  for (const part of inChunks(ids)) {
    rows.push(
      ...(await db.selectFrom('validations').selectAll().where('request_id', 'in', part).execute()),
    );
  }
  return rows;
}

/**
 * R10 per validator and batch: a wrong code counts once on each of the validator's pending
 * validations of the batch, so that the lock holds whichever route (batch or single) it tries.
 */
export async function countWrongCode(
  trx: Executor,
  batchId: number,
  account: string,
): Promise<void> {
  await trx
    .updateTable('validations')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('account', '=', account)
    .where('status', '=', 'pending')
    .where('request_id', 'in', (eb) =>
      eb.selectFrom('contact_changes').select('id').where('batch_id', '=', batchId),
    )
    .execute();
}

/** Marks the validator's pending answers; returns the requests where this call won the race. */
export async function markDecided(
  trx: Executor,
  account: string,
  ids: number[],
  status: 'accepted' | 'refused',
  now: number,
): Promise<number[]> {
  const won: number[] = [];
  for (const part of inChunks(ids)) {
    const rows = await trx
      .updateTable('validations')
      .set({ status, decided_at: now, token_hash: null })
      .where('account', '=', account)
      .where('status', '=', 'pending')
      .where('request_id', 'in', part)
      .returning('request_id')
      .execute();
    won.push(...rows.map((r) => Number(r.request_id)));
  }
  return won.sort((a, b) => a - b);
}

/** A final state frees the roles of many requests for new ones (R7). */
export async function releaseRolesOf(trx: Executor, ids: number[]): Promise<void> {
  for (const part of inChunks(ids)) {
    await trx.deleteFrom('pending_roles').where('request_id', 'in', part).execute();
  }
}

/** R14 per validator and batch: one new code for every request the validator still has to answer. */
export async function replaceBatchCode(
  trx: Executor,
  batchId: number,
  account: string,
  tokenHash: string,
  now: number,
): Promise<void> {
  await trx
    .updateTable('validations')
    .set({ token_hash: tokenHash, token_sent_at: now, failed_attempts: 0 })
    .where('account', '=', account)
    .where('status', '=', 'pending')
    .where('request_id', 'in', (eb) =>
      eb.selectFrom('contact_changes').select('id').where('batch_id', '=', batchId),
    )
    .execute();
}
