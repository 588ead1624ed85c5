import type { Database, Executor } from '../platform/database/database.js';

/**
 * Marks the services listing of these accounts as changed: every write that changes a row of an
 * account's listing (its contacts, a service it is a contact of created or imported) calls this
 * in the same transaction. Listing pages cached at an older version are then never served again,
 * in any process (decision 062).
 *
 * On PostgreSQL the rows are first locked in name order. One UPDATE of several rows locks them in
 * the order its scan meets them, and that order moves as updates write new row versions: two
 * transactions bumping the same accounts would each hold one row the other waits for (decision
 * 065). SQLite has one writer at a time, so it needs no lock.
 */
export async function bumpContactsVersion(
  database: Database,
  trx: Executor,
  accounts: Iterable<string>,
): Promise<void> {
  const nichandles = [...new Set(accounts)].sort();
  if (nichandles.length === 0) return;
  if (database.dialect === 'postgres') {
    // FOR NO KEY UPDATE is the lock the UPDATE takes anyway: inserts of rows that refer to these
    // accounts (validations, the contacts index) go on meanwhile.
    await trx
      .selectFrom('accounts')
      .select('nichandle')
      .where('nichandle', 'in', nichandles)
      .orderBy('nichandle')
      .forNoKeyUpdate()
      .execute();
  }
  await trx
    .updateTable('accounts')
    .set((eb) => ({ contacts_version: eb('contacts_version', '+', 1) }))
    .where('nichandle', 'in', nichandles)
    .execute();
}
