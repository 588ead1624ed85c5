import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';

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
