import { afterEach, beforeEach, describe, expect, test } from 'vitest';
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

/**
 * The guide's cases over real HTTP: the server listens on 127.0.0.1, the tokens are read from
 * the outbox as the e-mails carry them, the worker applies accepted requests.
 */

const ADMIN_TOKEN = 'operator-token-0123456789';
const base = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;

let app: TestApp;
let http: Running;
beforeEach(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx);
  http = await startServer(app);
});
afterEach(async () => {
  await http.close();
  await app.close();
});

interface Task {
  state: string;
  validations: { account: string; status: string }[];
  waitingFor: string[];
  contactTypes: string[];
  fromAccount: string;
  toAccount: string;
  askingAccount: string;
}

async function ask(client: Client, body: Record<string, string>): Promise<number[]> {
  const answer = await client.post(`${base}/changeContact`, body);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as number[];
}

async function task(client: Client, id: number): Promise<Task> {
  const answer = await client.get(`/api/me/task/contactChange/${id}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Task;
}

async function accept(client: Client, id: number, token: string) {
  return client.post(`/api/me/task/contactChange/${id}/accept`, { token });
}

async function contacts(client: Client) {
  const answer = await client.get(`${base}/serviceInfos`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { contactAdmin: string; contactTech: string; contactBilling: string };
}

describe('the administrator', () => {
  test('names a new technical contact; both accept; the worker applies it', async () => {
    const admin = await http.as(ADMIN);
    const newbie = await http.as(NEWBIE);
    const [id, ...more] = await ask(admin, { contactTech: NEWBIE });
    expect(more).toEqual([]);
    const requested = await task(admin, id!);
    expect(requested).toMatchObject({
      state: 'validatingByCustomers',
      askingAccount: ADMIN,
      fromAccount: TECH,
      toAccount: NEWBIE,
      contactTypes: ['contactTech'],
    });
    expect(requested.validations.map((v) => [v.account, v.status]).sort()).toEqual([
      [ADMIN, 'pending'],
      [NEWBIE, 'pending'],
    ]);

    expect((await accept(admin, id!, await tokenFor(app.ctx, id!, ADMIN))).status).toBe(204);
    // One has accepted: the request waits for the other, by nichandle.
    const waiting = await task(newbie, id!);
    expect(waiting.state).toBe('validatingByCustomers');
    expect(waiting.waitingFor).toEqual([NEWBIE]);

    expect((await accept(newbie, id!, await tokenFor(app.ctx, id!, NEWBIE))).status).toBe(204);
    await app.worker.drain();
    expect((await task(admin, id!)).state).toBe('done');
    expect((await contacts(admin)).contactTech).toBe(NEWBIE);
    // The old technical contact holds nothing more on the service: it no longer sees it.
    expect((await (await http.as(TECH)).get(`${base}/serviceInfos`)).status).toBe(404);
    const history = (await admin.get(`${base}/contactHistory`)).body as { event: string }[];
    const events = history.map((e) => e.event);
    expect(events[0]).toBe('service.created');
    expect(events).toContain('request.created');
    expect(events.at(-1) === 'request.applied' || events.includes('request.applied')).toBe(true);
  });

  test('takes back billing alone: it is the only validator', async () => {
    const admin = await http.as(ADMIN);
    const [id] = await ask(admin, { contactBilling: ADMIN });
    const requested = await task(admin, id!);
    expect(requested.validations.map((v) => v.account)).toEqual([ADMIN]);
    expect((await accept(admin, id!, await tokenFor(app.ctx, id!, ADMIN))).status).toBe(204);
    await app.worker.drain();
    expect((await contacts(admin)).contactBilling).toBe(ADMIN);
  });

  test('hands over the administrator role, then no longer sees the service', async () => {
    const admin = await http.as(ADMIN);
    const newbie = await http.as(NEWBIE);
    const [id] = await ask(admin, { contactAdmin: NEWBIE });
    const adminToken = await tokenFor(app.ctx, id!, ADMIN);
    const newbieToken = await tokenFor(app.ctx, id!, NEWBIE);
    expect((await accept(newbie, id!, newbieToken)).status).toBe(204);
    expect((await accept(admin, id!, adminToken)).status).toBe(204);
    await app.worker.drain();
    expect((await contacts(newbie)).contactAdmin).toBe(NEWBIE);
    expect((await admin.get(`${base}/serviceInfos`)).status).toBe(404);
  });

  test('one call for several roles makes one request per (from, to) pair', async () => {
    const admin = await http.as(ADMIN);
    const split = await ask(admin, { contactTech: NEWBIE, contactBilling: NEWBIE });
    expect(split).toHaveLength(2);
    const froms = await Promise.all(split.map(async (id) => (await task(admin, id)).fromAccount));
    expect(froms.sort()).toEqual([BILLING, TECH].sort());

    const operator = http.client({ bearer: ADMIN_TOKEN });
    const created = await operator.post('/api/admin/services', {
      serviceType: 'zone',
      serviceName: 'example.com',
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: TECH,
    });
    expect(created.status, created.text).toBe(201);
    const joined = await admin.post('/api/zone/example.com/changeContact', {
      contactTech: NEWBIE,
      contactBilling: NEWBIE,
    });
    const ids = joined.body as number[];
    expect(ids).toHaveLength(1);
    expect((await task(admin, ids[0]!)).contactTypes).toEqual(['contactTech', 'contactBilling']);
  });

  test('a second request on a role with one open answers 409 CHANGE_PENDING', async () => {
    const admin = await http.as(ADMIN);
    await ask(admin, { contactTech: NEWBIE });
    const again = await admin.post(`${base}/changeContact`, { contactTech: OUTSIDER });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: 'CHANGE_PENDING' });
  });

  test('unknown, current and malformed new contacts are refused', async () => {
    const admin = await http.as(ADMIN);
    const unknown = await admin.post(`${base}/changeContact`, { contactTech: 'zz99999-ch' });
    expect([unknown.status, (unknown.body as { errorCode: string }).errorCode]).toEqual([
      400,
      'UNKNOWN_ACCOUNT',
    ]);
    const same = await admin.post(`${base}/changeContact`, { contactTech: TECH });
    expect([same.status, (same.body as { errorCode: string }).errorCode]).toEqual([
      400,
      'ALREADY_CONTACT',
    ]);
    const malformed = await admin.post(`${base}/changeContact`, { contactTech: 'not a handle' });
    expect([malformed.status, (malformed.body as { errorCode: string }).errorCode]).toEqual([
      400,
      'INVALID_INPUT',
    ]);
  });
});

describe('the technical and billing contacts', () => {
  test('tech names another tech in its place, and may do nothing else', async () => {
    const tech = await http.as(TECH);
    const denied = await tech.post(`${base}/changeContact`, { contactBilling: NEWBIE });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ errorCode: 'NOT_ALLOWED' });
    const [id] = await ask(tech, { contactTech: NEWBIE });
    const newbie = await http.as(NEWBIE);
    expect((await accept(tech, id!, await tokenFor(app.ctx, id!, TECH))).status).toBe(204);
    expect((await accept(newbie, id!, await tokenFor(app.ctx, id!, NEWBIE))).status).toBe(204);
    await app.worker.drain();
    expect((await contacts(newbie)).contactTech).toBe(NEWBIE);
  });

  test('billing is blocked by an unpaid invoice, then allowed once it is paid', async () => {
    const operator = http.client({ bearer: ADMIN_TOKEN });
    const invoice = await operator.post('/api/admin/invoices', {
      account: BILLING,
      amount: '12.50',
    });
    expect(invoice.status).toBe(201);
    const { id: invoiceId } = invoice.body as { id: number };

    const billing = await http.as(BILLING);
    const blocked = await billing.post(`${base}/changeContact`, { contactBilling: NEWBIE });
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ errorCode: 'UNPAID_INVOICES' });
    // The new contact's debts count too.
    await operator.post('/api/admin/invoices', { account: NEWBIE, amount: 3 });

    expect((await operator.post(`/api/admin/invoices/${invoiceId}/pay`)).status).toBe(204);
    const stillBlocked = await billing.post(`${base}/changeContact`, { contactBilling: NEWBIE });
    expect(stillBlocked.body).toMatchObject({ errorCode: 'UNPAID_INVOICES' });
    const [id] = await ask(billing, { contactBilling: OUTSIDER });
    expect((await task(billing, id!)).toAccount).toBe(OUTSIDER);
  });
});

describe('validation codes', () => {
  test('wrong, other validator’s, used and replaced codes are refused', async () => {
    const admin = await http.as(ADMIN);
    const newbie = await http.as(NEWBIE);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const adminToken = await tokenFor(app.ctx, id!, ADMIN);
    const newbieToken = await tokenFor(app.ctx, id!, NEWBIE);

    const wrong = await accept(admin, id!, 'not-the-code');
    expect([wrong.status, (wrong.body as { errorCode: string }).errorCode]).toEqual([
      403,
      'INVALID_TOKEN',
    ]);
    const others = await accept(admin, id!, newbieToken);
    expect(others.status).toBe(403);
    expect(others.body).toMatchObject({ errorCode: 'INVALID_TOKEN' });

    // Replaced: a resend makes a new code and the old one stops working.
    app.clock.advance(app.config.resendCooldownSeconds * 1000 + 1000);
    expect((await newbie.post(`/api/me/task/contactChange/${id}/resendEmail`)).status).toBe(204);
    const replaced = await accept(newbie, id!, newbieToken);
    expect(replaced.status).toBe(403);
    expect(replaced.body).toMatchObject({ errorCode: 'INVALID_TOKEN' });
    const fresh = await tokenFor(app.ctx, id!, NEWBIE);
    expect(fresh).not.toBe(newbieToken);
    expect((await accept(newbie, id!, fresh)).status).toBe(204);

    // Used: answering twice.
    const twice = await accept(newbie, id!, fresh);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ errorCode: 'ALREADY_DECIDED' });

    expect((await accept(admin, id!, adminToken)).status).toBe(204);
    await app.worker.drain();
    expect((await task(admin, id!)).state).toBe('done');
  });

  test('five wrong codes lock the validator until a resend', async () => {
    const admin = await http.as(ADMIN);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const token = await tokenFor(app.ctx, id!, ADMIN);
    for (let i = 0; i < 5; i++) expect((await accept(admin, id!, `wrong-${i}`)).status).toBe(403);
    const locked = await accept(admin, id!, token);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ errorCode: 'TOO_MANY_ATTEMPTS' });
  });

  test('resending twice within the cooldown answers 429', async () => {
    const admin = await http.as(ADMIN);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const soon = await admin.post(`/api/me/task/contactChange/${id}/resendEmail`);
    expect(soon.status).toBe(429);
    expect(soon.body).toMatchObject({ errorCode: 'TOO_MANY_ATTEMPTS' });
  });
});

describe('ending a request', () => {
  test('a refusal ends it; the other validator can no longer answer', async () => {
    const admin = await http.as(ADMIN);
    const newbie = await http.as(NEWBIE);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const refusal = await newbie.post(`/api/me/task/contactChange/${id}/refuse`, {
      token: await tokenFor(app.ctx, id!, NEWBIE),
    });
    expect(refusal.status).toBe(204);
    expect((await task(admin, id!)).state).toBe('refused');
    const late = await accept(admin, id!, await tokenFor(app.ctx, id!, ADMIN));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ errorCode: 'TASK_NOT_PENDING' });
    expect((await contacts(admin)).contactTech).toBe(TECH);
  });

  test('the asker cancels; nobody else may', async () => {
    const admin = await http.as(ADMIN);
    const newbie = await http.as(NEWBIE);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const notAsker = await newbie.post(`/api/me/task/contactChange/${id}/cancel`);
    expect(notAsker.status).toBe(403);
    expect(notAsker.body).toMatchObject({ errorCode: 'NOT_ALLOWED' });
    expect((await admin.post(`/api/me/task/contactChange/${id}/cancel`)).status).toBe(204);
    expect((await task(newbie, id!)).state).toBe('aborted');
    const again = await admin.post(`/api/me/task/contactChange/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: 'TASK_NOT_PENDING' });
    // The role is free again.
    expect(await ask(admin, { contactTech: OUTSIDER })).toHaveLength(1);
  });

  test('a request not completed in time expires', async () => {
    const admin = await http.as(ADMIN);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const token = await tokenFor(app.ctx, id!, ADMIN);
    app.clock.advance(app.config.requestTtlSeconds * 1000 + 1000);
    await app.worker.drain();
    expect((await task(admin, id!)).state).toBe('expired');
    const late = await accept(admin, id!, token);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ errorCode: 'TASK_NOT_PENDING' });
    const listed = await admin.get('/api/me/task/contactChange?state=expired');
    expect(listed.body).toEqual([id]);
  });
});

describe('outsiders', () => {
  test('get 404 on services and requests that are not theirs', async () => {
    const admin = await http.as(ADMIN);
    const [id] = await ask(admin, { contactTech: NEWBIE });
    const token = await tokenFor(app.ctx, id!, ADMIN);
    const outsider = await http.as(OUTSIDER);
    const attempts = [
      outsider.get(`${base}/serviceInfos`),
      outsider.get(`${base}/contactHistory`),
      outsider.post(`${base}/changeContact`, { contactTech: OUTSIDER }),
      outsider.get(`/api/me/task/contactChange/${id}`),
      outsider.post(`/api/me/task/contactChange/${id}/accept`, { token }),
      outsider.post(`/api/me/task/contactChange/${id}/refuse`, { token }),
      outsider.post(`/api/me/task/contactChange/${id}/resendEmail`),
      outsider.post(`/api/me/task/contactChange/${id}/cancel`),
      // A service that does not exist looks the same as one that is not theirs.
      outsider.get('/api/domain/nothing.example/serviceInfos'),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status, answer.text).toBe(404);
      expect(answer.body).toMatchObject({ errorCode: 'NOT_FOUND' });
    }
    expect((await outsider.get('/api/me/task/contactChange')).body).toEqual([]);
    expect((await task(admin, id!)).state).toBe('validatingByCustomers');
  });

  test('without credentials every customer route answers 401', async () => {
    const anonymous = http.client();
    for (const answer of await Promise.all([
      anonymous.get('/api/me'),
      anonymous.get('/api/me/contacts/services'),
      anonymous.get(`${base}/serviceInfos`),
      anonymous.post(`${base}/changeContact`, { contactTech: NEWBIE }),
      anonymous.get('/api/me/task/contactChange'),
      http.client({ bearer: 'cht_not-a-real-token' }).get('/api/me'),
    ])) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ errorCode: 'NOT_AUTHENTICATED' });
    }
  });
});

describe('the list of requests', () => {
  test('shows the caller’s requests newest first, filtered by state, asker and new contact', async () => {
    const admin = await http.as(ADMIN);
    const tech = await http.as(TECH);
    const [first] = await ask(admin, { contactTech: NEWBIE });
    const [second] = await ask(admin, { contactBilling: OUTSIDER });
    expect((await admin.post(`/api/me/task/contactChange/${second}/cancel`)).status).toBe(204);
    const [third] = await ask(admin, { contactAdmin: NEWBIE });

    const list = async (client: Client, query = '') => {
      const answer = await client.get(`/api/me/task/contactChange${query}`);
      expect(answer.status, answer.text).toBe(200);
      return answer.body as number[];
    };
    expect(await list(admin)).toEqual([third, second, first]);
    expect(await list(admin, '?state=validatingByCustomers')).toEqual([third, first]);
    expect(await list(admin, '?state=aborted')).toEqual([second]);
    expect(await list(admin, `?toAccount=${NEWBIE}`)).toEqual([third, first]);
    expect(await list(admin, `?askingAccount=${ADMIN.toUpperCase()}`)).toEqual([
      third,
      second,
      first,
    ]);
    expect(await list(admin, `?askingAccount=${TECH}`)).toEqual([]);
    // The old technical contact sees the request that moves its role, and only that one.
    expect(await list(tech)).toEqual([first]);
    expect(await list(await http.as(OUTSIDER))).toEqual([second]);
    const bad = await admin.get('/api/me/task/contactChange?state=finished');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
  });
});
