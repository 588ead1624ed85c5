import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DialectName, Executor } from '../platform/database/database.js';

/**
 * Events of R17. Each is written in the transaction of the change it records, so the log and
 * the data never disagree.
 */
export type AuditEventName =
  | 'account.created'
  | 'account.updated'
  | 'service.created'
  | 'service.contacts'
  | 'service.status'
  | 'service.deleted'
  | 'invoice.created'
  | 'invoice.paid'
  | 'token.created'
  | 'token.revoked'
  | 'application.created'
  | 'application.revoked'
  | 'request.created'
  | 'request.accepted'
  | 'request.refused'
  | 'request.resent'
  | 'request.cancelled'
  | 'request.expired'
  | 'request.applied'
  | 'request.failed'
  | 'token.rejected'
  | 'email.queued'
  | 'email.sent'
  | 'email.failed'
  | 'account.emailChanged'
  | 'emailChange.requested'
  | 'emailChange.accepted'
  | 'emailChange.refused'
  | 'emailChange.aborted'
  | 'emailChange.expired'
  | 'emailChange.codeRejected'
  | 'password.changed'
  | 'password.resetRequested'
  | 'password.reset';

/** The actor of what the provider does through the operator API (ADMIN_TOKEN has no name). */
export const OPERATOR = 'operator';

export interface NewAuditEvent {
  event: AuditEventName;
  actor: string | null;
  requestId?: number | null;
  serviceId?: number | null;
  data?: Record<string, unknown>;
}

export async function recordEvent(
  db: Executor,
  ctx: Pick<AppContext, 'clock'>,
  event: NewAuditEvent,
): Promise<void> {
  await recordEvents(db, ctx, [event]);
}

/**
 * Records events in one statement, in the order given (their ids follow it): on PostgreSQL each
 * statement is a round trip, which costs more than writing the rows (decision 072).
 */
export async function recordEvents(
  db: Executor,
  ctx: Pick<AppContext, 'clock'>,
  events: readonly NewAuditEvent[],
): Promise<void> {
  const at = ctx.clock.now();
  // A batch (R22) records thousands: 1,000 rows a statement stays below SQLite's parameter limit.
  for (let i = 0; i < events.length; i += 1_000) {
    await insertEvents(db, at, events.slice(i, i + 1_000));
  }
}

async function insertEvents(db: Executor, at: number, events: readonly NewAuditEvent[]) {
  await db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        at,
        event: event.event,
        actor: event.actor,
        request_id: event.requestId ?? null,
        service_id: event.serviceId ?? null,
        data: JSON.stringify(event.data ?? {}),
      })),
    )
    .execute();
}

/** The audit events of these services and of their requests, oldest first. */
export function eventsOfServices(db: Executor, serviceIds: number[]) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('service_id', 'in', serviceIds),
        eb(
          'request_id',
          'in',
          db.selectFrom('contact_changes').select('id').where('service_id', 'in', serviceIds),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
}

/**
 * The ids of every service that bears or bore this name: the current one, then those deleted
 * (their history is kept, decision 094).
 */
export async function serviceIdsEverNamed(
  db: Executor,
  serviceType: string,
  serviceName: string,
): Promise<number[]> {
  const current = await db
    .selectFrom('services')
    .select('id')
    .where('service_type', '=', serviceType)
    .where('service_name', '=', serviceName)
    .execute();
  const deleted = await db
    .selectFrom('deleted_services')
    .select('service_id as id')
    .where('service_type', '=', serviceType)
    .where('service_name', '=', serviceName)
    .execute();
  return [...current, ...deleted].map((row) => Number(row.id));
}

/**
 * The feed's events after a place, in (txid, id) order, with the name of their service (the
 * real one of a deleted service); on PostgreSQL only those of transactions older than the oldest
 * one still running (decision 093, event-feed.ts says why).
 */
export async function feedEventsAfter(
  dialect: DialectName,
  db: Executor,
  after: { txid: number; id: number },
  limit: number,
) {
  const horizon = sql<boolean>`e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('contact_changes as c', 'c.id', 'e.request_id')
    .leftJoin('services as s', (join) =>
      join.on((eb) => eb('s.id', '=', eb.fn.coalesce('e.service_id', 'c.service_id'))),
    )
    .leftJoin('deleted_services as d', 'd.service_id', 's.id')
    .select([
      'e.id',
      'e.txid',
      'e.at',
      'e.event',
      'e.actor',
      'e.request_id',
      'e.data',
      (eb) => eb.fn.coalesce('d.service_type', 's.service_type').as('service_type'),
      (eb) => eb.fn.coalesce('d.service_name', 's.service_name').as('service_name'),
    ])
    .where((eb) =>
      eb.or([
        eb('e.txid', '>', after.txid),
        eb.and([eb('e.txid', '=', after.txid), eb('e.id', '>', after.id)]),
      ]),
    );
  if (dialect === 'postgres') query = query.where(horizon);
  return query.orderBy('e.txid').orderBy('e.id').limit(limit).execute();
}

/**
 * The feed's last event, (txid, id), if any: on PostgreSQL only among the transactions older
 * than the oldest one still running, as in `feedEventsAfter`.
 */
export function lastFeedEvent(dialect: DialectName, db: Executor) {
  let query = db
    .selectFrom('audit_events as e')
    .select(['e.txid', 'e.id'])
    .orderBy('e.txid', 'desc')
    .orderBy('e.id', 'desc')
    .limit(1);
  if (dialect === 'postgres') {
    query = query.where(
      sql<boolean>`e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
    );
  }
  return query.executeTakeFirst();
}
