import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ADMIN, BILLING, NEWBIE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { rowCounts } from '../domain/helpers.js';
import { allVerbs, runCli } from './helpers.js';

let app: TestApp;
const saved = { DATABASE_URL: process.env.DATABASE_URL, SECRET_KEY: process.env.SECRET_KEY };
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  // The command line reads its configuration from the environment, as it would in a shell.
  process.env.DATABASE_URL = app.config.databaseUrl;
  process.env.SECRET_KEY = app.config.secretKey;
});
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await app.close();
});

/** Runs a command and parses its --json answer. */
async function json(args: string[]): Promise<Record<string, unknown>> {
  const run = await runCli([...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('each verb works', () => {
  test('migrate on an up-to-date database', async () => {
    const run = await runCli(['migrate']);
    expect(run).toEqual({ code: 0, stdout: 'database is up to date', stderr: '' });
  });

  test('account create, with a nichandle made, then given', async () => {
    const made = await json([
      'account',
      'create',
      '--email',
      'zoe@example.test',
      '--name',
      'Zoé Zèbre',
    ]);
    expect(made).toEqual({
      nichandle: expect.stringMatching(/^zz[0-9]{5}-ch$/) as unknown,
      email: 'zoe@example.test',
      name: 'Zoé Zèbre',
      language: 'fr',
    });
    const given = await json([
      'account',
      'create',
      '--email',
      'ed@example.test',
      '--name',
      'Ed',
      '--language',
      'en',
      '--nichandle',
      'ED20001-CH',
      '--password',
      'long enough password',
    ]);
    expect(given).toMatchObject({ nichandle: 'ed20001-ch', language: 'en' });
    const row = await app.ctx.database.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('nichandle', '=', 'ed20001-ch')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // Without --json: the nichandle alone, for scripts.
    const plain = await runCli([
      'account',
      'create',
      '--email',
      'x@example.test',
      '--name',
      'Xa Vi',
    ]);
    expect(plain.stdout).toMatch(/^xv[0-9]{5}-ch$/);
  });

  test('service create: tech and billing default to the admin', async () => {
    expect(
      await json([
        'service',
        'create',
        '--type',
        'zone',
        '--name',
        'example.net',
        '--admin',
        ADMIN,
      ]),
    ).toMatchObject({
      serviceType: 'zone',
      serviceName: 'example.net',
      status: 'ok',
      contactAdmin: ADMIN,
      contactTech: ADMIN,
      contactBilling: ADMIN,
    });
    const full = await json([
      'service',
      'create',
      '--type',
      'hosting',
      '--name',
      'shop.example.net',
      '--admin',
      ADMIN,
      '--tech',
      NEWBIE,
      '--billing',
      BILLING,
      '--status',
      'inCreation',
    ]);
    expect(full).toMatchObject({
      contactTech: NEWBIE,
      contactBilling: BILLING,
      status: 'inCreation',
    });
  });

  test('invoice create and invoice pay', async () => {
    const created = await json(['invoice', 'create', '--account', BILLING, '--amount', '12.50']);
    expect(created).toEqual({ id: expect.any(Number) as unknown });
    const invoice = () =>
      app.ctx.database.db
        .selectFrom('invoices')
        .selectAll()
        .where('id', '=', created.id as number)
        .executeTakeFirstOrThrow();
    expect(await invoice()).toMatchObject({
      account: BILLING,
      amount: '12.50',
      currency: 'EUR',
      status: 'unpaid',
    });
    expect(await json(['invoice', 'pay', String(created.id)])).toEqual({
      id: created.id,
      status: 'paid',
    });
    expect((await invoice()).status).toBe('paid');
    // Paying again is harmless.
    expect((await runCli(['invoice', 'pay', String(created.id)])).code).toBe(0);
    const usd = await json([
      'invoice',
      'create',
      '--account',
      BILLING,
      '--amount',
      '7',
      '--currency',
      'usd',
      '--status',
      'paid',
    ]);
    expect(usd.id).toBeGreaterThan(created.id as number);
  });

  test('token create: shown once, kept only as a hash', async () => {
    const created = await json(['token', 'create', ADMIN, '--name', 'billing script']);
    expect(created).toMatchObject({
      name: 'billing script',
      token: expect.stringMatching(/^cht_/) as unknown,
    });
    expect(await app.storedText()).not.toContain(created.token as string);
  });
});

test.each(allVerbs().map((verb) => [verb.join(' '), verb] as const))(
  '%s --help exits 0 and prints the usage',
  async (_name, verb) => {
    const run = await runCli([...verb, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: contacthub ${verb.join(' ')}`);
    expect(run.stderr).toBe('');
  },
);

test('the verbs of SPEC §8 that this part delivers are all there', () => {
  const names = allVerbs().map((v) => v.join(' '));
  for (const verb of [
    'migrate',
    'account create',
    'service create',
    'invoice create',
    'invoice pay',
    'token create',
  ]) {
    expect(names).toContain(verb);
  }
});

describe('bad input: one clear line on stderr, a non-zero exit, nothing changed', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown verb', ['acount', 'create'], /unknown command/],
    ['missing --email', ['account', 'create', '--name', 'Ann'], /--email/],
    ['malformed e-mail', ['account', 'create', '--email', 'nope', '--name', 'Ann'], /e-mail/],
    [
      'malformed nichandle',
      ['account', 'create', '--email', 'a@b.test', '--name', 'A', '--nichandle', 'x'],
      /nichandle/,
    ],
    [
      'taken nichandle',
      ['account', 'create', '--email', 'a@b.test', '--name', 'A', '--nichandle', ADMIN],
      /already exists/,
    ],
    [
      'short password',
      ['account', 'create', '--email', 'a@b.test', '--name', 'A', '--password', 'x'],
      /password/,
    ],
    [
      'bad language',
      ['account', 'create', '--email', 'a@b.test', '--name', 'A', '--language', 'de'],
      /language/,
    ],
    ['missing --admin', ['service', 'create', '--type', 'domain', '--name', 'x.com'], /--admin/],
    [
      'unknown admin',
      ['service', 'create', '--type', 'domain', '--name', 'x.com', '--admin', 'zz99999-ch'],
      /zz99999-ch does not exist/,
    ],
    [
      'unknown tech',
      [
        'service',
        'create',
        '--type',
        'domain',
        '--name',
        'x.com',
        '--admin',
        ADMIN,
        '--tech',
        'zz99999-ch',
      ],
      /zz99999-ch does not exist/,
    ],
    [
      'reserved service type',
      ['service', 'create', '--type', 'admin', '--name', 'x.com', '--admin', ADMIN],
      /serviceType/,
    ],
    [
      'bad status',
      [
        'service',
        'create',
        '--type',
        'domain',
        '--name',
        'x.com',
        '--admin',
        ADMIN,
        '--status',
        'gone',
      ],
      /status/,
    ],
    [
      'existing service',
      ['service', 'create', '--type', 'domain', '--name', 'example.com', '--admin', ADMIN],
      /already exists/,
    ],
    ['missing --amount', ['invoice', 'create', '--account', BILLING], /--amount/],
    [
      'unknown account',
      ['invoice', 'create', '--account', 'zz99999-ch', '--amount', '5'],
      /does not exist/,
    ],
    ['comma amount', ['invoice', 'create', '--account', BILLING, '--amount', '12,50'], /amount/],
    ['negative amount', ['invoice', 'create', '--account', BILLING, '--amount', '-5'], /amount/],
    ['zero amount', ['invoice', 'create', '--account', BILLING, '--amount', '0'], /amount/],
    ['three decimals', ['invoice', 'create', '--account', BILLING, '--amount', '1.005'], /amount/],
    ['exponent amount', ['invoice', 'create', '--account', BILLING, '--amount', '1e3'], /amount/],
    ['word amount', ['invoice', 'create', '--account', BILLING, '--amount', 'ten'], /amount/],
    [
      'bad currency',
      ['invoice', 'create', '--account', BILLING, '--amount', '5', '--currency', 'euro'],
      /currency/,
    ],
    [
      'bad invoice status',
      ['invoice', 'create', '--account', BILLING, '--amount', '5', '--status', 'late'],
      /status/,
    ],
    ['unknown invoice', ['invoice', 'pay', '424242'], /invoice 424242 does not exist/],
    ['malformed invoice id', ['invoice', 'pay', 'abc'], /invoice id/],
    ['missing invoice id', ['invoice', 'pay'], /missing required argument/],
    ['token for unknown account', ['token', 'create', 'zz99999-ch'], /does not exist/],
    ['token for malformed nichandle', ['token', 'create', 'root'], /nichandle/],
    [
      'unknown option',
      ['invoice', 'create', '--account', BILLING, '--amount', '5', '--force'],
      /unknown option/,
    ],
  ];

  test.each(cases)('%s', async (_what, args, message) => {
    const before = await rowCounts(app.ctx);
    const run = await runCli(args);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+|Error:|SQLITE|undefined/);
    expect(await rowCounts(app.ctx)).toEqual(before);
  });
});
