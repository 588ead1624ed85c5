import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/database.js';
import type { DB } from '../../platform/database/schema.js';
import { searchIndexStatistics } from './postgres-statistics.repository.js';

/** How long a process keeps PostgreSQL's statistics of the search indexes before reading them again. */
export const STATISTICS_TTL_MS = 60_000;

/** The GIN index of each piece size (migrations 004 and 006). */
const INDEX_OF_SIZE = {
  3: 'service_contacts_search',
  5: 'service_contacts_search_fivegrams',
} as const;

/**
 * What ANALYZE recorded of one search index's keys (`account piece`): the most common ones with
 * their frequencies, the least of those frequencies, and the rows of the table.
 */
interface IndexStatistics {
  frequencies: Map<string, number>;
  minFrequency: number;
  rows: number;
}

interface Kept {
  /** Undefined when the index has no statistics yet (never analysed). */
  bySize: Partial<Record<3 | 5, IndexStatistics>>;
  readAt: number;
}

/** A process's copy of the statistics, by database; read again once older than the TTL. */
const kept = new WeakMap<Database, { current?: Kept; reading?: Promise<Kept> }>();

async function readStatistics(db: Kysely<DB>, now: number): Promise<Kept> {
  const rows = await searchIndexStatistics(db, [INDEX_OF_SIZE[3], INDEX_OF_SIZE[5]]);
  const bySize: Kept['bySize'] = {};
  for (const size of [3, 5] as const) {
    const row = rows.find((r) => r.index === INDEX_OF_SIZE[size]);
    // The last three frequencies are the least and greatest of the list, then that of nulls.
    if (!row?.elems || !row.freqs || row.freqs.length !== row.elems.length + 3) continue;
    const frequencies = new Map<string, number>();
    row.elems.forEach((elem, i) => frequencies.set(elem, row.freqs![i]!));
    bySize[size] = {
      frequencies,
      minFrequency: row.freqs[row.elems.length]!,
      rows: Math.max(0, Number(row.tuples)),
    };
  }
  return { bySize, readAt: now };
}

/** The statistics, read at the first call and again once older than the TTL. */
async function statisticsOf(database: Database, now: number): Promise<Kept> {
  let entry = kept.get(database);
  if (entry === undefined) kept.set(database, (entry = {}));
  const { current } = entry;
  if (current !== undefined && now - current.readAt < STATISTICS_TTL_MS) return current;
  // Statistics that cannot be read (a role without access to pg_stats, say) leave the search on
  // its path for unknown strings until the next read.
  entry.reading ??= readStatistics(database.db, now)
    .catch((): Kept => ({ bySize: {}, readAt: now }))
    .finally(() => {
      entry.reading = undefined;
    });
  const read = await entry.reading;
  entry.current = read;
  return read;
}

/**
 * PostgreSQL: how many rows of service_contacts ANALYZE expects to hold the rarest of these
 * index keys, the way its planner estimates an array's element (a key below the list of most
 * common ones counts half the least frequency listed); undefined when the index has no
 * statistics. A search holds every one of its pieces, so its matches number at most this.
 */
export async function expectedCandidates(
  database: Database,
  size: 3 | 5,
  keys: string[],
  now: number,
): Promise<number | undefined> {
  const statistics = (await statisticsOf(database, now)).bySize[size];
  if (statistics === undefined || keys.length === 0) return undefined;
  const { frequencies, minFrequency, rows } = statistics;
  const rarest = Math.min(...keys.map((key) => frequencies.get(key) ?? minFrequency / 2));
  return rarest * rows;
}
