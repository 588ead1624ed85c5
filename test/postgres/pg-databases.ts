import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/platform/database/database.js';
import { migrateToLatest } from '../../src/platform/database/migrate.js';

/**
 * Throw-away PostgreSQL databases for tests: one migrated template per test run, copied with
 * `CREATE DATABASE … TEMPLATE` for each test (cheap: a file copy, no migration), dropped after.
 * Every database of a run shares the run's prefix, so the run's teardown drops what a crashed
 * test left behind.
 */

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server the tests use: TEST_DATABASE_URL names a database to connect to for admin work. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string, serverUrl = testServerUrl()): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` with one short-lived admin connection (CREATE/DROP DATABASE cannot be pooled in a transaction). */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  client.on('error', () => {
    /* reported by the failing query */
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A prefix unique to this run: `ch_<time>_<random>` (PostgreSQL names are at most 63 bytes). */
export function newRunPrefix(): string {
  return `ch_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Creates and migrates the run's template database; returns its name. */
export async function createTemplate(prefix: string): Promise<string> {
  const name = `${prefix}_tpl`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quote(name)}`));
  const database = openDatabase(databaseUrl(name), { poolSize: 1 });
  try {
    await migrateToLatest(database);
  } finally {
    // No session may stay on a template while it is being copied.
    await database.close();
  }
  return name;
}

let counter = 0;

/** A fresh database copied from the template, for one test. */
export async function createDatabaseFrom(template: string): Promise<string> {
  const prefix = template.replace(/_tpl$/, '');
  const name = `${prefix}_${process.pid}_${++counter}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`));
  return name;
}

/** An empty database of the template's run (dropped with the run), for tests that migrate. */
export async function createEmptyDatabase(template: string, suffix: string): Promise<string> {
  const name = `${template.replace(/_tpl$/, '')}_${suffix}_${process.pid}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quote(name)}`));
  return name;
}

/** Drops a database, closing what is still connected to it. */
export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

/** Drops every database of a run (its template included). */
export async function dropRun(prefix: string): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix.replace(/_/g, '\\_')}\\_%`],
    );
    for (const { datname } of rows) {
      await c.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
    }
  });
}

/** Throws a clear error when the test server cannot be reached. */
export async function assertReachable(): Promise<void> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${testServerUrl().replace(/:[^:@/]*@/, ':***@')} (${why}); ` +
        'start it, or set TEST_DATABASE_URL',
      { cause: error },
    );
  }
}
