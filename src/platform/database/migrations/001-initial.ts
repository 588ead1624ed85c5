import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const autoId = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', sql.raw(id), (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );

  await db.schema
    .createTable('accounts')
    .addColumn('nichandle', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await autoId('api_tokens')
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('api_tokens_by_account')
    .on('api_tokens')
    .columns(['account', 'id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_by_expiry').on('sessions').column('expires_at').execute();

  await autoId('services')
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contact_admin', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('contact_tech', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('contact_billing', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('services_type_name', ['service_type', 'service_name'])
    .execute();

  await db.schema
    .createTable('service_contacts')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('service_id', 'bigint', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('is_tech', 'integer', (c) => c.notNull())
    .addColumn('is_billing', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_contacts_pk', ['account', 'service_name', 'service_type'])
    .execute();
  const contactIndex = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('service_contacts').columns(columns).execute();
  await contactIndex('service_contacts_by_type', ['account', 'service_type', 'service_name']);
  await contactIndex('service_contacts_admin', [
    'account',
    'is_admin',
    'service_name',
    'service_type',
  ]);
  await contactIndex('service_contacts_tech', [
    'account',
    'is_tech',
    'service_name',
    'service_type',
  ]);
  await contactIndex('service_contacts_billing', [
    'account',
    'is_billing',
    'service_name',
    'service_type',
  ]);

  await autoId('invoices')
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('invoices_by_account')
    .on('invoices')
    .columns(['account', 'status'])
    .execute();

  await autoId('contact_changes')
    .addColumn('service_id', 'bigint', (c) => c.notNull().references('services.id'))
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('asking_account', 'text', (c) => c.notNull())
    .addColumn('from_account', 'text', (c) => c.notNull())
    .addColumn('to_account', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('asker_right', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('date_request', 'bigint', (c) => c.notNull())
    .addColumn('date_done', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('error_reason', 'text')
    .execute();
  const changeIndex = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('contact_changes').columns(columns).execute();
  await changeIndex('contact_changes_by_asker', ['asking_account', 'id']);
  await changeIndex('contact_changes_by_from', ['from_account', 'id']);
  await changeIndex('contact_changes_by_to', ['to_account', 'id']);
  await changeIndex('contact_changes_by_state', ['state', 'expires_at']);
  await changeIndex('contact_changes_by_service', ['service_id', 'id']);

  await db.schema
    .createTable('pending_roles')
    .addColumn('service_id', 'bigint', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('contact_changes.id'))
    .addPrimaryKeyConstraint('pending_roles_pk', ['service_id', 'role'])
    .execute();
  await db.schema
    .createIndex('pending_roles_by_request')
    .on('pending_roles')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('validations')
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('contact_changes.id'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('token_hash', 'text')
    .addColumn('token_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('validations_pk', ['request_id', 'account'])
    .execute();

  await autoId('audit_events')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('request_id', 'bigint')
    .addColumn('service_id', 'bigint')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_by_service')
    .on('audit_events')
    .columns(['service_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_by_request')
    .on('audit_events')
    .columns(['request_id', 'id'])
    .execute();

  await autoId('outbox')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('account', 'text')
    .addColumn('language', 'text')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text')
    .addColumn('request_id', 'bigint')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('outbox_by_request')
    .on('outbox')
    .columns(['request_id', 'id'])
    .execute();

  await autoId('mailbox')
    .addColumn('outbox_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('sealed_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
}
