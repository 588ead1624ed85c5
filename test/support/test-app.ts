import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/database/database.js';
import { migrateToLatest } from '../../src/platform/database/migrate.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnop';

let template: string | undefined;

/** A migrated SQLite file made once per test process; each test copies it (epic-stack's trick). */
async function migratedTemplate(): Promise<string> {
  if (template) return template;
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-template-'));
  const path = join(dir, 'template.db');
  const database = openDatabase(`sqlite:${path}`);
  await migrateToLatest(database);
  await database.close(); // closing the last connection folds the WAL into the file
  template = path;
  return path;
}

export interface TestApp extends App {
  clock: ManualClock;
  config: Config;
  /** Path of the SQLite file, for tests that read the file itself. */
  dbPath: string;
  dir: string;
}

/**
 * A fresh application on its own database for one test, with a manual clock. Extra environment
 * variables (REQUEST_TTL_SECONDS…) go in `env`.
 */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-test-'));
  const dbPath = join(dir, 'contacthub.db');
  copyFileSync(await migratedTemplate(), dbPath);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${dbPath}`,
    SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
  const clock = new ManualClock(Date.UTC(2026, 10, 24, 9, 0, 0));
  const app = await openApp(config, { clock });
  return {
    ...app,
    clock,
    config,
    dbPath,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
