import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createContext } from '../../src/platform/context.js';
import { openDatabase } from '../../src/platform/database/database.js';
import { migrateTo, migrateToLatest } from '../../src/platform/database/migrate.js';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { importServices } from '../../src/import/import-services.js';
import { createService } from '../../src/services/create-service.js';
import { listServicesOf, type ServiceListQuery } from '../../src/services/list-services.js';
import {
  CANDIDATE_COST,
  candidatesWorthReading,
  SEARCH_INDEX_CAP,
  SEARCH_WINDOW,
} from '../../src/services/search/postgres.js';
import { withQueries } from '../support/capture-queries.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_DIALECT, type TestApp } from '../support/test-app.js';
import { acceptAs } from './helpers.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';

/**
 * A search by part of the name (decisions 067, 071 and 073), through the five-gram index for a
 * search of five characters or more, the trigram index for a shorter one. SQLite reads its page
 * from the index, whose rowids follow the names' order; PostgreSQL reads in name order while the
 * string is common and takes it from the index when it is rare. Whichever way a page is found, it
 * must be the account's unfiltered listing with the names that do not contain the string left out.
 */

let app: TestApp;
/** The rowids of one account in SQLite's search indexes (migration 007). */
const SPAN = 2 ** 40;
const HEAD = SEARCH_WINDOW + 100; // names before any match: the window finds none
const COMMON = SEARCH_INDEX_CAP + 50; // more matches than the index path takes
const RARE = ['rare-qx7-1.org', 'rare-qx7-2.org', 'RARE-QX7-UP.org', 'x%qx7_b.org', 'xqx7zb.org'];

beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
  const add = (type: string, name: string, admin = ADMIN, tech = TECH) =>
    lines.push(`${type},${name},${admin},${tech},,`);
  for (let i = 0; i < HEAD; i++) add('domain', `aaa-${String(i).padStart(4, '0')}.example.com`);
  for (let i = 0; i < COMMON; i++) {
    add(i % 3 ? 'domain' : 'zone', `mid-${String(i).padStart(4, '0')}.common.net`);
  }
  for (const name of RARE) add('domain', name);
  add('zone', 'rare-qx7-1.org');
  add('domain', 'zzz-qx7-admin-only.org', TECH, ADMIN); // TECH as admin, not tech
  add('domain', 'rare-qx7-elsewhere.org', OUTSIDER, OUTSIDER); // another account's
  const summary = await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
  expect(summary).toMatchObject({ badCount: 0, imported: lines.length - 1 });
});
afterEach(() => app.close());

type Item = Awaited<ReturnType<typeof listServicesOf>>['items'][number];

/** Every page of a listing, followed by cursor, with the queries each sent. */
async function allPages(account: string, query: ServiceListQuery) {
  const items: Item[] = [];
  const sql: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const { result, queries } = await withQueries(app.ctx, (ctx) =>
      listServicesOf(ctx, account, { ...query, cursor }),
    );
    items.push(...result.items);
    sql.push(...queries.map((q) => q.sql));
    if (result.nextCursor === null) return { items, sql };
    cursor = result.nextCursor;
  }
  throw new Error('the listing did not end');
}

/** What the search must return: the unfiltered listing, keeping the names holding `search`. */
async function expected(account: string, search: string, query: ServiceListQuery = {}) {
  const { items } = await allPages(account, { ...query, limit: 500 });
  return items.filter((i) => i.serviceName.toLowerCase().includes(search.toLowerCase()));
}

/** Whether a query asked a search index for candidates (either database's, either index). */
const asksIndex = (sql: string) => /service_search|service_name_(tri|five)grams/.test(sql);
/** Whether a query asked the five-gram index (migration 006) for candidates. */
const asksFiveGrams = (sql: string) => /service_search_fivegrams|service_name_fivegrams/.test(sql);
/**
 * Whether a query read a page from what a search index gave: among its candidates (PostgreSQL),
 * or walking it in the names' order (SQLite).
 */
const fromIndex = (sql: string) =>
  /"s"\."id" in|indexed by service_contacts_search_key|with candidates as materialized/.test(sql);

test('a rare string is found through the index, with the same pages as the listing gives', async () => {
  for (const search of [
    'qx7',
    'QX7',
    'rare-qx7',
    'RARE-QX7-',
    'x%qx7_',
    'qx7_',
    'qx7zb',
    '7-1.o',
  ]) {
    for (const limit of [2, 50]) {
      const { items, sql } = await allPages(TECH, { search, limit });
      expect(items, search).toEqual(await expected(TECH, search));
      expect(sql.some(fromIndex), search).toBe(true);
      // Five characters or more: the five-gram index, and only it; fewer: the trigram index.
      expect(sql.filter(asksIndex).every(asksFiveGrams), search).toBe(search.length >= 5);
      expect(sql.some(asksFiveGrams), search).toBe(search.length >= 5);
    }
  }
  const names = (await allPages(TECH, { search: 'qx7' })).items.map(
    (i) => `${i.serviceName}/${i.serviceType}`,
  );
  expect(names).toHaveLength(7);
  expect(names).not.toContain('rare-qx7-elsewhere.org/domain');
  // Filters apply whichever way: TECH is the tech of enough services for the window and the
  // index, but the admin of one and holds fewer zones than the window. Both databases take a
  // rare string from the index whatever the filters: SQLite always, PostgreSQL because ANALYZE
  // (run by the import) says its pieces are rare (decision 074).
  for (const query of [
    { role: 'tech' },
    { role: 'admin' },
    { serviceType: 'zone' },
    { serviceType: 'domain', role: 'tech' },
  ] as const) {
    const { items, sql } = await allPages(TECH, { search: 'qx7', limit: 3, ...query });
    expect(items, JSON.stringify(query)).toEqual(await expected(TECH, 'qx7', query));
    expect(sql.some(fromIndex), JSON.stringify(query)).toBe(true);
  }
  expect((await allPages(TECH, { search: 'qx7', role: 'admin' })).items).toHaveLength(1);
});

/** Whether a query read the window's boundary: the key of the 1,000th row ahead (PostgreSQL). */
const readsWindow = (sql: string) => /offset \$\d+/.test(sql);
/** The statements of a search, without the read of the statistics of decision 074. */
const searchStatements = (sql: string[]) => sql.filter((q) => !q.includes('pg_stats'));

test('PostgreSQL asks its index first for a string ANALYZE counts rare, at any page', async () => {
  if (TEST_DIALECT !== 'postgres') return;
  for (const search of ['qx7zb', 'rare-qx7', 'qx7', 'nowhere-at-all']) {
    const { items, sql } = await allPages(TECH, { search, limit: 2 });
    expect(items, search).toEqual(await expected(TECH, search));
    const statements = searchStatements(sql);
    // No window: the candidates, then their page among them (none when there is no candidate).
    expect(statements.some(readsWindow), search).toBe(false);
    expect(asksIndex(statements[0]!), search).toBe(true);
    const pages = Math.max(1, Math.ceil(items.length / 2));
    expect(statements, search).toHaveLength(items.length === 0 ? 1 : 2 * pages);
  }
});

test('PostgreSQL reads on in order when more names hold a string than ANALYZE expected', async () => {
  if (TEST_DIALECT !== 'postgres') return;
  // With a statistics target of 1, ANALYZE lists the ten commonest keys of the five-gram index,
  // and the search counts any other as half the least of them. Eleven five-grams of
  // `abcdefghijklmno` are in 1,500 names of the table's 3,700, `qwert` in 1,010 of those: the
  // search expects about 750 names to hold it, fewer than the cap, and the index finds more.
  await sql`alter index service_contacts_search_fivegrams alter column 1 set statistics 1`.execute(
    app.ctx.database.db,
  );
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
  for (let i = 0; i < 1500; i++) {
    const name = `abcdefghijklmno-${i < 1010 ? 'qwert-' : ''}${String(i).padStart(4, '0')}.org`;
    lines.push(`domain,${name},${ADMIN},${TECH},,`);
  }
  await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
  const { items, sql: statements } = await allPages(TECH, { search: 'qwert', limit: 400 });
  expect(items).toEqual(await expected(TECH, 'qwert'));
  expect(items).toHaveLength(1010);
  const first = searchStatements(statements).slice(0, 2);
  // The index first, as the statistics said; finding more candidates than the cap, the window,
  // and the candidates already found are not asked for again.
  expect(asksIndex(first[0]!)).toBe(true);
  expect(readsWindow(first[1]!)).toBe(true);
  const page = await withQueries(app.ctx, (ctx) =>
    listServicesOf(ctx, TECH, { search: 'qwert', limit: 400 }),
  );
  expect(page.result.items).toEqual(items.slice(0, 400));
  expect(searchStatements(page.queries.map((q) => q.sql)).filter(asksIndex)).toHaveLength(1);
});

test('a string most names hold fills its pages in order', async () => {
  for (const search of ['example', 'exa']) {
    const { items } = await allPages(TECH, { search, limit: 200 });
    expect(items, search).toEqual(await expected(TECH, search));
    expect(items).toHaveLength(HEAD + 1); // and the guide's example.com
    const first = await withQueries(app.ctx, (ctx) =>
      listServicesOf(ctx, TECH, { search, limit: 200 }),
    );
    expect(first.result.items).toEqual(items.slice(0, 200));
    const sql = first.queries.map((q) => q.sql);
    // PostgreSQL never asks its index: the window fills the page. SQLite reads the page from its
    // index in one statement, which stops when the page is full (decision 073).
    expect(sql.filter(asksIndex)).toHaveLength(TEST_DIALECT === 'sqlite' ? 1 : 0);
    expect(sql.some(fromIndex)).toBe(TEST_DIALECT === 'sqlite');
    if (TEST_DIALECT === 'sqlite') expect(sql).toHaveLength(1);
  }
});

test('a string past the window but held by more names than the index cap walks on', async () => {
  const { result, queries } = await withQueries(app.ctx, (ctx) =>
    listServicesOf(ctx, TECH, { search: 'common' }),
  );
  expect(result.items.map((i) => i.serviceName)).toEqual(
    (await expected(TECH, 'common')).slice(0, 50).map((i) => i.serviceName),
  );
  expect(queries.some((q) => asksIndex(q.sql))).toBe(true);
  // PostgreSQL finds more candidates than it sorts, and reads on in order; SQLite's index gives
  // the page in order.
  expect(queries.some((q) => fromIndex(q.sql))).toBe(TEST_DIALECT === 'sqlite');
});

test('a string past the window held by more names than a page comes from the index', async () => {
  // mid-0000 … mid-0099 follow the window's 1,100 aaa- names: more than a page, fewer than
  // SEARCH_INDEX_CAP, and none in the window.
  const { items, sql } = await allPages(TECH, { search: 'MID-00' });
  expect(items).toEqual(await expected(TECH, 'mid-00'));
  expect(items.length).toBeGreaterThan(50);
  expect(items.length).toBeLessThan(SEARCH_INDEX_CAP);
  expect(sql.some(fromIndex)).toBe(true);
  expect(sql.filter(asksIndex).every(asksFiveGrams)).toBe(true);
});

/** Whether a query read a page among more candidates than the cap (PostgreSQL, decision 075). */
const pageOfCandidates = (sql: string) => /with candidates as materialized/.test(sql);

/**
 * NEWBIE's names sp-00000 … in order: `abcd` in the 500th of each thousand, `abc` and `bcd` apart
 * in one of every `spacing` others (candidates of the index that are not matches), neither in
 * the rest. More candidates than the cap, and one match in the window. The odd ones are zones,
 * so that every match and candidate is a domain.
 */
async function sparseNames(count: number, spacing: number) {
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, '0');
    const name =
      i % 1000 === 500 ? `sp-${n}-abcd` : i % spacing === 0 ? `sp-${n}-abc-bcd` : `sp-${n}`;
    lines.push(`${i % 2 ? 'zone' : 'domain'},${name}.org,${NEWBIE},,,`);
  }
  await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
}

/**
 * Every page of NEWBIE's search for `abcd` by 10, which must be the listing's matches: the search
 * statements of all of them, and of the first page alone.
 */
async function sparseSearch() {
  const all = await allPages(NEWBIE, { search: 'abcd', limit: 10 });
  expect(all.items).toEqual(await expected(NEWBIE, 'abcd'));
  expect(all.items).toHaveLength(11);
  const first = await withQueries(app.ctx, (ctx) =>
    listServicesOf(ctx, NEWBIE, { search: 'abcd', limit: 10 }),
  );
  expect(first.result.items).toEqual(all.items.slice(0, 10));
  return {
    statements: searchStatements(all.sql),
    sent: searchStatements(first.queries.map((q) => q.sql)),
  };
}

test('a string sparse in the window is taken from more candidates than the cap when reading on would cost more', async () => {
  // 1,100 candidates, 11 matches. A page of 10 with one match in the window's 1,000 names: reading
  // on would take about 9,000 more names, dearer than 2,000 candidates (candidatesWorthReading).
  await sparseNames(11_000, 10);
  const { statements, sent } = await sparseSearch();
  if (TEST_DIALECT !== 'postgres') return; // SQLite reads every page from its index
  // The window's boundary, its rows, then the rest of the page among the candidates: no reading on.
  expect(sent).toHaveLength(3);
  expect(readsWindow(sent[0]!)).toBe(true);
  expect(pageOfCandidates(sent[2]!)).toBe(true);
  expect(statements.filter(pageOfCandidates).length).toBeGreaterThan(0);
  // The filters apply among the candidates as in the window: the domains' window holds two
  // matches, and a page of 20 is still worth more candidates than the cap.
  for (const query of [
    { serviceType: 'domain', limit: 20 },
    { serviceType: 'zone' },
    { role: 'tech' },
  ]) {
    const filtered = await allPages(NEWBIE, { search: 'abcd', ...query });
    expect(filtered.items, JSON.stringify(query)).toEqual(await expected(NEWBIE, 'abcd', query));
  }
  const domains = await allPages(NEWBIE, { search: 'abcd', serviceType: 'domain', limit: 20 });
  expect(domains.items).toHaveLength(11);
  expect(searchStatements(domains.sql).some(pageOfCandidates)).toBe(true);
});

test('a string with more candidates than reading on is worth reads on in order', async () => {
  // 2,750 candidates: more than the 2,000 a page of 10 is worth, so the names are read on.
  await sparseNames(11_000, 4);
  const { sent } = await sparseSearch();
  if (TEST_DIALECT !== 'postgres') return;
  // The index was asked, found more than the bound, and the page was read on in order after it.
  expect(sent).toHaveLength(4);
  expect(pageOfCandidates(sent[2]!)).toBe(true);
  expect(fromIndex(sent[3]!)).toBe(false);
  expect(asksIndex(sent[3]!)).toBe(false);
});

test('candidates worth reading: the cap, or what reading on at the window’s density costs', () => {
  // No match in the window: nothing is known of the density further on.
  expect(candidatesWorthReading(50, 0)).toBe(SEARCH_INDEX_CAP);
  // One match in 1,000 names: 50 more take about 50,000 names, worth 10,000 candidates.
  expect(candidatesWorthReading(50, 1)).toBe((50 * SEARCH_WINDOW) / CANDIDATE_COST);
  expect(candidatesWorthReading(10, 1)).toBe(2000);
  // Dense enough that reading on is cheaper than the cap's worth of candidates.
  expect(candidatesWorthReading(40, 10)).toBe(SEARCH_INDEX_CAP);
});

test('short and non-ASCII searches are read in order', async () => {
  for (const search of ['q7', 'x7', 'é']) {
    const { items, sql } = await allPages(TECH, { search, limit: 100 });
    expect(items, search).toEqual(await expected(TECH, search));
    expect(sql.some(fromIndex)).toBe(false);
  }
});

test('the index follows services created and contacts changed', async () => {
  const search = async (account: string) =>
    (await allPages(account, { search: 'qx7' })).items.map((i) => i.serviceName);
  await createService(app.ctx, {
    serviceType: 'domain',
    serviceName: 'new-qx7.org',
    contactAdmin: ADMIN,
    contactTech: TECH,
  });
  expect(await search(TECH)).toContain('new-qx7.org');

  const [id] = await changeContact(app.ctx, ADMIN, 'domain', 'rare-qx7-2.org', {
    contactTech: NEWBIE,
  });
  await acceptAs(app.ctx, id!, ADMIN);
  await acceptAs(app.ctx, id!, NEWBIE);
  await app.worker.drain();
  const tech = await search(TECH);
  expect(tech).not.toContain('rare-qx7-2.org');
  expect(tech).toEqual((await expected(TECH, 'qx7')).map((i) => i.serviceName));
  expect(await search(NEWBIE)).toEqual(['rare-qx7-2.org']);

  if (TEST_DIALECT === 'sqlite') {
    // SQLite's indexes are ours to keep in step (migration 007's triggers): one entry in each per
    // service_contacts row, under the row's account, none left behind by the change.
    const { rows } = await sql<{ account: string; listed: number; tri: number; five: number }>`
      select a.account,
        (select count(*) from service_contacts sc where sc.account = a.account) as listed,
        (select count(*) from service_search f
          where f.rowid between a.number * ${SPAN} and a.number * ${SPAN} + ${SPAN - 1}) as tri,
        (select count(*) from service_search_fivegrams f
          where f.rowid between a.number * ${SPAN} and a.number * ${SPAN} + ${SPAN - 1}) as five
      from service_search_accounts a order by a.account`.execute(app.ctx.database.db);
    expect(rows.map((r) => r.account)).toEqual([ADMIN, BILLING, NEWBIE, OUTSIDER, TECH].sort());
    for (const row of rows) {
      expect(row.tri, row.account).toBe(row.listed);
      expect(row.five, row.account).toBe(row.listed);
    }
  }
});

test('an existing SQLite database gets its names indexed when it migrates', async () => {
  if (TEST_DIALECT !== 'sqlite') return; // PostgreSQL builds a new index over its rows itself
  const dir = mkdtempSync(join(tmpdir(), 'contacthub-upgrade-'));
  try {
    const url = `sqlite:${join(dir, 'old.db')}`;
    const old = openDatabase(url);
    await migrateTo(old, '003-contacts-version');
    await old.db
      .insertInto('accounts')
      .values(
        [ADMIN, TECH].map((nichandle) => ({
          nichandle,
          email: `${nichandle}@example.test`,
          name: nichandle,
          language: 'en',
          created_at: 0,
        })),
      )
      .execute();
    const names = ['c-qx7.org', 'b.org', 'a-qx7.org']; // ids 1, 2, 3: not in name order
    for (const [i, name] of names.entries()) {
      await old.db
        .insertInto('services')
        .values({
          id: i + 1,
          service_type: 'domain',
          service_name: name,
          status: 'ok',
          contact_admin: ADMIN,
          contact_tech: TECH,
          contact_billing: ADMIN,
          created_at: 0,
        })
        .execute();
      for (const [account, admin] of [
        [ADMIN, 1],
        [TECH, 0],
      ] as const) {
        await old.db
          .insertInto('service_contacts')
          .values({
            account,
            service_name: name,
            service_type: 'domain',
            service_id: i + 1,
            is_admin: admin,
            is_tech: 1 - admin,
            is_billing: admin,
          })
          .execute();
      }
    }
    expect(await migrateToLatest(old)).toEqual(
      expect.arrayContaining([
        '004-search-index',
        '006-five-gram-index',
        '007-search-in-name-order',
      ]),
    );
    const { rows } = await sql<{ id: number }>`
      select sc.service_id as id from service_search_accounts a
      cross join service_search f cross join service_contacts sc
      where a.account = ${TECH} and f.service_search match '"qx7"'
        and f.rowid between a.number * ${SPAN} and a.number * ${SPAN} + ${SPAN - 1}
        and sc.search_key = f.rowid
      order by f.rowid`.execute(old.db);
    // The index lists them in name order (migration 007), not in the order they were created.
    expect(rows.map((r) => r.id)).toEqual([3, 1]);
    // The five-grams of the names already there, as the listing asks for them.
    const ctx = createContext(old, app.config);
    const found = async (search: string) =>
      (await listServicesOf(ctx, TECH, { search })).items.map((item) => item.serviceName);
    expect(await found('a-qx7.')).toEqual(['a-qx7.org']);
    expect(await found('QX7.ORG')).toEqual(['a-qx7.org', 'c-qx7.org']);
    expect(await found('B.ORG')).toEqual(['b.org']);
    await old.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite takes any service id, and refuses to number more accounts than its keys hold', async () => {
  if (TEST_DIALECT !== 'sqlite') return;
  const db = app.ctx.database.db;
  const row = (account: string, id: number) => ({
    account,
    service_name: `big-${id}.org`,
    service_type: 'domain',
    service_id: id,
    is_admin: 1,
    is_tech: 0,
    is_billing: 0,
  });
  // The service id is no part of the rowid any more (migration 007).
  await db
    .insertInto('service_contacts')
    .values(row(TECH, 2 ** 40))
    .execute();
  const { rows } = await sql<{ entries: number }>`
    select count(*) as entries from service_contacts sc cross join service_search f
    where sc.service_id = ${2 ** 40} and f.rowid = sc.search_key`.execute(db);
  expect(rows).toEqual([{ entries: 1 }]);
  // Accounts are numbered in order; the last number a key can hold is 2²³ - 1.
  await sql`insert into service_search_accounts (number, account)
    values (${2 ** 23 - 1}, 'last-ch')`.execute(db);
  await expect(
    db.insertInto('service_contacts').values(row('next-ch', 1)).execute(),
  ).rejects.toThrow(/too many accounts for the search index/);
});

test('SQLite keeps the index in the names’ order, whatever order the names come in', async () => {
  if (TEST_DIALECT !== 'sqlite') return;
  const db = app.ctx.database.db;
  const ACCOUNT = NEWBIE;
  const FLAGS = { is_admin: 1, is_tech: 0, is_billing: 0 };
  /** Services and their rows, in the order given: each row is placed on its own. */
  const add = async (names: string[], service_type = 'domain') => {
    const ids = await db
      .insertInto('services')
      .values(
        names.map((service_name) => ({
          service_type,
          service_name,
          status: 'ok' as const,
          contact_admin: ACCOUNT,
          contact_tech: ACCOUNT,
          contact_billing: ACCOUNT,
          created_at: 0,
        })),
      )
      .returning(['id', 'service_name'])
      .execute();
    await db
      .insertInto('service_contacts')
      .values(
        ids.map(({ id, service_name }) => ({
          account: ACCOUNT,
          service_name,
          service_type,
          service_id: id,
          ...FLAGS,
        })),
      )
      .execute();
  };
  const numbered = (count: number, name: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => name(i));
  const keys = async () =>
    (
      await sql<{ name: string; key: number }>`
        select service_name || '/' || service_type as name, search_key as key
        from service_contacts where account = ${ACCOUNT}
        order by service_name, service_type`.execute(db)
    ).rows;
  /** Keys rise with (name, type) inside the account's range; each table has one entry a row. */
  async function expectInOrder(label: string) {
    const rows = await keys();
    const { rows: ranges } = await sql<{ number: number }>`
      select number from service_search_accounts where account = ${ACCOUNT}`.execute(db);
    const base = ranges[0]!.number * SPAN;
    for (const [i, row] of rows.entries()) {
      expect(row.key, `${label}: ${row.name}`).toBeGreaterThan(i === 0 ? base : rows[i - 1]!.key);
      expect(row.key, `${label}: ${row.name}`).toBeLessThan(base + SPAN);
    }
    for (const table of ['service_search', 'service_search_fivegrams']) {
      const { rows: entries } = await sql<{ key: number }>`
        select rowid as key from ${sql.table(table)}
        where rowid between ${base} and ${base + SPAN - 1} order by rowid`.execute(db);
      expect(
        entries.map((e) => e.key),
        `${label}: ${table}`,
      ).toEqual(rows.map((r) => r.key));
    }
    for (const search of ['x-', 'gap-b', '-a1', 'order']) {
      const { items } = await allPages(ACCOUNT, { search, limit: 37 });
      expect(items, `${label}: ${search}`).toEqual(await expected(ACCOUNT, search));
    }
  }

  await add(numbered(50, (i) => `x-${String(2 * i).padStart(4, '0')}.org`));
  await expectInOrder('in order');
  const before = await keys();
  // Names after x-0010, in rising order: each takes half of what is left of the gap after the
  // one before, so that the gap runs out after sixteen and ranges in it are relabelled; past the
  // density a range of 2¹⁶ positions may hold, the names around the gap move too.
  const pad = (i: number) => String(i).padStart(4, '0');
  await add(numbered(1100, (i) => `x-0010.gap-a${pad(i)}.org`));
  await expectInOrder('rising into one gap');
  const moved = (await keys()).filter((row) => {
    const was = before.find((b) => b.name === row.name);
    return was !== undefined && was.key !== row.key;
  });
  expect(moved.length).toBeGreaterThan(0);
  await add(numbered(60, (i) => `x-0020.gap-b${pad(60 - i)}.org`));
  await expectInOrder('falling into one gap');
  await add(
    numbered(60, () => `x-0030.${Math.random().toString(36).slice(2)}`),
    'zone',
  );
  await add(numbered(30, (i) => `a-${pad(30 - i)}.order.org`)); // each before the first
  await expectInOrder('at random and before the first');

  await db
    .deleteFrom('service_contacts')
    .where('account', '=', ACCOUNT)
    .where('service_name', 'like', 'x-0010.gap-a01%')
    .execute();
  for (const table of ['services', 'service_contacts'] as const) {
    await db
      .updateTable(table)
      .set({ service_name: sql`'z-' || service_name` })
      .where('service_name', 'like', 'x-0020.gap-b001%')
      .execute();
  }
  await db
    .updateTable('service_contacts')
    .set({ account: ACCOUNT })
    .where('account', '=', TECH)
    .where('service_name', 'like', 'aaa-00%')
    .execute();
  await expectInOrder('after deletes, renames and moves');
});
