import { afterEach, beforeEach, expect, test } from 'vitest';
import { ADMIN, seedGuide, SERVICE } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

let app: TestApp;
let http: Running;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app);
});
afterEach(async () => {
  await http.close();
  await app.close();
});

test('login sets an HttpOnly SameSite cookie that opens /api/me', async () => {
  const answer = await http.client().post('/api/auth/login', {
    nichandle: ADMIN,
    password: 'correct horse battery',
  });
  expect(answer.status).toBe(200);
  const cookie = answer.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^contacthub_session=/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  const me = await (await http.login(ADMIN)).get('/api/me');
  expect(me.body).toEqual({
    nichandle: ADMIN,
    email: `${ADMIN}@example.test`,
    name: 'Alice Admin',
    language: 'fr',
  });
});

test('service routes answer for the contact', async () => {
  const admin = await http.login(ADMIN);
  const infos = await admin.get(`/api/${SERVICE.serviceType}/${SERVICE.serviceName}/serviceInfos`);
  expect(infos.status).toBe(200);
  expect(infos.body).toMatchObject({ serviceName: 'example.com', contactAdmin: ADMIN });
  const missing = await http.client().get('/api/nothing/here/at/all');
  expect(missing.status).toBe(404);
  expect(missing.body).toEqual({ errorCode: 'NOT_FOUND', message: 'Not found' });
  const bad = await admin.request('POST', '/api/auth/login', '{"nichandle":', {
    'content-type': 'application/json',
  });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
});
