import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
import { brotliWindowBits } from '../../src/api/listing-cache.js';

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
    // Weak: the page's identity, br and gzip forms are the same page.
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await admin.request('GET', LIST, undefined, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // The tag without its weak mark, and a list of tags, match too (weak comparison, RFC 9110).
    const strong = await admin.request('GET', LIST, undefined, {
      'if-none-match': `"other", ${etag!.slice(2)}`,
    });
    expect(strong.status).toBe(304);

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

test('pages are kept under the query as sent: bad queries are refused every time', async () => {
  const admin = await http.as(ADMIN);
  for (let i = 0; i < 2; i++) {
    const bad = await admin.get(`${LIST}?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
  }
  // The same page asked two ways: kept twice, one page, one tag.
  const plain = await admin.get(LIST);
  const spelled = await admin.get(`${LIST}?limit=50&role=&search=`);
  expect(spelled.status).toBe(200);
  expect(spelled.text).toBe(plain.text);
  expect(spelled.headers.get('etag')).toBe(plain.headers.get('etag'));
  // A page of a good cursor is kept; the same cursor with its first character changed is still checked.
  await createService(app.ctx, {
    serviceType: 'domain',
    serviceName: 'second.example',
    contactAdmin: ADMIN,
    contactTech: TECH,
    contactBilling: BILLING,
  });
  const cursor = (await admin.get(`${LIST}?limit=1`)).body as { nextCursor: string };
  expect((await admin.get(`${LIST}?limit=1&cursor=${cursor.nextCursor}`)).status).toBe(200);
  expect((await admin.get(`${LIST}?limit=1&cursor=_${cursor.nextCursor.slice(1)}`)).status).toBe(
    400,
  );
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

describe('compression', () => {
  interface Raw {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    bytes: Buffer;
  }

  /** A GET as bytes on the wire: fetch would decompress the answer before we saw it. */
  function rawGet(client: Client, path: string, headers: Record<string, string>): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const sent = httpRequest(
        `${http.url}${path}`,
        { headers: { authorization: `Bearer ${client.auth!.bearer!}`, ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode!,
              headers: response.headers,
              bytes: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  }

  /** Thirty services of the administrator: a page of a few kilobytes. */
  async function manyServices() {
    for (let i = 0; i < 30; i++) {
      await createService(app.ctx, {
        serviceType: 'hosting',
        serviceName: `web-${String(i).padStart(2, '0')}.example`,
        contactAdmin: ADMIN,
        contactTech: TECH,
      });
    }
  }

  test('a page goes in br or gzip as the client prefers, and decompresses to the same JSON', async () => {
    await manyServices();
    const admin = await http.as(ADMIN);
    const plain = await rawGet(admin, LIST, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(2048);
    const page = JSON.parse(plain.bytes.toString('utf8')) as { items: Item[] };
    expect(page.items).toHaveLength(31);

    const br = await rawGet(admin, LIST, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('authorization, cookie, accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 4);
    expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);

    const gzip = await rawGet(admin, LIST, { 'accept-encoding': 'br;q=0.5, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.bytes).equals(plain.bytes)).toBe(true);

    // Kept with the page: the same bytes again, and the same tag for every form of the page.
    const again = await rawGet(admin, LIST, { 'accept-encoding': 'br' });
    expect(again.bytes.equals(br.bytes)).toBe(true);
    expect(new Set([plain, br, gzip].map((a) => a.headers['etag'])).size).toBe(1);
  });

  test('the br window holds the page, whatever its size, and the page decompresses whole', async () => {
    for (const length of [0, 1024, 9_180, 16_368, 16_369, 90_000, 1 << 30]) {
      const bits = brotliWindowBits(length);
      expect(bits).toBeGreaterThanOrEqual(10);
      expect(bits).toBeLessThanOrEqual(24);
      // Brotli's window of 2^bits holds 2^bits − 16 bytes: the smallest that holds the page.
      if (bits < 24) expect((1 << bits) - 16, String(length)).toBeGreaterThanOrEqual(length);
      if (bits > 10) expect((1 << (bits - 1)) - 16, String(length)).toBeLessThan(length);
    }
    // A 500-service page is larger than a 64 kB window: it still goes whole.
    const lines = ['serviceType,serviceName,contactAdmin,contactTech,contactBilling,status'];
    for (let i = 0; i < 500; i++) lines.push(`zone,big-${i}.example.org,${ADMIN},${TECH},,`);
    await importServices(app.ctx, Readable.from([lines.join('\n') + '\n']));
    const admin = await http.as(ADMIN);
    const path = `${LIST}?limit=500`;
    const plain = await rawGet(admin, path, {});
    expect(plain.bytes.length).toBeGreaterThan(1 << 16);
    const br = await rawGet(admin, path, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);
  });

  test('a client that refuses both, or names neither, gets the JSON as it is', async () => {
    await manyServices();
    const admin = await http.as(ADMIN);
    for (const acceptEncoding of ['identity', 'br;q=0, gzip;q=0', 'deflate', 'zstd']) {
      const answer = await rawGet(admin, LIST, { 'accept-encoding': acceptEncoding });
      expect(answer.status, acceptEncoding).toBe(200);
      expect(answer.headers['content-encoding'], acceptEncoding).toBeUndefined();
      const page = JSON.parse(answer.bytes.toString('utf8')) as { items: unknown };
      expect(Array.isArray(page.items), acceptEncoding).toBe(true);
    }
  });

  test('a small page is not compressed; a compressed page revalidates with its tag', async () => {
    const admin = await http.as(ADMIN);
    const small = await rawGet(admin, LIST, { 'accept-encoding': 'br, gzip' });
    expect(small.bytes.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();

    await manyServices();
    const big = await rawGet(admin, LIST, { 'accept-encoding': 'br, gzip' });
    expect(big.headers['content-encoding']).toBe('br');
    const etag = big.headers['etag'] as string;
    const revalidated = await rawGet(admin, LIST, {
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
  });
});
