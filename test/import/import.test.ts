import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { contactHistory } from '../../src/audit/contact-history.js';
import { importAccounts } from '../../src/import/import-accounts.js';
import { importServices } from '../../src/import/import-services.js';
import { listServicesOf } from '../../src/services/list-services.js';
import { verifyPassword } from '../../src/accounts/password.js';
import { findAccount } from '../../src/accounts/account.repository.js';
import { ADMIN, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

const csv = (...lines: string[]) => Readable.from([lines.join('\n') + '\n']);
const SERVICES_HEADER = 'serviceType,serviceName,contactAdmin,contactTech,contactBilling,status';

async function servicesOf(account: string) {
  return (await listServicesOf(app.ctx, account, { limit: 500 })).items;
}

test('a good services file is imported and the listing shows it', async () => {
  const summary = await importServices(
    app.ctx,
    csv(
      SERVICES_HEADER,
      `domain,imported-a.com,${ADMIN},${TECH},,expired`,
      `zone,imported-b.com,${ADMIN},,,`,
    ),
  );
  expect(summary).toMatchObject({ rows: 2, imported: 2, badCount: 0, refused: false });

  const mine = await servicesOf(ADMIN);
  expect(mine.map((s) => s.serviceName)).toEqual([
    'example.com',
    'imported-a.com',
    'imported-b.com',
  ]);
  expect(mine[1]).toMatchObject({
    serviceType: 'domain',
    status: 'expired',
    contactAdmin: ADMIN,
    contactTech: TECH,
    contactBilling: ADMIN,
    myRoles: ['admin', 'billing'],
  });
  expect(mine[2]).toMatchObject({
    serviceType: 'zone',
    status: 'ok',
    myRoles: ['admin', 'tech', 'billing'],
  });
  expect((await servicesOf(TECH)).map((s) => s.serviceName)).toEqual([
    'example.com',
    'imported-a.com',
  ]);
  // The history of an imported service starts with its creation, as for createService.
  const history = await contactHistory(app.ctx, ADMIN, 'domain', 'imported-a.com');
  expect(JSON.stringify(history)).toContain('service.created');
});

test('bad rows are reported with their line numbers; abort mode writes nothing', async () => {
  const summary = await importServices(
    app.ctx,
    csv(
      SERVICES_HEADER,
      `domain,good-1.com,${ADMIN},,,`,
      `Not A Type,bad-type.com,${ADMIN},,,`,
      `domain,bad-admin.com,not-a-nichandle,,,`,
      `domain,bad-status.com,${ADMIN},,,sleeping`,
      `domain,unknown-account.com,zz99999-ch,,,`,
      `domain,too-few-fields.com`,
      `domain,good-2.com,${ADMIN},,,`,
    ),
  );
  expect(summary.refused).toBe(true);
  expect(summary.imported).toBe(0);
  expect(summary.bad.map((b) => b.line)).toEqual([3, 4, 5, 6, 7]);
  expect(summary.bad[0]!.message).toMatch(/serviceType/);
  expect(summary.bad[1]!.message).toMatch(/contactAdmin/);
  expect(summary.bad[2]!.message).toMatch(/status/);
  expect(summary.bad[3]!.message).toMatch(/zz99999-ch does not exist/);
  expect(summary.bad[4]!.message).toMatch(/expected 6 fields/);
  expect((await servicesOf(ADMIN)).map((s) => s.serviceName)).toEqual(['example.com']);
  const events = await app.ctx.database.db
    .selectFrom('audit_events')
    .select('id')
    .where('event', '=', 'service.created')
    .execute();
  expect(events).toHaveLength(1); // the guide's service only
});

test('skip mode writes the good rows, also across batches', async () => {
  const summary = await importServices(
    app.ctx,
    csv(
      SERVICES_HEADER,
      `domain,good-1.com,${ADMIN},,,`,
      `domain,bad-admin.com,nobody,,,`,
      `domain,good-2.com,${ADMIN},,,`,
      `domain,good-3.com,${ADMIN},,,`,
    ),
    { onError: 'skip', batchSize: 2 },
  );
  expect(summary).toMatchObject({ rows: 4, imported: 3, badCount: 1, refused: false });
  expect(summary.bad.map((b) => b.line)).toEqual([3]);
  expect(summary.bad[0]!.message).toMatch(/contactAdmin/);
  expect((await servicesOf(ADMIN)).map((s) => s.serviceName)).toEqual([
    'example.com',
    'good-1.com',
    'good-2.com',
    'good-3.com',
  ]);
});

test('duplicates are bad rows: an existing service, or the same one twice in the file', async () => {
  const summary = await importServices(
    app.ctx,
    csv(
      SERVICES_HEADER,
      `domain,example.com,${ADMIN},,,`,
      `domain,twice.com,${ADMIN},,,`,
      `domain,twice.com,${TECH},,,`,
      `zone,twice.com,${ADMIN},,,`,
    ),
    { onError: 'skip' },
  );
  expect(summary.bad).toEqual([
    { line: 2, message: 'service domain/example.com already exists' },
    { line: 4, message: 'service domain/twice.com is already on line 3' },
  ]);
  expect(summary.imported).toBe(2);
  // The existing service keeps its contacts.
  const example = (await servicesOf(ADMIN)).find((s) => s.serviceName === 'example.com');
  expect(example?.contactTech).toBe(TECH);

  const accounts = await importAccounts(
    app.ctx,
    csv(
      'nichandle,email,name,language,password',
      `${ADMIN},again@example.test,Again,fr,`,
      'nw20001-ch,new@example.test,New One,en,',
      'NW20001-CH,new2@example.test,Same One,fr,',
    ),
    { onError: 'skip' },
  );
  expect(accounts.bad).toEqual([
    { line: 2, message: `account ${ADMIN} already exists` },
    { line: 4, message: 'account nw20001-ch is already on line 3' },
  ]);
  expect(accounts.imported).toBe(1);
});

test('accounts are imported with the checks of createAccount, passwords hashed', async () => {
  const summary = await importAccounts(
    app.ctx,
    csv(
      'email,name,nichandle,password,language',
      'pw@example.test,With Password,pw30001-ch,correct horse battery,en',
      'np@example.test,No Password,np30002-ch,,',
      'not-an-email,Bad Mail,bm30003-ch,,fr',
      'short@example.test,Short Password,sp30004-ch,short,fr',
      'nonick@example.test,No Nichandle,,,fr',
    ),
    { onError: 'skip' },
  );
  expect(summary.imported).toBe(2);
  expect(summary.bad.map((b) => [b.line, b.message])).toEqual([
    [4, 'email must be an e-mail address'],
    [5, 'password must be 8 to 200 characters'],
    [6, expect.stringMatching(/nichandle is required/)],
  ]);
  const withPassword = await findAccount(app.ctx.database.db, 'pw30001-ch');
  expect(withPassword).toMatchObject({ language: 'en', name: 'With Password' });
  expect(withPassword?.password_hash).toMatch(/^\$argon2id\$/);
  expect(await verifyPassword(withPassword!.password_hash, 'correct horse battery')).toBe(true);
  expect((await findAccount(app.ctx.database.db, 'np30002-ch'))?.password_hash).toBeNull();
});

test('a header with an unknown or missing column refuses the file', async () => {
  await expect(
    importServices(app.ctx, csv('serviceType,serviceName,owner', `domain,x.com,${ADMIN}`)),
  ).rejects.toThrow('line 1: unknown column owner');
  await expect(
    importServices(app.ctx, csv('serviceType,serviceName', 'domain,x.com')),
  ).rejects.toThrow('line 1: missing column contactAdmin');
});

/** Runs the command line against the test database; returns exit code, stdout and stderr. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { DATABASE_URL: process.env.DATABASE_URL, SECRET_KEY: process.env.SECRET_KEY };
  process.env.DATABASE_URL = app.config.databaseUrl;
  process.env.SECRET_KEY = TEST_SECRET_KEY;
  try {
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('command line: a missing file is one line of error and a non-zero exit', async () => {
  const result = await cli('import', 'services', join(app.dir, 'nope.csv'));
  expect(result.code).not.toBe(0);
  expect(result.err.split('\n')).toEqual([
    `contacthub: cannot read ${join(app.dir, 'nope.csv')}: no such file`,
  ]);
});

test('command line: imports, reports bad lines, refuses by default and skips on request', async () => {
  const file = join(app.dir, 'services.csv');
  writeFileSync(
    file,
    [SERVICES_HEADER, `domain,cli-1.com,${ADMIN},,,`, 'domain,cli-2.com,nobody,,,', ''].join('\n'),
  );
  const refused = await cli('import', 'services', file);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('line 3: contactAdmin must be a nichandle');
  expect(refused.err).toContain('contacthub: nothing imported: 1 bad row');
  expect((await servicesOf(ADMIN)).map((s) => s.serviceName)).toEqual(['example.com']);

  const skipped = await cli('import', 'services', file, '--on-error', 'skip');
  expect(skipped.code).toBe(0);
  expect(skipped.out).toMatch(/^1 services imported from 2 rows, 1 bad row skipped/);
  expect((await servicesOf(ADMIN)).map((s) => s.serviceName)).toEqual(['cli-1.com', 'example.com']);

  const help = await cli('import', 'accounts', '--help');
  expect(help.out).toContain('nichandle,email,name,language,password');
  expect(help.out).toContain('--on-error');
});

test('on PostgreSQL the imported tables are analysed, so the planner knows their new size', async () => {
  if (app.config.databaseUrl.startsWith('sqlite:')) return;
  await importServices(app.ctx, csv(SERVICES_HEADER, `domain,analysed.com,${ADMIN},,,`));
  const { rows } = await sql<{ relname: string; last_analyze: Date | null }>`
    select relname, last_analyze from pg_stat_user_tables
    where relname in ('services', 'service_contacts')`.execute(app.ctx.database.db);
  expect(rows).toHaveLength(2);
  expect(rows.every((r) => r.last_analyze !== null)).toBe(true);
});

test('on PostgreSQL the search indexes have no keys left pending after an import', async () => {
  if (app.config.databaseUrl.startsWith('sqlite:')) return;
  const lines = Array.from({ length: 300 }, (_, i) => `domain,pending-${i}.com,${ADMIN},${TECH},,`);
  await importServices(app.ctx, csv(SERVICES_HEADER, ...lines));
  // gin_clean_pending_list answers how many pending pages it had to merge: none were left.
  for (const index of ['service_contacts_search', 'service_contacts_search_fivegrams']) {
    const { rows } = await sql<{ merged: number }>`
      select gin_clean_pending_list(${index}::regclass) as merged`.execute(app.ctx.database.db);
    expect(Number(rows[0]!.merged), index).toBe(0);
  }
  for (const search of ['pending-29', 'g-29']) {
    const found = await listServicesOf(app.ctx, TECH, { search });
    expect(found.items.map((s) => s.serviceName)).toEqual(
      Array.from({ length: 11 }, (_, i) => `pending-29${i === 0 ? '' : i - 1}.com`),
    );
  }
});

test('on SQLite a large import leaves each search index as one segment', async () => {
  if (!app.config.databaseUrl.startsWith('sqlite:')) return;
  const segments = async () => {
    const counts: number[] = [];
    for (const table of ['service_search_idx', 'service_search_fivegrams_idx']) {
      const { rows } = await sql<{ n: number }>`
        select count(distinct segid) as n from ${sql.table(table)}`.execute(app.ctx.database.db);
      counts.push(rows[0]!.n);
    }
    return counts;
  };
  const lines = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `domain,seg-${from + i}.com,${ADMIN},${TECH},,`);
  // Ten rows a transaction: FTS5 writes a segment for each and merges them a few at a time.
  await importServices(app.ctx, csv(SERVICES_HEADER, ...lines(0, 300)), { batchSize: 10 });
  expect(await segments()).toEqual([1, 1]);
  // A load small beside what the tables hold is left to FTS5's own merging.
  for (let i = 300; i < 303; i++) {
    await importServices(app.ctx, csv(SERVICES_HEADER, ...lines(i, i + 1)));
  }
  expect((await segments()).every((n) => n > 1)).toBe(true);
  for (const search of ['seg-29', 'g-29']) {
    const found = await listServicesOf(app.ctx, TECH, { search });
    expect(found.items.map((s) => s.serviceName)).toEqual(
      Array.from({ length: 11 }, (_, i) => `seg-29${i === 0 ? '' : i - 1}.com`),
    );
  }
});
