import type { Executor } from '../platform/database/database.js';

/**
 * Marks the services listing of these accounts as changed: every write that changes a row of an
 * account's listing (its contacts, a service it is a contact of created or imported) calls this
 * in the same transaction. Listing pages cached at an older version are then never served again,
 * in any process (decision 062). Accounts are updated in one statement, in a fixed order, so that
 * two transactions on PostgreSQL lock them in the same order.
 */
export async function bumpContactsVersion(
  trx: Executor,
  accounts: Iterable<string>,
): Promise<void> {
  const nichandles = [...new Set(accounts)].sort();
  if (nichandles.length === 0) return;
  await trx
    .updateTable('accounts')
    .set((eb) => ({ contacts_version: eb('contacts_version', '+', 1) }))
    .where('nichandle', 'in', nichandles)
    .execute();
}
