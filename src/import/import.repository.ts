import { sql, type Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type {
  AccountTable,
  AuditEventTable,
  ServiceContactTable,
  ServiceTable,
} from '../platform/database/schema.js';

/*
 * The queries of the CSV import (SPEC §8): multi-row statements, one per chunk the caller gives,
 * that write what createAccount and createService write for one row.
 */

/** Writes the accounts not there yet; returns the nichandles written (the others exist). */
export async function insertNewAccounts(
  trx: Executor,
  accounts: Insertable<AccountTable>[],
): Promise<Set<string>> {
  const inserted = await trx
    .insertInto('accounts')
    .values(accounts)
    .onConflict((oc) => oc.column('nichandle').doNothing())
    .returning('nichandle')
    .execute();
  return new Set(inserted.map((r) => r.nichandle));
}

/** Of these nichandles, those that have an account. */
export function existingNichandles(trx: Executor, nichandles: string[]) {
  return trx
    .selectFrom('accounts')
    .select('nichandle')
    .where('nichandle', 'in', nichandles)
    .execute();
}

/**
 * Writes the services not there yet, ON CONFLICT DO NOTHING + RETURNING: the rows not returned
 * already exist, on both databases, without a failed statement spoiling the transaction.
 */
export function insertNewServices(trx: Executor, services: Omit<Insertable<ServiceTable>, 'id'>[]) {
  return trx
    .insertInto('services')
    .values(services)
    .onConflict((oc) => oc.columns(['service_type', 'service_name']).doNothing())
    .returning(['id', 'service_type', 'service_name'])
    .execute();
}

/** Rows of the listing's index, service_contacts, for new services. */
export async function insertListingRows(
  trx: Executor,
  rows: Insertable<ServiceContactTable>[],
): Promise<void> {
  await trx.insertInto('service_contacts').values(rows).execute();
}

/** Audit events written at once (`account.created`, `service.created`). */
export async function insertAuditEvents(
  trx: Executor,
  events: Omit<Insertable<AuditEventTable>, 'id'>[],
): Promise<void> {
  await trx.insertInto('audit_events').values(events).execute();
}

/** PostgreSQL: fresh statistics for these tables after a bulk load. */
export async function analyzeTables(db: Executor, tables: readonly string[]): Promise<void> {
  await sql.raw(`analyze ${tables.join(', ')}`).execute(db);
}

/** PostgreSQL: a GIN index's pending list merged into the index. */
export async function cleanGinPendingList(db: Executor, index: string): Promise<void> {
  await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
}

/** SQLite: the highest rowid of service_contacts, its rows counted without reading them. */
export async function highestListingRowid(db: Executor): Promise<number | null | undefined> {
  const { rows } = await sql<{ indexed: number | null }>`
        select max(rowid) as indexed from service_contacts`.execute(db);
  return rows[0]?.indexed;
}

/** SQLite: an FTS5 table rewritten as one segment. */
export async function optimizeSearchTable(db: Executor, table: string): Promise<void> {
  await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('optimize')`.execute(db);
}
