import { afterEach, expect, test } from 'vitest';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

/**
 * Issue 24 point 3, SPEC R1 and R15 as amended: a tech names someone as tech, which holds the tech
 * role (R7); the admin of the service sees that request, in its list and alone, and may cancel it,
 * so that its own change can go through. Over real HTTP, on SQLite and PostgreSQL.
 */

let app: TestApp;
let http: Running;
afterEach(async () => {
  await http.close();
  await app.close();
});

const base = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;

test('the admin sees and cancels a request its tech made, then makes its own change', async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app);
  const tech = await http.as(TECH);
  const admin = await http.login(ADMIN);
  const outsider = await http.as(OUTSIDER);
  const billing = await http.as(BILLING);

  const made = await tech.post(`${base}/changeContact`, { contactTech: NEWBIE });
  expect(made.status).toBe(200);
  const [id] = made.body as number[];

  // The admin's own change of tech waits on it (R7)…
  const blocked = await admin.post(`${base}/changeContact`, { contactTech: ADMIN });
  expect(blocked.status).toBe(409);
  expect((blocked.body as { errorCode: string }).errorCode).toBe('CHANGE_PENDING');

  // …and the admin sees it: in its list, alone, and filtered as open.
  expect((await admin.get('/api/me/task/contactChange')).body).toContain(id);
  expect(
    (await admin.get('/api/me/task/contactChange?state=validatingByCustomers')).body,
  ).toContain(id);
  const read = await admin.get(`/api/me/task/contactChange/${id}`);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id, askingAccount: TECH, toAccount: NEWBIE });

  // Others who hold no part in it still learn nothing (R1), and may not cancel it.
  for (const stranger of [outsider, billing]) {
    expect((await stranger.get(`/api/me/task/contactChange/${id}`)).status).toBe(404);
    expect((await stranger.get('/api/me/task/contactChange')).body).not.toContain(id);
    expect((await stranger.post(`/api/me/task/contactChange/${id}/cancel`)).status).toBe(404);
  }
  // The new contact sees it but did not ask and is not the admin: it may not cancel (R15).
  const newbie = await http.as(NEWBIE);
  const refused = await newbie.post(`/api/me/task/contactChange/${id}/cancel`);
  expect(refused.status).toBe(403);
  expect((refused.body as { errorCode: string }).errorCode).toBe('NOT_ALLOWED');
  // Seeing it does not make the admin a validator.
  const accept = await admin.post(`/api/me/task/contactChange/${id}/accept`, { token: 'x' });
  expect((accept.body as { errorCode: string }).errorCode).toBe('NOT_ALLOWED');

  // Mes demandes shows it to the admin, with the cancel button and no accept button.
  const page = await admin.request('GET', `/contacts/requests?taskId=${id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(`action="/contacts/requests/${id}/cancel"`);
  expect(page.text).toContain('Annuler la demande');
  expect(page.text).not.toContain('Accepter la demande');

  const cancelled = await admin.post(`/api/me/task/contactChange/${id}/cancel`);
  expect(cancelled.status).toBe(204);
  const after = await tech.get(`/api/me/task/contactChange/${id}`);
  expect((after.body as { state: string }).state).toBe('aborted');
  expect((await admin.get(`/api/me/task/contactChange/${id}`)).status).toBe(200);

  // Every party is told (R15), and the audit log names the admin.
  await app.worker.drain();
  const told = await app.ctx.database.db
    .selectFrom('outbox')
    .select('account')
    .where('request_id', '=', id!)
    .where('template', '=', 'request-aborted')
    .execute();
  expect(told.map((r) => r.account).sort()).toEqual([NEWBIE, TECH].sort());
  const event = await app.ctx.database.db
    .selectFrom('audit_events')
    .select('actor')
    .where('request_id', '=', id!)
    .where('event', '=', 'request.cancelled')
    .executeTakeFirstOrThrow();
  expect(event.actor).toBe(ADMIN);

  // The role is free again: the admin's own change goes through.
  expect((await admin.post(`${base}/changeContact`, { contactTech: ADMIN })).status).toBe(200);
});
