import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openDatabase, type DialectName } from '../../src/platform/database/database.js';
import { migrateToLatest } from '../../src/platform/database/migrate.js';
import {
  createDatabaseFrom,
  createTemplate,
  databaseUrl,
  dropDatabase,
  dropRun,
  newRunPrefix,
} from '../postgres/pg-databases.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnop';

/** The database the suite runs on: `TEST_DB=postgres` (see vitest.config.ts), SQLite otherwise. */
export const TEST_DIALECT: DialectName = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

let sqliteTemplate: string | undefined;

/** A migrated SQLite file made once per test process; each test copies it (epic-stack's trick). */
async function migratedSqliteTemplate(): Promise<string> {
  if (sqliteTemplate) return sqliteTemplate;
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-template-'));
  const path = join(dir, 'template.db');
  const database = openDatabase(`sqlite:${path}`);
  await migrateToLatest(database);
  await database.close(); // closing the last connection folds the WAL into the file
  sqliteTemplate = path;
  return path;
}

let pgTemplate: Promise<string> | undefined;

/**
 * The run's migrated PostgreSQL template, made by test/postgres/global-setup.ts. A process
 * started without that set-up (another vitest config) makes its own and drops it on exit.
 */
function migratedPgTemplate(): Promise<string> {
  const provided = inject('pgTemplate');
  if (provided) return Promise.resolve(provided);
  if (!pgTemplate) {
    const prefix = newRunPrefix();
    pgTemplate = createTemplate(prefix);
    process.once('beforeExit', () => void dropRun(prefix));
  }
  return pgTemplate;
}

export interface TestApp extends App {
  clock: ManualClock;
  config: Config;
  /** Which database this test runs on. */
  dialect: DialectName;
  /** Path of the SQLite file, for tests that read the file itself; '' on PostgreSQL. */
  dbPath: string;
  dir: string;
  /**
   * Everything the database keeps, as text: the SQLite file's bytes (main file and WAL), or a
   * pg_dump of the PostgreSQL database. For checks such as R18 ("the database alone never
   * yields a usable token").
   */
  storedText(): Promise<string>;
}

const run = promisify(execFile);

/**
 * A fresh application on its own database for one test, with a manual clock. Extra environment
 * variables (REQUEST_TTL_SECONDS…) go in `env`. On PostgreSQL each test gets its own database,
 * copied from the run's template and dropped by `close()`.
 */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-test-'));
  let dbPath = '';
  let pgName: string | undefined;
  let url: string;
  if (TEST_DIALECT === 'postgres') {
    pgName = await createDatabaseFrom(await migratedPgTemplate());
    url = databaseUrl(pgName);
  } else {
    dbPath = join(dir, 'contacthub.db');
    copyFileSync(await migratedSqliteTemplate(), dbPath);
    url = `sqlite:${dbPath}`;
  }
  try {
    const config = loadConfig({ DATABASE_URL: url, SECRET_KEY: TEST_SECRET_KEY, ...env });
    const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));
    const app = await openApp(config, { clock, poolSize: 4 });
    return {
      ...app,
      clock,
      config,
      dialect: TEST_DIALECT,
      dbPath,
      dir,
      async storedText() {
        if (pgName === undefined) {
          return [dbPath, `${dbPath}-wal`]
            .filter((path) => existsSync(path))
            .map((path) => readFileSync(path).toString('latin1'))
            .join('\n');
        }
        const { stdout } = await run('pg_dump', ['--data-only', '--inserts', url], {
          maxBuffer: 256 * 1024 * 1024,
        });
        return stdout;
      },
      async close() {
        try {
          await app.close();
        } finally {
          if (pgName !== undefined) await dropDatabase(pgName);
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (pgName !== undefined) await dropDatabase(pgName);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
