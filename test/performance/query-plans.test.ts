import { Readable } from 'node:stream';
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { applyNextChange } from '../../src/contact-changes/apply-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { expireNextChange } from '../../src/contact-changes/expire-changes.js';
import { getChange, listChangeIds } from '../../src/contact-changes/get-change.js';
import { changeContactsInBulk } from '../../src/contact-changes/change-contacts-in-bulk.js';
import { listChangeLines } from '../../src/contact-changes/list-change-lines.js';
import { claimDue } from '../../src/outbox/outbox.repository.js';
import type { AppContext } from '../../src/platform/context.js';
import { encodeCursor, listServicesOf } from '../../src/services/list-services.js';
import { SEARCH_WINDOW } from '../../src/services/search/postgres.js';
import { importServices } from '../../src/import/import-services.js';
import { getServiceInfos } from '../../src/services/get-service.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_DIALECT, type TestApp } from '../support/test-app.js';
import { withQueries } from '../support/capture-queries.js';

/**
 * The queries that must not grow with the data: the services listing (every filter, first and
 * deep pages), the lookups of requests, and the job claims. Each is captured as the domain
 * function really sends it (a Kysely plugin sees the query tree, Kysely compiles it) and shown
 * to the database's planner: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL with
 * sequential scans and sorts priced out, so that a plan without a usable index still shows them.
 */

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  for (let i = 0; i < 30; i++) {
    await app.ctx.database.db
      .insertInto('services')
      .values({
        service_type: i % 2 ? 'zone' : 'domain',
        service_name: `filler-${i}.com`,
        status: 'ok',
        contact_admin: TECH,
        contact_tech: TECH,
        contact_billing: TECH,
        created_at: 0,
      })
      .execute();
  }
});
afterEach(() => app.close());

/** The selects (with or without a `with`), updates and deletes `work` sends, compiled. */
async function queriesOf(work: (ctx: AppContext) => Promise<unknown>): Promise<CompiledQuery[]> {
  const { queries } = await withQueries(app.ctx, work);
  return queries.filter((q) => /^\s*(select|update|delete|with)/i.test(q.sql));
}

async function planOf(query: CompiledQuery, options: { noSort?: boolean } = {}): Promise<string> {
  const db = app.ctx.database.db;
  if (TEST_DIALECT === 'sqlite') {
    const result = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((r) => r.detail).join('\n');
  }
  return db.connection().execute(async (conn) => {
    // Tiny test tables make a scan and a sort the cheapest plan: price them out, so that they
    // show only where no index can serve the query (or give its order).
    await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
    if (options.noSort) await conn.executeQuery(CompiledQuery.raw('SET enable_sort = off'));
    try {
      const result = await conn.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
      await conn.executeQuery(CompiledQuery.raw('RESET enable_sort'));
    }
  });
}

/** A full scan of a table or of a whole index, on either database. */
function fullScans(plan: string): string[] {
  const lines = plan.split('\n');
  // SQLite reading the rows of a subquery it runs as a co-routine: not a table.
  const subqueries = lines.flatMap(
    (line) => /^\s*(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(line)?.[1] ?? [],
  );
  return lines.filter((line, i) => {
    if (subqueries.some((name) => line.trim() === `SCAN ${name}`)) return false;
    // SQLite, PostgreSQL; an FTS5 table asked through its index is not a scan of it.
    if (/^\s*SCAN (?!\S+ VIRTUAL TABLE INDEX)/.test(line) || /Seq Scan/.test(line)) return true;
    // PostgreSQL walking an index from end to end: an index scan with no Index Cond under it.
    return /Index (Only )?Scan/.test(line) && !/Index Cond/.test(lines[i + 1] ?? '');
  });
}
/** Sorting every matching row before the limit: the cost of the page grows with the account. */
const SORT = /USE TEMP B-TREE FOR ORDER BY|(^|\n)\s*(->\s*)?(Incremental )?Sort /;

async function expectIndexed(
  work: (ctx: AppContext) => Promise<unknown>,
  options: { noSort?: boolean } = {},
) {
  const queries = await queriesOf(work);
  expect(queries.length).toBeGreaterThan(0);
  for (const query of queries) {
    const plan = await planOf(query, options);
    if (process.env.SHOW_PLANS) console.log(`${query.sql}\n${plan}\n`);
    expect(fullScans(plan), `${query.sql}\n${plan}`).toEqual([]);
    if (options.noSort) expect(plan, `${query.sql}\n${plan}`).not.toMatch(SORT);
  }
  return queries;
}

test('the services listing reads one index range in order, with every filter and page', async () => {
  const deep = encodeCursor('filler-3.com', 'zone');
  const deepDomain = encodeCursor('filler-2.com', 'domain');
  const cases = [
    {},
    { cursor: deep },
    { serviceType: 'domain' },
    { serviceType: 'domain', cursor: deepDomain },
    { role: 'admin' },
    { role: 'tech', cursor: deep },
    { role: 'billing' },
    { search: 'filler-1' },
    { search: 'filler', cursor: deep, serviceType: 'zone', role: 'admin' },
  ];
  for (const query of cases) {
    await expectIndexed((ctx) => listServicesOf(ctx, TECH, { limit: 10, ...query }), {
      noSort: true,
    });
  }
});

/** An import file's lines: TECH holds twice a search window of services, bulk-0.com and on. */
function bulkOfTech(): string[] {
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
  for (let i = 0; i < 2 * SEARCH_WINDOW; i++) lines.push(`domain,bulk-${i}.com,${TECH},,,`);
  return lines;
}

test('a rare search takes its matches from a search index', async () => {
  const lines = bulkOfTech();
  lines.push(`domain,rare-qx7.org,${TECH},,,`);
  // Other accounts hold most services, as on a real platform: reading every service is then
  // dearer than looking up the window's own (PostgreSQL's planner weighs the two).
  for (let i = 0; i < 8 * SEARCH_WINDOW; i++) lines.push(`zone,other-${i}.net,${ADMIN},,,`);
  await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
  if (TEST_DIALECT === 'postgres') {
    await sql`analyze services, service_contacts`.execute(app.ctx.database.db);
  }

  // Fewer than five characters: the trigram index (migration 004); more: the five-gram index
  // (migration 006).
  for (const [search, table] of [
    ['qx7', TEST_DIALECT === 'sqlite' ? 'service_search' : 'service_contacts_search'],
    [
      'rare-qx7',
      TEST_DIALECT === 'sqlite' ? 'service_search_fivegrams' : 'service_contacts_search_fivegrams',
    ],
  ] as const) {
    const queries = await queriesOf((ctx) => listServicesOf(ctx, TECH, { search }));
    const plans: string[] = [];
    for (const query of queries) {
      const plan = await planOf(query);
      if (process.env.SHOW_PLANS) console.log(`${query.sql}\n${plan}\n`);
      expect(fullScans(plan), `${query.sql}\n${plan}`).toEqual([]);
      plans.push(TEST_DIALECT === 'sqlite' ? `${query.sql}\n${plan}` : plan);
    }
    if (TEST_DIALECT === 'sqlite') {
      // One statement: the index walked in rowid order, which is the names' order (migration
      // 007), each entry's row found by its key and its service by id; nothing sorted.
      expect(plans, search).toHaveLength(1);
      expect(plans[0]).toMatch(
        new RegExp(
          `cross join ${table} f[^]*SCAN f VIRTUAL TABLE INDEX[^\\n]*\\n` +
            'SEARCH sc USING INDEX service_contacts_search_key \\(search_key=\\?\\)\\n' +
            'SEARCH s USING INTEGER PRIMARY KEY',
        ),
      );
      expect(plans[0]).not.toMatch(SORT);
      continue;
    }
    // PostgreSQL: the window read by its range (sorting at most SEARCH_WINDOW rows), then the
    // index (at most SEARCH_INDEX_CAP + 1), then the page among the candidates, each found by its
    // keys.
    const index = new RegExp(`Bitmap Index Scan on ${table}\\b`);
    expect(
      plans.filter((plan) => index.test(plan)),
      search,
    ).toHaveLength(1);
    expect(plans.at(-1)).toMatch(
      /services_pkey[^]*on service_contacts sc[^\n]*\n\s+Index Cond: [^\n]*service_name = s\.service_name/,
    );
  }
});

test('a string sparse in the window reads its page among candidates the index finds', async () => {
  if (TEST_DIALECT !== 'postgres') return; // SQLite reads every search page from its index
  // NEWBIE's 3,000 names: `abcd` in one of each thousand, `abc` and `bcd` apart in every other:
  // more candidates than the cap, so that ANALYZE does not send the search to the index first.
  const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
  for (let i = 0; i < 3000; i++) {
    const suffix = i % 1000 === 500 ? '-abcd' : i % 2 === 0 ? '-abc-bcd' : '';
    lines.push(`domain,sp-${String(i).padStart(5, '0')}${suffix}.org,${NEWBIE},,,`);
  }
  await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
  // A page of 10 with one match in the window: more candidates than the cap are worth reading.
  const queries = await queriesOf((ctx) =>
    listServicesOf(ctx, NEWBIE, { search: 'abcd', limit: 10 }),
  );
  const page = queries.filter((q) => /with candidates as materialized/.test(q.sql));
  expect(page).toHaveLength(1);
  const plan = await planOf(page[0]!);
  if (process.env.SHOW_PLANS) console.log(`${page[0]!.sql}\n${plan}\n`);
  expect(fullScans(plan), plan).toEqual([]);
  expect(plan).toMatch(/Bitmap Index Scan on service_contacts_search\b/);
  // Only the page's rows are joined to their services, each by its key.
  expect(plan).toMatch(
    /Index Scan using services_pkey on services s [^\n]*\n\s+Index Cond: \(id = sc\.service_id\)/,
  );
});

test('no listing or search query starts parallel workers, however cheap the planner finds them', async () => {
  if (TEST_DIALECT !== 'postgres') return; // SQLite has no parallel scans
  // A window of a search, then the trigram index and the page by keys (as in the test above).
  await importServices(app.ctx, Readable.from([bulkOfTech().join('\n') + '\n']));
  const work = [
    (ctx: AppContext) => listServicesOf(ctx, TECH, {}),
    (ctx: AppContext) => listServicesOf(ctx, TECH, { role: 'tech', serviceType: 'zone' }),
    (ctx: AppContext) => listServicesOf(ctx, TECH, { search: 'nowhere' }),
    (ctx: AppContext) => listServicesOf(ctx, TECH, { search: 'k-1', role: 'admin' }),
  ];
  const queries = (await Promise.all(work.map((w) => queriesOf(w)))).flat();
  expect(queries.length).toBeGreaterThan(6);
  await app.ctx.database.db.connection().execute(async (conn) => {
    // Parallel plans made free: where the tables allowed them, the planner would take them.
    for (const setting of [
      'parallel_setup_cost = 0',
      'parallel_tuple_cost = 0',
      'min_parallel_table_scan_size = 0',
      'min_parallel_index_scan_size = 0',
    ]) {
      await conn.executeQuery(CompiledQuery.raw(`SET ${setting}`));
    }
    try {
      for (const query of queries) {
        const { rows } = await conn.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan, `${query.sql}\n${plan}`).not.toMatch(/Gather|Parallel/);
      }
    } finally {
      await conn.executeQuery(CompiledQuery.raw('RESET ALL'));
    }
  });
});

test('a deep page with a type filter starts at the cursor instead of reading up to it', async () => {
  if (TEST_DIALECT !== 'sqlite') return; // PostgreSQL prints the range as an Index Cond below
  const [query] = await queriesOf((ctx) =>
    listServicesOf(ctx, TECH, {
      serviceType: 'zone',
      cursor: encodeCursor('filler-3.com', 'zone'),
    }),
  );
  expect(await planOf(query!)).toMatch(/service_name>\?/);
});

test('serviceInfos and the request lookups use indexes', async () => {
  await expectIndexed((ctx) =>
    getServiceInfos(ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName),
  );
  const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await expectIndexed((ctx) => getChange(ctx, ADMIN, id));
  await expectIndexed((ctx) => listChangeIds(ctx, NEWBIE, {}));
  await expectIndexed((ctx) => listChangeIds(ctx, ADMIN, { askingAccount: ADMIN }));
  await expectIndexed((ctx) => listChangeIds(ctx, ADMIN, { toAccount: NEWBIE }));
  await expectIndexed((ctx) => listChangeIds(ctx, TECH, { state: 'validatingByCustomers' }));
  // Mes demandes with a batch (R22): its line and the few words of the batch.
  const bulk = await changeContactsInBulk(app.ctx, TECH, {
    services: [
      { serviceType: 'domain', serviceName: 'filler-0.com' },
      { serviceType: 'domain', serviceName: 'filler-2.com' },
    ],
    contactTech: NEWBIE,
  });
  expect(bulk.batchId).not.toBeNull();
  await expectIndexed((ctx) => listChangeLines(ctx, NEWBIE, {}));
  await expectIndexed((ctx) => listChangeLines(ctx, TECH, { state: 'validatingByCustomers' }));
});

test('the job claims find their rows by index: requests to apply or expire, e-mails due', async () => {
  await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  const claims = [
    // The oldest request to apply, the next to expire: the first entry of an index range.
    ...(await expectIndexed((ctx) => applyNextChange(ctx), { noSort: true })),
    ...(await expectIndexed((ctx) => expireNextChange(ctx), { noSort: true })),
    ...(await expectIndexed((ctx) => claimDue(ctx, 'email', 'plan-test'))),
  ];
  expect(claims.map((q) => q.sql).join('\n')).toMatch(/"state" = /);
});
