import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * accounts.contacts_version: a counter bumped, in the same transaction, by every write that
 * changes a row of the account's services listing (a contact changed, a service imported or
 * created). A listing page computed at version v is still right while the version is v, which
 * lets every process keep pages in memory and check them with the one read it makes anyway to
 * know the caller (decision 062).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('contacts_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
