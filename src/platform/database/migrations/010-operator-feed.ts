import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The operator's API (issue 26, decision 093):
 * - `audit_events.txid`: on PostgreSQL the id of the transaction that wrote the event
 *   (`pg_current_xact_id()`), 0 on SQLite and for the events written before. The feed of
 *   GET /api/admin/events is read in (txid, id) order and only below the oldest transaction
 *   still running, so that an event committed late is never skipped by a poller.
 * - `deleted_services`: what an operator's DELETE keeps of a service, whose row stays (requests
 *   and the audit log refer to it) with its name freed for a new service (decision 094).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('txid', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'postgres') {
    await sql`alter table audit_events alter column txid
              set default (pg_current_xact_id()::text::bigint)`.execute(db);
  }
  await db.schema
    .createIndex('audit_events_feed')
    .on('audit_events')
    .columns(['txid', 'id'])
    .execute();

  await db.schema
    .createTable('deleted_services')
    .addColumn('service_id', 'bigint', (c) => c.primaryKey())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deleted_services_by_name')
    .on('deleted_services')
    .columns(['service_type', 'service_name'])
    .execute();

  // The worker that posts every event of the feed to WEBHOOK_URL keeps its place here (one row).
  await db.schema
    .createTable('feed_relay')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('txid', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .execute();
}
