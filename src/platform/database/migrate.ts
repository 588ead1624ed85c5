import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import * as initial from './migrations/001-initial.js';
import * as jobClaimIndexes from './migrations/002-job-claim-indexes.js';
import * as contactsVersion from './migrations/003-contacts-version.js';
import * as searchIndex from './migrations/004-search-index.js';
import * as noParallelScans from './migrations/005-no-parallel-scans.js';
import * as fiveGramIndex from './migrations/006-five-gram-index.js';
import * as searchInNameOrder from './migrations/007-search-in-name-order.js';
import * as profile from './migrations/009-profile.js';
import * as operatorFeed from './migrations/010-operator-feed.js';
import * as oauth2Clients from './migrations/011-oauth2-clients.js';
import * as changeBatches from './migrations/012-change-batches.js';

/** Migrations in order; each one runs on both SQLite and PostgreSQL. Never edit a shipped one. */
const MIGRATIONS = {
  '001-initial': initial,
  '002-job-claim-indexes': jobClaimIndexes,
  '003-contacts-version': contactsVersion,
  '004-search-index': searchIndex,
  '005-no-parallel-scans': noParallelScans,
  '006-five-gram-index': fiveGramIndex,
  '007-search-in-name-order': searchInNameOrder,
  '009-profile': profile,
  '010-operator-feed': operatorFeed,
  '011-oauth2-clients': oauth2Clients,
  '012-change-batches': changeBatches,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly database: Database) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const dialect = this.database.dialect;
    return Promise.resolve(
      Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db) => m.up(db, dialect) }]),
      ),
    );
  }
}

/** Applies pending migrations; returns the names applied. Throws with the failing migration. */
export function migrateToLatest(database: Database): Promise<string[]> {
  return migrate(database);
}

/** Applies pending migrations up to `last` (tests of an upgrade: a database as it was). */
export function migrateTo(database: Database, last: keyof typeof MIGRATIONS): Promise<string[]> {
  return migrate(database, last);
}

async function migrate(database: Database, last?: keyof typeof MIGRATIONS): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new InCodeProvider(database),
    // Numbers are handed out to work landing in parallel, so 010 may be applied before 009 on
    // a database that ran in between; each migration stands alone, so a late lower one runs.
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await (last === undefined
    ? migrator.migrateToLatest()
    : migrator.migrateTo(last));
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause =
      result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
