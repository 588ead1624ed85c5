import { afterEach, beforeEach, expect, test } from 'vitest';
import { loggableUrl } from '../../src/server/request-log.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Running } from './http-support.js';

const ADMIN_TOKEN = 'operator-token-0123456789';

let app: TestApp;
let http: Running;
let lines: string[];
beforeEach(async () => {
  app = await makeTestApp({ ADMIN_TOKEN });
  await seedGuide(app.ctx, { passwords: true });
  lines = [];
  http = await startServer(app, { logStream: { write: (line) => void lines.push(line) } });
});
afterEach(async () => {
  await http.close();
  await app.close();
});

test('one structured line per request, with no password, token, cookie or session id', async () => {
  const login = await http.client().post('/api/auth/login', {
    nichandle: ADMIN,
    password: PASSWORD,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const sessionId = cookie.split('=')[1]!;
  const admin = http.client({ cookie });
  const ids = (
    await admin.post(`/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`, {
      contactTech: NEWBIE,
    })
  ).body as number[];
  const id = ids[0]!;
  const validation = await tokenFor(app.ctx, id, ADMIN);
  const apiToken = (
    (await http.client({ bearer: ADMIN_TOKEN }).post(`/api/admin/accounts/${NEWBIE}/tokens`, {}))
      .body as { token: string }
  ).token;

  const requests = [
    // The e-mail link (R9) carries the token in its query.
    () => http.client({ cookie }).get(`/contacts/requests?taskId=${id}&token=${validation}`),
    () => http.client({ cookie }).get(`/api/me/task/contactChange?token=${validation}`),
    () => admin.post(`/api/me/task/contactChange/${id}/accept`, { token: `${validation}x` }),
    () => admin.post(`/api/me/task/contactChange/${id}/accept`, { token: validation }),
    () => http.client({ bearer: apiToken }).get('/api/me'),
    () => http.client().post('/api/auth/login', { nichandle: ADMIN, password: 'a wrong one' }),
    () => http.client().request('POST', '/api/auth/login', `{"password":"${PASSWORD}"`),
  ];
  for (const request of requests) await request();

  const text = lines.join('');
  for (const secret of [PASSWORD, 'a wrong one', validation, apiToken, sessionId, ADMIN_TOKEN]) {
    expect(text).not.toContain(secret);
  }
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const perRequest = entries.filter((e) => e.msg === 'request');
  // login, changeContact, admin token, then the requests above: one line each.
  expect(perRequest).toHaveLength(3 + requests.length);
  expect(perRequest[3]).toMatchObject({
    method: 'GET',
    url: `/contacts/requests?taskId=${id}&token=[redacted]`,
    statusCode: 200,
  });
  expect(perRequest.every((e) => typeof e.responseTimeMs === 'number')).toBe(true);
});

test('secret query parameters are redacted however they are spelt', () => {
  expect(loggableUrl('/a?token=abc&taskId=3')).toBe('/a?token=[redacted]&taskId=3');
  expect(loggableUrl('/a?TOKEN=abc')).toBe('/a?TOKEN=[redacted]');
  expect(loggableUrl('/a?%74oken=abc')).toBe('/a?%74oken=[redacted]');
  expect(loggableUrl('/a?x=1&password=p&token')).toBe(
    '/a?x=1&password=[redacted]&token=[redacted]',
  );
  expect(loggableUrl('/a?taskId=3')).toBe('/a?taskId=3');
});

test('no answer carries a validation code or its hash', async () => {
  const admin = await http.as(ADMIN);
  const base = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;
  const id = (
    (await admin.post(`${base}/changeContact`, { contactTech: NEWBIE })).body as number[]
  )[0]!;
  const token = await tokenFor(app.ctx, id, ADMIN);
  const hashes = (
    await app.ctx.database.db.selectFrom('validations').select('token_hash').execute()
  ).map((v) => v.token_hash!);
  await admin.post(`/api/me/task/contactChange/${id}/accept`, { token: 'wrong' });
  const answers = await Promise.all([
    admin.get(`/api/me/task/contactChange/${id}`),
    admin.get(`${base}/contactHistory`),
    admin.get(`${base}/serviceInfos`),
    admin.get('/api/me/task/contactChange'),
    admin.post(`/api/me/task/contactChange/${id}/accept`, { token: `${token} ` }),
  ]);
  const text = answers
    .map((a) => {
      const headers: string[] = [];
      a.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
      return `${headers.join('\n')}\n${a.text}`;
    })
    .join('\n');
  expect(answers[1].text).toContain('request.created');
  for (const secret of [token, ...hashes]) expect(text).not.toContain(secret);
});
