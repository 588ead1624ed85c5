import type { AppContext } from '../platform/context.js';
import type { Database, Executor } from '../platform/database/database.js';
import { invalidInput } from '../shared/errors.js';
import { feedEventsAfter } from './audit.repository.js';
import { parseData } from './contact-history.js';

/** One event of GET /api/admin/events, and the `data` of its `feed.*` webhook. */
export interface FeedEvent {
  id: number;
  type: string;
  date: string;
  actor: string | null;
  taskId: number | null;
  serviceType: string | null;
  serviceName: string | null;
  details: Record<string, unknown>;
}

export interface FeedPage {
  items: FeedEvent[];
  /** Where the next page starts: give it back as `after`. Never null: a feed has no end. */
  nextCursor: string;
}

/** A place in the feed: after the event (txid, id); (0, 0) is the beginning. */
export interface FeedPlace {
  txid: number;
  id: number;
}

export const FEED_START: FeedPlace = { txid: 0, id: 0 };
export const FEED_DEFAULT_PAGE = 100;
export const FEED_MAX_PAGE = 1000;

export function encodeFeedCursor(place: FeedPlace): string {
  return `${place.txid}_${place.id}`;
}

export function parseFeedCursor(value: unknown): FeedPlace {
  if (value === undefined || value === '') return FEED_START;
  const match = typeof value === 'string' ? /^([0-9]{1,15})_([0-9]{1,15})$/.exec(value) : null;
  if (!match) throw invalidInput('after must be the nextCursor of a previous page');
  return { txid: Number(match[1]), id: Number(match[2]) };
}

export function parseFeedLimit(value: unknown): number {
  if (value === undefined || value === '') return FEED_DEFAULT_PAGE;
  const n = typeof value === 'string' && /^[0-9]{1,5}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > FEED_MAX_PAGE) {
    throw invalidInput(`limit must be a whole number from 1 to ${FEED_MAX_PAGE}`);
  }
  return n;
}

/**
 * The audit log as a feed, oldest first (decision 093). Ids are taken at insert but made visible
 * at commit, so on PostgreSQL a poller reading `id > last` would skip an event whose transaction
 * commits after a later id's. The feed is read in (txid, id) order instead, and only among the
 * events of transactions older than the oldest one still running (the snapshot's xmin): no such
 * transaction can still add an event, and every later one sorts after them, so a page never
 * changes once served and the next one starts exactly where it stopped. SQLite has one writer at
 * a time, so its ids are in commit order already (txid is 0 for all).
 */
export async function readFeed(
  database: Database,
  db: Executor,
  after: FeedPlace,
  limit: number,
): Promise<FeedPage> {
  const rows = await feedEventsAfter(database.dialect, db, after, limit);
  const items = rows.map((row) => ({
    id: Number(row.id),
    type: row.event,
    date: new Date(Number(row.at)).toISOString(),
    actor: row.actor,
    taskId: row.request_id === null ? null : Number(row.request_id),
    serviceType: row.service_type ?? null,
    serviceName: row.service_name ?? null,
    details: parseData(row.data),
  }));
  const last = rows.at(-1);
  const next = last ? { txid: Number(last.txid), id: Number(last.id) } : after;
  return { items, nextCursor: encodeFeedCursor(next) };
}

/** GET /api/admin/events. */
export function listEvents(
  ctx: AppContext,
  query: { after?: unknown; limit?: unknown },
): Promise<FeedPage> {
  return readFeed(
    ctx.database,
    ctx.database.db,
    parseFeedCursor(query.after),
    parseFeedLimit(query.limit),
  );
}
