import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * The operator's reads over real HTTP (issue 26): what the operator reads of an account, its
 * services, a service and its history is what the customer sees; PATCH changes what the
 * customer then sees; ADMIN_TOKEN guards every route.
 */

const ADMIN_TOKEN = 'operator-token-0123456789';
const service = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;
const opService = `/api/admin/services/${SERVICE.serviceType}/${SERVICE.serviceName}`;

let app: TestApp;
let http: Running;
let operator: Client;
let admin: Client;
let newbie: Client;
let taskId: number;

beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx);
  for (let i = 0; i < 12; i++) {
    await createService(app.ctx, {
      serviceType: i % 2 === 0 ? 'domain' : 'zone',
      serviceName: `site-${String(i).padStart(2, '0')}.example`,
      contactAdmin: i % 3 === 0 ? NEWBIE : OUTSIDER,
      contactTech: NEWBIE,
    });
  }
  await createService(app.ctx, {
    serviceType: 'email',
    serviceName: 'mail/x.com',
    contactAdmin: NEWBIE,
  });
  await createInvoice(app.ctx, { account: BILLING, amount: '12.50' });
  await createInvoice(app.ctx, { account: BILLING, amount: '3' });
  http = await startServer(app);
  operator = http.client({ bearer: ADMIN_TOKEN });
  admin = await http.as(ADMIN);
  newbie = await http.as(NEWBIE);
  const made = await admin.post(`${service}/changeContact`, { contactTech: NEWBIE });
  expect(made.status, made.text).toBe(200);
  taskId = (made.body as number[])[0]!;
}, 60_000);
afterAll(async () => {
  await http?.close();
  await app?.close();
});

describe('ADMIN_TOKEN', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', `/api/admin/accounts/${ADMIN}`],
    ['PATCH', `/api/admin/accounts/${ADMIN}`, { name: 'Mallory' }],
    ['GET', `/api/admin/accounts/${ADMIN}/services`],
    ['GET', opService],
    ['PATCH', opService, { status: 'expired' }],
    ['DELETE', opService],
    ['GET', `${opService}/contactHistory`],
    ['POST', `${opService}/changeContact`, { contactTech: OUTSIDER, reason: 'x' }],
    ['GET', '/api/admin/contactChanges'],
    ['POST', '/api/admin/contactChanges/1/cancel', {}],
    ['GET', '/api/admin/events'],
  ];
  test('guards every operator route: no token, a wrong one, a customer token', async () => {
    const before = await operator.get(opService);
    for (const [method, path, body] of routes) {
      for (const client of [http.client(), http.client({ bearer: 'wrong' }), admin]) {
        const answer = await client.request(method, path, body);
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect((answer.body as { errorCode: string }).errorCode).toBe('NOT_AUTHENTICATED');
      }
    }
    expect((await operator.get(opService)).body).toEqual(before.body);
  });
});

test('an account as the operator reads it is the account as it reads itself', async () => {
  const answer = await operator.get(`/api/admin/accounts/${BILLING}`);
  expect(answer.status, answer.text).toBe(200);
  const me = await (await http.as(BILLING)).get('/api/me');
  expect(answer.body).toEqual({
    ...(me.body as object),
    unpaidInvoices: 2,
    creation: '2026-11-24T09:00:00.000Z',
  });
  expect((await operator.get('/api/admin/accounts/zz99999-ch')).status).toBe(404);
  expect((await operator.get('/api/admin/accounts/not%20a%20nichandle')).status).toBe(404);
});

test('PATCH sets the name and the language; the customer sees them', async () => {
  const answer = await operator.request('PATCH', `/api/admin/accounts/${OUTSIDER}`, {
    name: 'Oscar Renamed',
    language: 'en',
  });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toMatchObject({ nichandle: OUTSIDER, name: 'Oscar Renamed', language: 'en' });
  const me = await (await http.as(OUTSIDER)).get('/api/me');
  expect(me.body).toMatchObject({ name: 'Oscar Renamed', language: 'en' });
  for (const bad of [{}, { nichandle: 'ab1-ch' }, { language: 'de' }, { email: 'nope' }]) {
    const refused = await operator.request('PATCH', `/api/admin/accounts/${OUTSIDER}`, bad);
    expect(refused.status, JSON.stringify(bad)).toBe(400);
  }
  expect((await (await http.as(OUTSIDER)).get('/api/me')).body).toEqual(me.body);
});

test("an account's services: the same pages, filters and cursor as its own listing", async () => {
  const queries = ['', '?serviceType=zone', '?role=admin', '?search=site-0'];
  for (const query of queries) {
    for (const limit of [1, 4, 50]) {
      let cursor: string | null = null;
      do {
        const sep = query ? '&' : '?';
        const q = `${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const mine = await newbie.get(`/api/me/contacts/services${q}`);
        const theirs = await operator.get(`/api/admin/accounts/${NEWBIE}/services${q}`);
        expect(mine.status, mine.text).toBe(200);
        expect(theirs.body, q).toEqual(mine.body);
        cursor = (theirs.body as { nextCursor: string | null }).nextCursor;
      } while (cursor !== null);
    }
  }
  expect((await operator.get('/api/admin/accounts/zz99999-ch/services')).status).toBe(404);
  expect((await operator.get(`/api/admin/accounts/${NEWBIE}/services?role=owner`)).status).toBe(
    400,
  );
});

test('a service: serviceInfos plus its open requests', async () => {
  const answer = await operator.get(opService);
  expect(answer.status, answer.text).toBe(200);
  const infos = await admin.get(`${service}/serviceInfos`);
  expect(answer.body).toEqual({ ...(infos.body as object), openRequests: [taskId] });
  expect((await operator.get('/api/admin/services/domain/nothing.example')).status).toBe(404);
  expect((await operator.get('/api/admin/services/email/mail%2Fx.com')).status).toBe(200);
});

test('its history is the customer’s history', async () => {
  const answer = await operator.get(`${opService}/contactHistory`);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toEqual((await admin.get(`${service}/contactHistory`)).body);
  expect((answer.body as { event: string }[]).map((e) => e.event)).toContain('request.created');
});

test('PATCH of the status: the customer sees it, in serviceInfos and in its listing', async () => {
  const path = '/api/admin/services/zone/site-01.example';
  const answer = await operator.request('PATCH', path, { status: 'pendingDebt' });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toMatchObject({ status: 'pendingDebt', openRequests: [] });
  const infos = await newbie.get('/api/zone/site-01.example/serviceInfos');
  expect(infos.body).toMatchObject({ status: 'pendingDebt' });
  const listed = await newbie.get('/api/me/contacts/services?search=site-01');
  expect((listed.body as { items: { status: string }[] }).items[0]!.status).toBe('pendingDebt');
  for (const bad of [{}, { status: 'gone' }, { status: 'ok', extra: 1 }, { status: 5 }]) {
    expect((await operator.request('PATCH', path, bad)).status, JSON.stringify(bad)).toBe(400);
  }
  expect((await newbie.get('/api/zone/site-01.example/serviceInfos')).body).toMatchObject({
    status: 'pendingDebt',
  });
  const history = await operator.get(`${path}/contactHistory`);
  expect((history.body as { event: string; actor: string }[]).at(-1)).toMatchObject({
    event: 'service.status',
    actor: 'operator',
  });
});

test('the event feed: every event once, oldest first, the same as the histories', async () => {
  const seen: { id: number; type: string; serviceName: string | null }[] = [];
  const stored = await app.ctx.database.db.selectFrom('audit_events').select('id').execute();
  let after = '';
  // On PostgreSQL an event waits for every older transaction of the cluster to end (other
  // tests' too): empty pages until then, never a skipped event.
  for (let guard = 0; guard < 1000 && seen.length < stored.length; guard++) {
    const answer = await operator.get(`/api/admin/events?limit=7&after=${after}`);
    expect(answer.status, answer.text).toBe(200);
    const page = answer.body as { items: typeof seen; nextCursor: string };
    seen.push(...page.items);
    if (page.items.length === 0) {
      // An empty page gives back the same place (the beginning is written 0_0).
      expect(page.nextCursor).toBe(after === '' ? '0_0' : after);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    after = page.nextCursor;
  }
  const ids = seen.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort((a, b) => a - b)).toEqual(
    stored.map((r) => Number(r.id)).sort((a, b) => a - b),
  );
  expect(seen.find((e) => e.type === 'request.created')).toMatchObject({
    serviceName: SERVICE.serviceName,
  });
  expect(seen.some((e) => e.type === 'email.queued' && e.serviceName === SERVICE.serviceName)).toBe(
    true,
  );
  for (const bad of ['x', '1', '-1_2', '1_2_3', '99999999999999999_1']) {
    expect((await operator.get(`/api/admin/events?after=${bad}`)).status, bad).toBe(400);
  }
  expect((await operator.get('/api/admin/events?limit=0')).status).toBe(400);
  expect((await operator.get('/api/admin/events?limit=1001')).status).toBe(400);
});

test('every request of the platform, with filters and a cursor', async () => {
  const more = await newbie.post('/api/zone/site-03.example/changeContact', {
    contactAdmin: NEWBIE,
  });
  expect(more.status, more.text).toBe(400); // already admin: ALREADY_CONTACT, nothing made
  const outsider = await http.as(OUTSIDER);
  const ids: number[] = [];
  for (const name of ['site-01.example', 'site-05.example', 'site-07.example']) {
    const made = await outsider.post(`/api/zone/${name}/changeContact`, { contactBilling: TECH });
    expect(made.status, made.text).toBe(200);
    ids.push(...(made.body as number[]));
  }
  const everything = await operator.get('/api/admin/contactChanges');
  expect(everything.status, everything.text).toBe(200);
  const items = (everything.body as { items: { id: number }[] }).items;
  expect(items.map((i) => i.id)).toEqual([...ids.reverse(), taskId]);
  // The same view as the request's parties have.
  const asParty = await admin.get(`/api/me/task/contactChange/${taskId}`);
  expect(items.at(-1)).toEqual(asParty.body);

  const paged: number[] = [];
  let cursor = '';
  for (let guard = 0; guard < 10; guard++) {
    const page = await operator.get(`/api/admin/contactChanges?limit=1&cursor=${cursor}`);
    const body = page.body as { items: { id: number }[]; nextCursor: string | null };
    paged.push(...body.items.map((i) => i.id));
    if (body.nextCursor === null) break;
    cursor = body.nextCursor;
  }
  expect(paged).toEqual(items.map((i) => i.id));

  const ids_ = async (query: string) => {
    const answer = await operator.get(`/api/admin/contactChanges?${query}`);
    expect(answer.status, `${query}: ${answer.text}`).toBe(200);
    return (answer.body as { items: { id: number }[] }).items.map((i) => i.id);
  };
  expect(await ids_(`account=${ADMIN}`)).toEqual([taskId]);
  expect(await ids_(`account=${TECH}`)).toEqual(items.map((i) => i.id));
  expect(await ids_('serviceType=domain')).toEqual([taskId]);
  expect(await ids_('serviceName=site-05.example')).toEqual([ids[1]]);
  expect(await ids_('state=done')).toEqual([]);
  expect(await ids_('state=validatingByCustomers&serviceType=zone')).toHaveLength(3);
  for (const bad of [
    'state=open',
    'account=nobody',
    'limit=0',
    'limit=501',
    'cursor=abc',
    'serviceType=ME',
  ]) {
    expect((await operator.get(`/api/admin/contactChanges?${bad}`)).status, bad).toBe(400);
  }
});
