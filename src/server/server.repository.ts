import { sql } from 'kysely';
import type { Executor } from '../platform/database/database.js';

/*
 * The queries of server/: the rate limits' counters in the `rate_limits` table (rate-limit.ts)
 * and the health check's round trip (health.routes.ts).
 */

/**
 * Adds one hit to a key's counter in the window starting at `windowStart` (a new window starts
 * again at one); returns the hits so far. One statement, atomic on SQLite and PostgreSQL alike:
 * concurrent hits never lose a count.
 */
export async function countHit(db: Executor, key: string, windowStart: number): Promise<number> {
  const result = await sql<{ hits: number }>`
      insert into rate_limits (key, window_start, hits) values (${key}, ${windowStart}, 1)
      on conflict (key) do update set
        hits = case when rate_limits.window_start = excluded.window_start
                    then rate_limits.hits + 1 else 1 end,
        window_start = excluded.window_start
      returning hits`.execute(db);
  return Number(result.rows[0]?.hits ?? 1);
}

/** Deletes the counters whose window started before `before`; returns how many. */
export async function deleteCountersBefore(db: Executor, before: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** One round trip to the database; throws when it cannot be reached. */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
