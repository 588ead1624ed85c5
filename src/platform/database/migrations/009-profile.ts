import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The account's own profile (issue 25): e-mail change requests (R19, OVH's emailChange task) and
 * password reset links (R20). Both keep only the SHA-256 of their code (R18). The partial unique
 * index lets an account have one open e-mail change at a time, whatever the races: a second
 * request ends the first (aborted) in the same transaction before it is written.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('email_changes')
    .addColumn('id', sql.raw(id), (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('old_email', 'text', (c) => c.notNull())
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('date_request', 'bigint', (c) => c.notNull())
    .addColumn('date_done', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_changes_by_account')
    .on('email_changes')
    .columns(['account', 'id'])
    .execute();
  await db.schema
    .createIndex('email_changes_one_open')
    .on('email_changes')
    .column('account')
    .unique()
    .where(sql.ref('state'), '=', 'todo')
    .execute();
  await db.schema
    .createIndex('email_changes_open_by_expiry')
    .on('email_changes')
    .column('expires_at')
    .where(sql.ref('state'), '=', 'todo')
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('password_resets_by_account')
    .on('password_resets')
    .column('account')
    .execute();
  await db.schema.createIndex('sessions_by_account').on('sessions').column('account').execute();
}
