import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/database/schema.js';

/**
 * PostgreSQL: what ANALYZE recorded of these two search indexes (by name), a row each that has
 * statistics, with the rows of service_contacts. pg_stats shows an expression index's statistics
 * under the index's name. Its element list is of type anyarray, which casts only to text; the
 * array's text form quotes and escapes what needs it, so casting that back to text[] gives the
 * keys as they are.
 */
export async function searchIndexStatistics(db: Kysely<DB>, indexes: readonly [string, string]) {
  const { rows } = await sql<{
    index: string;
    elems: string[] | null;
    freqs: number[] | null;
    tuples: number;
  }>`select s.tablename as index, s.most_common_elems::text::text[] as elems,
      s.most_common_elem_freqs as freqs, c.reltuples as tuples
    from pg_stats s cross join pg_class c
    where s.schemaname = current_schema() and s.tablename in
      (${indexes[0]}, ${indexes[1]}) and c.oid = to_regclass('service_contacts')`.execute(db);
  return rows;
}
