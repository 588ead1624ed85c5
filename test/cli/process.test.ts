import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { rowCounts } from '../domain/helpers.js';
import { BILLING, seedGuide } from '../support/fixtures.js';
import { TEST_SECRET_KEY, makeTestApp, type TestApp } from '../support/test-app.js';

const entry = fileURLToPath(new URL('./fixtures/run-cli.ts', import.meta.url));

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `contacthub ...args` in a real process with only the given configuration. */
function contacthub(args: string[], env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the command line as a process', () => {
  let app: TestApp;
  let env: Record<string, string>;
  beforeEach(async () => {
    app = await makeTestApp();
    await seedGuide(app.ctx);
    env = { DATABASE_URL: app.config.databaseUrl, SECRET_KEY: TEST_SECRET_KEY };
  });
  afterEach(() => app.close());

  test('creates an account, a service and an invoice, pays it: JSON on stdout, exit 0', async () => {
    const account = await contacthub(
      ['account', 'create', '--email', 'pr@example.test', '--name', 'Paul Roux', '--json'],
      env,
    );
    expect(account.stderr).toBe('');
    expect(account.code).toBe(0);
    const { nichandle } = JSON.parse(account.stdout) as { nichandle: string };
    expect(nichandle).toMatch(/^pr[0-9]{5}-ch$/);

    const service = await contacthub(
      [
        'service',
        'create',
        '--type',
        'vps',
        '--name',
        'vps-1.example.net',
        '--admin',
        nichandle,
        '--billing',
        BILLING,
        '--json',
      ],
      env,
    );
    expect(service.code).toBe(0);
    expect(JSON.parse(service.stdout)).toMatchObject({
      contactAdmin: nichandle,
      contactTech: nichandle,
      contactBilling: BILLING,
    });

    const invoice = await contacthub(
      ['invoice', 'create', '--account', nichandle, '--amount', '9.99', '--json'],
      env,
    );
    expect(invoice.code).toBe(0);
    const { id } = JSON.parse(invoice.stdout) as { id: number };
    const paid = await contacthub(['invoice', 'pay', String(id)], env);
    expect(paid).toEqual({ code: 0, stdout: `invoice ${id} paid\n`, stderr: '' });
    const row = await app.ctx.database.db
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ account: nichandle, amount: '9.99', status: 'paid' });
  });

  test('bad input: exit 1, one line on stderr, nothing written', async () => {
    const before = await rowCounts(app.ctx);
    const runs = await Promise.all([
      contacthub(['invoice', 'create', '--account', BILLING, '--amount', '12,50'], env),
      contacthub(
        ['service', 'create', '--type', 'domain', '--name', 'new.example', '--admin', 'zz99999-ch'],
        env,
      ),
      contacthub(['invoice', 'pay', '999999'], env),
      contacthub(['token', 'create'], env),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(runs.map((r) => r.stderr.trim())).toEqual([
      'contacthub: amount must be a positive amount such as 12.50',
      'contacthub: account zz99999-ch does not exist',
      'contacthub: invoice 999999 does not exist',
      "error: missing required argument 'nichandle'",
    ]);
    expect(await rowCounts(app.ctx)).toEqual(before);
  });

  test('--help exits 0; a bad configuration is one line and exit 2', async () => {
    const help = await contacthub(['token', 'create', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: contacthub token create');
    const bad = await contacthub(['account', 'create', '--email', 'a@b.test', '--name', 'A'], {
      DATABASE_URL: 'mysql://nope',
      SECRET_KEY: TEST_SECRET_KEY,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('contacthub: DATABASE_URL must be sqlite:PATH or postgres://…\n');
  });
});

test('migrate on a fresh SQLite file, then again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-cli-'));
  try {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`, SECRET_KEY: TEST_SECRET_KEY };
    const first = await contacthub(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied: 001-initial/);
    const again = await contacthub(['migrate'], env);
    expect(again).toEqual({ code: 0, stdout: 'database is up to date\n', stderr: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
