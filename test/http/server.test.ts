import { afterEach, beforeEach, expect, test } from 'vitest';
import { ADMIN, seedGuide, SERVICE } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Running } from './http-support.js';

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
    nichandle: ADMIN.toUpperCase(),
    password: PASSWORD,
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ nichandle: ADMIN });
  const cookie = answer.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^contacthub_session=[\w-]{40,};/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).not.toMatch(/Secure/);
  const me = await http.client({ cookie: cookie.split(';')[0]! }).get('/api/me');
  expect(me.body).toEqual({
    nichandle: ADMIN,
    email: `${ADMIN}@example.test`,
    name: 'Alice Admin',
    language: 'fr',
  });
});

test('every answer carries the security headers, errors included', async () => {
  const admin = await http.as(ADMIN);
  const answers = await Promise.all([
    admin.get(`/api/${SERVICE.serviceType}/${SERVICE.serviceName}/serviceInfos`),
    http.client().get('/api/me'),
    http.client().get('/api/nothing/here/at/all'),
    http.client().get('/login'),
    http.client().get(`/contacts/requests?taskId=1&token=abc`),
    http.client().request('POST', '/api/auth/login', '{"nichandle":', {
      'content-type': 'application/json',
    }),
  ]);
  for (const answer of answers) {
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBeTruthy();
  }
  expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200, expect.any(Number), 400]);
  expect(answers[2].body).toEqual({
    class: 'Client::NotFound',
    errorCode: 'NOT_FOUND',
    message: 'Not found',
  });
  expect(answers[5].body).toEqual({
    class: 'Client::BadRequest',
    errorCode: 'INVALID_INPUT',
    message: 'the request body is not valid JSON',
  });
});

test('a body over the cap is refused with 413 in the error shape', async () => {
  const answer = await http
    .client()
    .post('/api/auth/login', { nichandle: ADMIN, password: 'x'.repeat(100_000) });
  expect(answer.status).toBe(413);
  expect(answer.body).toEqual({
    class: 'Client::BadRequest',
    errorCode: 'INVALID_INPUT',
    message: 'the request body is too large',
  });
});

test('an over-long URL is refused in the error shape, before any routing', async () => {
  const answer = await http.client().get(`/api/me?x=${'a'.repeat(20_000)}`);
  expect(answer.status).toBe(431);
  expect(answer.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
});
