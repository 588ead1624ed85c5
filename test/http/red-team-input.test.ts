import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN, NEWBIE, SERVICE, seedGuide, TECH } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * Issue 24, point 8 (R4 as amended): nothing is coerced. A wrong type, an array for a string,
 * null for an absent field, an unknown field, a number written other than canonically in a path or
 * query: 400 INVALID_INPUT, and nothing changes. On both databases.
 */

const ADMIN_TOKEN = 'operator-token-0123456789';
const service = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;

let app: TestApp;
let http: Running;
let admin: Client;
let operator: Client;
let tech: Client;
let taskId: number;

beforeAll(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx);
  http = await startServer(app);
  admin = await http.as(ADMIN);
  operator = http.client({ bearer: ADMIN_TOKEN });
  tech = await http.as(TECH);
  const made = await tech.post(`${service}/changeContact`, {
    contactTech: NEWBIE,
  });
  expect(made.status).toBe(200);
  taskId = (made.body as number[])[0]!;
}, 60_000);
afterAll(async () => {
  await http.close();
  await app.close();
});

async function counts() {
  const db = app.ctx.database.db;
  const count = async (table: 'contact_changes' | 'accounts' | 'api_tokens' | 'validations') =>
    Number(
      (await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    );
  return {
    changes: await count('contact_changes'),
    accounts: await count('accounts'),
    tokens: await count('api_tokens'),
    accepted: Number(
      (
        await db
          .selectFrom('validations')
          .select(db.fn.countAll().as('n'))
          .where('status', '!=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    ),
  };
}

async function expectInvalid(label: string, answer: Promise<{ status: number; body: unknown }>) {
  const { status, body } = await answer;
  expect(status, label).toBe(400);
  expect(body, label).toMatchObject({ errorCode: 'INVALID_INPUT' });
}

test('changeContact refuses every loose type and unknown field, and makes nothing', async () => {
  const before = await counts();
  const bodies: unknown[] = [
    { contactTech: [NEWBIE] },
    { contactTech: null },
    { contactTech: 10004 },
    { contactTech: true },
    { contactTech: { nichandle: NEWBIE } },
    { contactTech: NEWBIE, contactOther: NEWBIE },
    { contactTech: NEWBIE, __proto__x: 1 },
    [{ contactTech: NEWBIE }],
    'contactTech',
  ];
  for (const body of bodies) {
    await expectInvalid(
      `changeContact ${JSON.stringify(body)}`,
      admin.request('POST', `${service}/changeContact`, JSON.stringify(body)),
    );
  }
  expect(await counts()).toEqual(before);
});

test('the other bodies refuse loose types and unknown fields too', async () => {
  const before = await counts();
  const cases: [Client, string, unknown][] = [
    [http.client(), '/api/auth/login', { nichandle: [ADMIN], password: 'x' }],
    [http.client(), '/api/auth/login', { nichandle: ADMIN, password: 'x', remember: true }],
    [http.client(), '/api/auth/login', { nichandle: ADMIN, password: null }],
    [admin, `/api/me/task/contactChange/${taskId}/accept`, { token: 12345 }],
    [admin, `/api/me/task/contactChange/${taskId}/accept`, { token: ['x'] }],
    [admin, `/api/me/task/contactChange/${taskId}/refuse`, { token: 'x', reason: 'no' }],
    [operator, '/api/admin/accounts', { email: 'a@example.test', name: 'A', admin: true }],
    [operator, '/api/admin/accounts', { email: ['a@example.test'], name: 'A' }],
    [operator, '/api/admin/accounts', { email: 'a@example.test', name: 'A', language: null }],
    [operator, `/api/admin/accounts/${NEWBIE}/tokens`, { name: null }],
    [operator, `/api/admin/accounts/${NEWBIE}/tokens`, { name: 7 }],
    [operator, `/api/admin/accounts/${NEWBIE}/tokens`, { label: 'x' }],
  ];
  for (const [client, path, body] of cases) {
    await expectInvalid(`${path} ${JSON.stringify(body)}`, client.post(path, body));
  }
  expect(await counts()).toEqual(before);
});

test('request ids and numbers in queries are read only in their canonical form', async () => {
  const before = await counts();
  for (const id of ['01', '0x1', '1.0', '+1', '1e0', '%201', `${taskId}.0`, `0${taskId}`]) {
    await expectInvalid(`GET id ${id}`, admin.get(`/api/me/task/contactChange/${id}`));
    await expectInvalid(
      `accept id ${id}`,
      admin.post(`/api/me/task/contactChange/${id}/accept`, { token: 'x' }),
    );
    await expectInvalid(`cancel id ${id}`, admin.post(`/api/me/task/contactChange/${id}/cancel`));
  }
  for (const limit of ['01', '0x2', '2.0', '1e1', '', ' 2']) {
    await expectInvalid(
      `limit ${limit}`,
      admin.get(`/api/me/contacts/services?limit=${encodeURIComponent(limit)}`),
    );
  }
  expect(await counts()).toEqual(before);
  // The canonical forms work.
  const task = await tech.get(`/api/me/task/contactChange/${taskId}`);
  expect(task.status).toBe(200);
  expect((task.body as { id: number }).id).toBe(taskId);
  const page = await admin.get('/api/me/contacts/services?limit=1');
  expect(page.status).toBe(200);
  expect((page.body as { items: unknown[] }).items).toHaveLength(1);
});

test('an API token is made with no body at all, or an empty one (name is optional)', async () => {
  const before = await counts();
  const path = `/api/admin/accounts/${NEWBIE}/tokens`;
  const answers = [
    await operator.request('POST', path),
    await operator.request('POST', path, '', { 'content-type': 'application/json' }),
    await operator.post(path, {}),
    await operator.post(path, { name: 'deploy script' }),
  ];
  for (const answer of answers) {
    expect(answer.status, answer.text).toBe(201);
    expect((answer.body as { token: string }).token).toMatch(/^cht_/);
  }
  expect((await counts()).tokens).toBe(before.tokens + 4);
  // The token made without a body opens the customer API.
  const made = http.client({ bearer: (answers[0]!.body as { token: string }).token });
  expect((await made.get('/api/me')).status).toBe(200);
});
