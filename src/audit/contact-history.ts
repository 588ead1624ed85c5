import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { getVisibleService } from '../services/get-service.js';
import { eventsOfServices } from './audit.repository.js';

export interface HistoryEvent {
  id: number;
  date: string;
  event: string;
  actor: string | null;
  taskId: number | null;
  details: Record<string, unknown>;
}

export function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * contactHistory (R17): the audit events of a service, oldest first. Events recorded against a
 * request of the service (e-mails queued, tokens resent) are included.
 */
export async function contactHistory(
  ctx: AppContext,
  caller: string,
  serviceType: unknown,
  serviceName: unknown,
): Promise<HistoryEvent[]> {
  const service = await getVisibleService(ctx, caller, serviceType, serviceName);
  return historyOf(ctx.database.db, [service.id]);
}

/** The audit events of these services and of their requests, oldest first. */
export async function historyOf(db: Executor, serviceIds: number[]): Promise<HistoryEvent[]> {
  const rows = await eventsOfServices(db, serviceIds);
  return rows.map((row) => ({
    id: Number(row.id),
    date: new Date(row.at).toISOString(),
    event: row.event,
    actor: row.actor,
    taskId: row.request_id === null ? null : Number(row.request_id),
    details: parseData(row.data),
  }));
}

export interface ContactsSnapshot {
  contactAdmin: string;
  contactTech: string;
  contactBilling: string;
}

/** The contacts a service had at a past moment, rebuilt from the audit log (R17). */
export function contactsAsOf(history: HistoryEvent[], at: number): ContactsSnapshot | undefined {
  let current: ContactsSnapshot | undefined;
  for (const event of history) {
    if (Date.parse(event.date) > at) break;
    if (event.event === 'service.created') current = event.details as unknown as ContactsSnapshot;
    if (event.event === 'request.applied') current = event.details.contacts as ContactsSnapshot;
  }
  return current;
}
