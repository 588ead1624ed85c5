import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The apply job claims "the oldest request in state doing" (state = … ORDER BY id): with only
 * (state, expires_at) the database either sorts every row of that state or walks the primary key
 * across all requests. (state, id) answers it with the first entry of one index range.
 * (test/performance/query-plans.test.ts shows the plans.)
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex('contact_changes_by_state_id')
    .on('contact_changes')
    .columns(['state', 'id'])
    .execute();
}
