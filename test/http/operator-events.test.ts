import { afterAll, beforeAll, expect, test } from 'vitest';
import { recordEvents, type NewAuditEvent } from '../../src/audit/audit.repository.js';
import { seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * GET /api/admin/events pages through 10,000 events while others are written, some of them by
 * transactions that commit after later ones (PostgreSQL gives ids at insert, not at commit):
 * every committed event is served exactly once (decision 093).
 */

const ADMIN_TOKEN = 'operator-token-0123456789';
let app: TestApp;
let http: Running;
let operator: Client;

beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx);
  http = await startServer(app);
  operator = http.client({ bearer: ADMIN_TOKEN });
}, 60_000);
afterAll(async () => {
  await http?.close();
  await app?.close();
});

const events = (n: number, tag: string): NewAuditEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    event: 'invoice.created',
    actor: null,
    data: { tag, i },
  }));

async function writeBulk(n: number, tag: string): Promise<void> {
  for (let done = 0; done < n; done += 500) {
    await app.ctx.database.db
      .transaction()
      .execute((trx) => recordEvents(trx, app.ctx, events(Math.min(500, n - done), tag)));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('10,000 events paged while more are written: no repeat, no gap', async () => {
  await writeBulk(10_000, 'before');
  const served: number[] = [];
  let after = '';
  const poll = async () => {
    const answer = await operator.get(`/api/admin/events?limit=1000&after=${after}`);
    expect(answer.status, answer.text).toBe(200);
    const page = answer.body as { items: { id: number }[]; nextCursor: string };
    served.push(...page.items.map((item) => item.id));
    after = page.nextCursor;
    return page.items.length;
  };

  let writing = true;
  const writer = (async () => {
    for (let round = 0; round < 8; round++) {
      if (app.dialect === 'postgres') {
        // A transaction takes an id, stays open while a later one commits, then commits: a
        // poller reading `id > last` would skip its event.
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let inserted!: () => void;
        const hasInserted = new Promise<void>((resolve) => (inserted = resolve));
        const slow = app.ctx.database.db.transaction().execute(async (trx) => {
          await recordEvents(trx, app.ctx, events(3, `slow-${round}`));
          inserted();
          await held;
        });
        await hasInserted;
        await writeBulk(200, `fast-${round}`);
        await sleep(30);
        release();
        await slow;
      } else {
        await writeBulk(200, `fast-${round}`);
        await sleep(10);
      }
    }
    writing = false;
  })();

  for (let guard = 0; guard < 10_000 && (writing || (await poll()) > 0); guard++) {
    if (writing) await poll();
  }
  await writer;
  const stored = await app.ctx.database.db.selectFrom('audit_events').select('id').execute();
  // On PostgreSQL the last events wait for every older transaction of the cluster to end.
  for (let guard = 0; guard < 500 && served.length < stored.length; guard++) {
    if ((await poll()) === 0) await sleep(20);
  }
  expect(await poll()).toBe(0);
  expect(stored.length).toBeGreaterThan(10_000);
  expect(new Set(served).size).toBe(served.length);
  expect([...served].sort((a, b) => a - b)).toEqual(
    stored.map((row) => Number(row.id)).sort((a, b) => a - b),
  );
}, 120_000);
