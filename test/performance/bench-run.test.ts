import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import { testServerUrl } from '../postgres/pg-databases.js';

// `npm run bench` end to end, small: the same program as the full run (its own data through
// `import services`, `contacthub serve` and the bare route as separate processes, autocannon),
// with accounts of at most 10,000 services and one-second figures. Nothing here is timed: the
// figures are whatever this machine gives; what is checked is that the run completes and prints
// and writes its whole table. Run once, from the SQLite project, SQLite then PostgreSQL: both
// runs build dist/, which must not happen twice at once.
const onSqliteProject = process.env.TEST_DB === 'sqlite';
const results = mkdtempSync(join(tmpdir(), 'contacthub-bench-test-'));
afterAll(() => rmSync(results, { recursive: true, force: true }));

function bench(databaseUrl?: string): Promise<{ code: number | null; out: string; pid: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_MAX: '10000',
    BENCH_SECONDS: '1',
    BENCH_CONNECTIONS: '2',
    BENCH_RESULTS: results,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  return new Promise((resolve) =>
    child.on('exit', (code) =>
      resolve({ code, out: code === 0 ? out : `${out}\n${err}`, pid: child.pid! }),
    ),
  );
}

/** What every run's table holds: the figures of issue 7 and SPEC §9's verdicts. */
function expectWholeTable(out: string): void {
  expect(out).toContain('| measure | per second | mean ms | p50 ms | p99 ms | peak RSS MiB |');
  for (const figure of [
    '| bare Fastify route, constant JSON |',
    '| import services, 10,000 rows (contacthub import, skip mode)',
    '| complete change (in-process: request, 2 accepts, applied, 3 e-mails queued)',
    '| list, first page — 10,000 services |',
    '| list, deep page (cursor) — 10,000 |',
    '| list, search "7.ex" — 10,000 |',
    '| list, type filter zone — 10,000 |',
    '| serviceInfos — account of 10,000 |',
    '| list, first page, cache off — 10,000 services |',
  ]) {
    expect(out).toContain(figure);
  }
  expect(out).toMatch(/- listing latency, page computed \(cache off\), largest account vs 1,000/);
  expect(out).toMatch(
    /- listing throughput, client taking br or gzip, largest account: [\d,]+ pages/,
  );
  expect(out).toMatch(/- listing throughput, median of the 13 kept-page figures/);
  // SPEC §9's bulk target, on a batch of BENCH_MAX / 1,000 services: timed, without a verdict.
  expect(out).toContain('| batch of 10 services: applied (the worker');
  expect(out).toMatch(
    /- bulk change, batch of 10 services: made [\d.]+ s, e-mailed [\d.]+ s, accepted [\d.]+ s, applied [\d.]+ s; in all [\d.]+ s \(not the target's 1,000 in a run this small: no verdict\)/,
  );
  // Every request answered 2xx, and every complete change ended `done`.
  expect(out).not.toMatch(/ — \d+ errors/);
}

test.runIf(onSqliteProject)(
  'npm run bench completes on SQLite and on PostgreSQL, printing and writing its table',
  async () => {
    const sqlite = await bench();
    expect(sqlite.code, sqlite.out).toBe(0);
    expectWholeTable(sqlite.out);
    expect(sqlite.out).toContain('| bare better-sqlite3 insert loop, same rows and tables');
    expect(readFileSync(join(results, 'latest.md'), 'utf8')).toContain(sqlite.out.trim());

    const postgres = await bench(testServerUrl());
    expect(postgres.code, postgres.out).toBe(0);
    expectWholeTable(postgres.out);
    expect(postgres.out).toContain("- PostgreSQL: SPEC §9's targets are judged on the run as");
    expect(readFileSync(join(results, 'latest-postgres.md'), 'utf8')).toContain(
      postgres.out.trim(),
    );
    // The bench's temporary database, named after its process, is gone.
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      const left = await admin.query('select datname from pg_database where datname = $1', [
        `contacthub_bench_${postgres.pid}`,
      ]);
      expect(left.rows).toEqual([]);
    } finally {
      await admin.end();
    }
  },
  900_000,
);

test('the README links to docs/performance.md, which exists', () => {
  const readme = readFileSync('README.md', 'utf8');
  expect(readme).toContain('(docs/performance.md)');
  expect(readFileSync('docs/performance.md', 'utf8')).toMatch(/^# Performance/);
});
