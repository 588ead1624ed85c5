import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { TEST_DIALECT } from '../support/test-app.js';

/**
 * Issue 24, point 10: `serve` in the embedded mode, as a real process. An empty key file stops
 * the start with a clear message; the database file, its -wal and -shm are 0600 like the key.
 * SQLite only (the embedded mode).
 */
const sqliteTest = test.skipIf(TEST_DIALECT === 'postgres');

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'test/http/cli-entry.ts');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-files-'));
  dirs.push(dir);
  return dir;
}

/** Runs `serve` until it listens (then `atListening`, then SIGTERM) or exits; no SECRET_KEY. */
function serve(
  dbPath: string,
  atListening?: () => void,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_URL: `sqlite:${dbPath}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (atListening && /listening on/.test(out) && child.exitCode === null && !child.killed) {
      atListening();
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    }),
  );
}

const mode = (path: string) => statSync(path).mode & 0o777;

sqliteTest(
  'an empty secret key file stops the start with a clear message',
  async () => {
    const dir = tempDir();
    const db = join(dir, 'contacthub.db');
    writeFileSync(`${db}.secret`, '\n', { mode: 0o600 });
    const run = await serve(db);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(`the secret key file ${db}.secret is empty`);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.out).not.toContain('listening');
    // Nothing was made with a key nobody could read again.
    expect(existsSync(db)).toBe(false);
  },
  40_000,
);

test('a short key file is refused too', () => {
  const dir = tempDir();
  const db = join(dir, 'contacthub.db');
  writeFileSync(`${db}.secret`, 'abc\n', { mode: 0o600 });
  expect(() => loadConfig({ DATABASE_URL: `sqlite:${db}` })).toThrow(/shorter than 32 characters/);
});

sqliteTest(
  'the database file, its WAL and shared memory are created 0600 like the key',
  async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'contacthub.db');
    let modes: number[] = [];
    // The WAL files go when the last connection closes: read while the server runs.
    const run = await serve(db, () => {
      modes = [db, `${db}-wal`, `${db}-shm`, `${db}.secret`].map(mode);
    });
    expect(run.code).toBe(0);
    expect(modes).toEqual([0o600, 0o600, 0o600, 0o600]);
    expect(mode(db)).toBe(0o600);
  },
  90_000,
);
