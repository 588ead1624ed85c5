import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * R22: a bulk change groups its requests in a batch. `change_batches` says who asked and when;
 * `contact_changes.batch_id` ties each request to it (null for a request made alone). A batch's
 * requests are read by batch (accept all, the batch e-mail, the requests page), hence the index.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('change_batches')
    .addColumn('id', sql.raw(id), (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('asking_account', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('contact_changes')
    .addColumn('batch_id', 'bigint', (c) => c.references('change_batches.id'))
    .execute();
  await db.schema
    .createIndex('contact_changes_by_batch')
    .on('contact_changes')
    .columns(['batch_id', 'id'])
    .execute();
}
