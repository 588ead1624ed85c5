import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { applyNextChange } from '../../src/contact-changes/apply-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { importServices } from '../../src/import/import-services.js';
import type { AppContext } from '../../src/platform/context.js';
import { createService } from '../../src/services/create-service.js';
import {
  ADMIN,
  BILLING,
  NEWBIE,
  OUTSIDER,
  SERVICE,
  TECH,
  seedGuide,
  tokenFor,
} from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

// The listing keeps pages in memory, checked against the account's contacts version (decision
// 062). These tests change the data behind a page in every way the application can, through this
// process and through a second App on the same database (what another process does), and check
// that the next answer shows the change.

interface Item {
  serviceType: string;
  serviceName: string;
  contactAdmin: string;
  contactTech: string;
  contactBilling: string;
  myRoles: string[];
}

const LIST = '/api/me/contacts/services';

let app: TestApp;
let other: App;
let http: Running;

beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  // What another contacthub process is: its own App, pool and caches on the same database.
  other = await openApp(app.config, { clock: app.clock, poolSize: 2 });
  http = await startServer(app);
});
afterEach(async () => {
  await http.close();
  await other.close();
  await app.close();
});

async function items(client: Client, query = ''): Promise<Item[]> {
  const answer = await client.get(`${LIST}${query}`);
  expect(answer.status, answer.text).toBe(200);
  return (answer.body as { items: Item[] }).items;
}

const names = (list: Item[]) => list.map((s) => `${s.serviceType}/${s.serviceName}`);

/** A complete change of the guide's service, run entirely by `ctx` (another process). */
async function applyChange(ctx: AppContext, asker: string, wish: Record<string, string>) {
  const ids = await changeContact(ctx, asker, SERVICE.serviceType, SERVICE.serviceName, wish);
  for (const id of ids) {
    const validators = await ctx.database.db
      .selectFrom('validations')
      .select('account')
      .where('request_id', '=', id)
      .execute();
    for (const { account } of validators) {
      await acceptChange(ctx, account, id, await tokenFor(ctx, id, account));
    }
  }
  while (await applyNextChange(ctx)) {
    /* every accepted request applied */
  }
}

test('a contact change made by another process shows at once, for every account it touches', async () => {
  const admin = await http.as(ADMIN);
  const tech = await http.as(TECH);
  const newbie = await http.as(NEWBIE);
  // Pages seen (and kept) before the change.
  expect((await items(admin))[0]).toMatchObject({ contactTech: TECH });
  expect(names(await items(tech))).toEqual(['domain/example.com']);
  expect(await items(newbie)).toEqual([]);
  expect(await items(admin, '?role=tech')).toEqual([]);

  await applyChange(other.ctx, ADMIN, { contactTech: NEWBIE });

  // The admin's row shows the new tech: a page of an account whose own roles did not change.
  expect((await items(admin))[0]).toMatchObject({ contactTech: NEWBIE, contactAdmin: ADMIN });
  expect(await items(tech)).toEqual([]);
  expect(await items(newbie)).toEqual([
    expect.objectContaining({ serviceName: SERVICE.serviceName, myRoles: ['tech'] }),
  ]);
  expect(await items(admin, '?role=tech')).toEqual([]);
});

test('services created or imported elsewhere appear in a page already seen', async () => {
  const billing = await http.as(BILLING);
  expect(names(await items(billing))).toEqual(['domain/example.com']);
  expect(names(await items(billing, '?serviceType=zone'))).toEqual([]);

  await createService(other.ctx, {
    serviceType: 'zone',
    serviceName: 'example.com',
    contactAdmin: OUTSIDER,
    contactBilling: BILLING,
  });
  expect(names(await items(billing))).toEqual(['domain/example.com', 'zone/example.com']);
  expect(names(await items(billing, '?serviceType=zone'))).toEqual(['zone/example.com']);

  const summary = await importServices(
    other.ctx,
    Readable.from([
      'serviceType,serviceName,contactAdmin,contactTech,contactBilling,status\n',
      `hosting,aaa.example,${OUTSIDER},,${BILLING},ok\n`,
    ]),
  );
  expect(summary.imported).toBe(1);
  expect(names(await items(billing))).toEqual([
    'hosting/aaa.example',
    'domain/example.com',
    'zone/example.com',
  ]);
});

describe('revalidation', () => {
  test('the ETag answers 304 while the page is unchanged, and 200 with a new one after', async () => {
    const admin = await http.as(ADMIN);
    const first = await admin.get(LIST);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await admin.request('GET', LIST, undefined, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // A weak form of the tag, and a list of tags, match too (RFC 9110).
    const weak = await admin.request('GET', LIST, undefined, {
      'if-none-match': `"other", W/${etag}`,
    });
    expect(weak.status).toBe(304);

    await applyChange(other.ctx, ADMIN, { contactBilling: NEWBIE });
    const changed = await admin.request('GET', LIST, undefined, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((changed.body as { items: Item[] }).items[0]).toMatchObject({ contactBilling: NEWBIE });
  });

  test("one caller's tag does not stand for another caller's page at the same URL", async () => {
    const admin = await http.as(ADMIN);
    const tech = await http.as(TECH);
    const etag = (await admin.get(LIST)).headers.get('etag')!;
    const answer = await tech.request('GET', LIST, undefined, { 'if-none-match': etag });
    expect(answer.status).toBe(200);
    expect((answer.body as { items: Item[] }).items[0]).toMatchObject({ myRoles: ['tech'] });
  });
});

test('a revoked token stops working at once, in a process that has just served it', async () => {
  const admin = await http.as(ADMIN);
  expect((await admin.get(LIST)).status).toBe(200);
  const row = await other.ctx.database.db
    .selectFrom('api_tokens')
    .select('id')
    .where('account', '=', ADMIN)
    .executeTakeFirstOrThrow();
  await other.ctx.database.db
    .updateTable('api_tokens')
    .set({ revoked_at: app.clock.now() })
    .where('id', '=', row.id)
    .execute();
  const after = await admin.get(LIST);
  expect(after.status).toBe(401);
  expect(after.body).toMatchObject({ errorCode: 'NOT_AUTHENTICATED' });
});

test('with LISTING_CACHE_MB=0 pages are computed each time and read the same', async () => {
  const uncached = await makeTestApp({ LISTING_CACHE_MB: '0' });
  try {
    expect(uncached.config.listingCacheBytes).toBe(0);
    await seedGuide(uncached.ctx);
    const server = await startServer(uncached);
    try {
      const client = await server.as(ADMIN);
      const cachedAnswer = await (await http.as(ADMIN)).get(`${LIST}?limit=5`);
      const answer = await client.get(`${LIST}?limit=5`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(cachedAnswer.text);
      await createService(uncached.ctx, {
        serviceType: 'zone',
        serviceName: 'b.example',
        contactAdmin: ADMIN,
      });
      expect(names(await items(client))).toEqual(['zone/b.example', 'domain/example.com']);
    } finally {
      await server.close();
    }
  } finally {
    await uncached.close();
  }
});
