import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * PostgreSQL: no parallel workers for scans of services and service_contacts (decision 070).
 * Every query on them reads one page, a few rows by index; starting parallel workers costs more
 * than any of them. The planner still chose them for a search's window in an account of
 * 1,000,000 services: it cannot tell that an account's first thousand names lie together, took
 * the window for a tenth of the table, and planned a parallel scan whose two workers started at
 * every request (4 ms a request where 1 ms was enough). A table's own `parallel_workers = 0`
 * holds for every session and behind any pooler. SQLite has no parallel scans.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table services set (parallel_workers = 0)`.execute(db);
  await sql`alter table service_contacts set (parallel_workers = 0)`.execute(db);
}
