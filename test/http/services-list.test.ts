import { afterEach, beforeEach, expect, test } from 'vitest';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, NEWBIE, OUTSIDER, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

interface Page {
  items: { serviceType: string; serviceName: string; myRoles: string[] }[];
  nextCursor: string | null;
}

let app: TestApp;
let http: Running;
let newbie: Client;

/** NEWBIE holds 25 services: names n00..n24, types alternating domain/zone, roles varying. */
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  for (let i = 0; i < 25; i++) {
    const n = String(i).padStart(2, '0');
    await createService(app.ctx, {
      serviceType: i % 2 === 0 ? 'domain' : 'zone',
      serviceName: i % 5 === 0 ? `shop-${n}.example` : `site-${n}.example`,
      contactAdmin: i % 3 === 0 ? NEWBIE : OUTSIDER,
      contactTech: NEWBIE,
      contactBilling: i % 3 === 0 ? NEWBIE : TECH,
    });
  }
  await createService(app.ctx, {
    serviceType: 'email',
    serviceName: 'mail/example.com',
    contactAdmin: NEWBIE,
  });
  http = await startServer(app);
  newbie = await http.as(NEWBIE);
});
afterEach(async () => {
  await http.close();
  await app.close();
});

async function page(query: string): Promise<Page> {
  const answer = await newbie.get(`/api/me/contacts/services${query}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Page;
}

async function all(query: string, limit: number): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const sep = query ? '&' : '?';
    const next = await page(
      `${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(next.items.length).toBeLessThanOrEqual(limit);
    items.push(...next.items);
    cursor = next.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('pagination does not end');
}

test('pages follow one another by name then type, without gaps or repeats', async () => {
  const first = await page('');
  expect(first.items).toHaveLength(26); // default page of 50 holds them all
  expect(first.nextCursor).toBeNull();
  const names = first.items.map((s) => `${s.serviceName} ${s.serviceType}`);
  expect(names).toEqual([...names].sort());

  const paged = await all('', 7);
  expect(paged.map((s) => `${s.serviceName} ${s.serviceType}`)).toEqual(names);
});

test('filters by service type, role and part of the name', async () => {
  const zones = await all('?serviceType=zone', 4);
  expect(zones).toHaveLength(12);
  expect(zones.every((s) => s.serviceType === 'zone')).toBe(true);

  const admin = await all('?role=admin', 3);
  expect(admin.map((s) => s.serviceName).sort()).toEqual(
    [0, 3, 6, 9, 12, 15, 18, 21, 24]
      .map((i) => `${i % 5 === 0 ? 'shop' : 'site'}-${String(i).padStart(2, '0')}.example`)
      .concat('mail/example.com')
      .sort(),
  );
  expect(admin.every((s) => s.myRoles.includes('admin'))).toBe(true);

  const shops = await all('?search=SHOP', 2);
  expect(shops.map((s) => s.serviceName)).toEqual([
    'shop-00.example',
    'shop-05.example',
    'shop-10.example',
    'shop-15.example',
    'shop-20.example',
  ]);
  const combined = await all('?search=shop&serviceType=domain&role=billing', 10);
  expect(combined.map((s) => s.serviceName)).toEqual(['shop-00.example']);
  // A search is a substring, never a pattern: % and _ match only themselves.
  expect((await page('?search=%25')).items).toEqual([]);
  expect((await page('?search=_')).items).toEqual([]);
});

test('the caller sees only its own services, and ADMIN none of these', async () => {
  const admin = await http.as(ADMIN);
  const answer = await admin.get('/api/me/contacts/services');
  const items = (answer.body as Page).items;
  expect(items.map((s) => s.serviceName)).toEqual(['example.com']);
});

test('bad limits, roles and cursors answer 400 INVALID_INPUT', async () => {
  for (const query of [
    '?limit=0',
    '?limit=501',
    '?limit=abc',
    '?role=owner',
    '?cursor=not-a-cursor',
    '?serviceType=ME',
  ]) {
    const answer = await newbie.get(`/api/me/contacts/services${query}`);
    expect(answer.status, query).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
  }
});

test('a service name with a slash travels as %2F in the path', async () => {
  const path = `/api/email/${encodeURIComponent('mail/example.com')}`;
  const infos = await newbie.get(`${path}/serviceInfos`);
  expect(infos.status, infos.text).toBe(200);
  expect(infos.body).toMatchObject({ serviceType: 'email', serviceName: 'mail/example.com' });
  const history = await newbie.get(`${path}/contactHistory`);
  expect(history.status).toBe(200);
  const ids = await newbie.post(`${path}/changeContact`, { contactTech: OUTSIDER });
  expect(ids.status, ids.text).toBe(200);
  // Unencoded, the slash splits the path: no such route.
  expect((await newbie.get('/api/email/mail/example.com/serviceInfos')).status).toBe(404);
});

test('reserved words are not service types', async () => {
  for (const word of ['me', 'auth', 'admin', 'docs']) {
    const answer = await newbie.get(`/api/${word}/example.com/serviceInfos`);
    expect(answer.status, word).toBe(404);
    expect(answer.body).toMatchObject({ errorCode: 'NOT_FOUND' });
  }
});
