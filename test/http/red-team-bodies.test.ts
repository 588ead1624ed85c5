import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, NEWBIE, seedGuide, TECH } from '../support/fixtures.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * Issue 24, point 6 and SPEC §10 "Bodies": a cookie-authenticated API call takes application/json
 * only, so a cross-site form post (which a browser may send with the cookie) changes nothing; a
 * Bearer call whose JSON body has no Content-Type (OVH's Node client) is read as JSON.
 */

let app: TestApp;
let http: Running;
let cookieClient: Client;

beforeAll(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app);
  cookieClient = await http.login(ADMIN);
});
afterAll(async () => {
  await http.close();
  await app.close();
});

async function openRequests(): Promise<number> {
  const rows = await app.ctx.database.db
    .selectFrom('contact_changes')
    .select('id')
    .where('state', '=', 'validatingByCustomers')
    .execute();
  return rows.length;
}

/** A raw fetch, so that no Content-Type is added when none is given. */
async function raw(path: string, headers: Record<string, string>, body?: string) {
  // A Buffer body, so that fetch adds no Content-Type of its own (a string gets text/plain).
  const payload = body === undefined ? undefined : Buffer.from(body);
  const response = await fetch(`${http.url}${path}`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as unknown) : null };
}

test('a form body with the session cookie is refused and makes no request', async () => {
  const cookie = cookieClient.auth!.cookie!;
  for (const [type, body] of [
    ['application/x-www-form-urlencoded', `contactTech=${NEWBIE}`],
    ['text/plain', JSON.stringify({ contactTech: NEWBIE })],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="contactTech"\r\n\r\n${NEWBIE}\r\n--x--\r\n`,
    ],
  ] as const) {
    const answer = await raw(
      '/api/domain/example.com/changeContact',
      { cookie, 'content-type': type },
      body,
    );
    expect(answer.status, type).toBe(415);
    expect(answer.json).toMatchObject({ errorCode: 'INVALID_INPUT' });
  }
  // No Content-Type at all, with the cookie: refused too (only a Bearer call may omit it).
  const bare = await raw(
    '/api/domain/example.com/changeContact',
    { cookie },
    JSON.stringify({ contactTech: NEWBIE }),
  );
  expect(bare.status).toBe(415);
  expect(await openRequests()).toBe(0);
});

test('a form login to the API is refused and sets no cookie', async () => {
  const response = await fetch(`${http.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `nichandle=${ADMIN}&password=${encodeURIComponent('correct horse battery')}`,
  });
  expect(response.status).toBe(415);
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await response.json()).toMatchObject({ errorCode: 'INVALID_INPUT' });
});

test('the same change as JSON with the cookie goes through', async () => {
  const answer = await cookieClient.post('/api/domain/example.com/changeContact', {
    contactTech: NEWBIE,
  });
  expect(answer.status).toBe(200);
  expect(await openRequests()).toBe(1);
  const [id] = answer.body as number[];
  expect((await cookieClient.post(`/api/me/task/contactChange/${id}/cancel`)).status).toBe(204);
});

test('a Bearer call with a JSON body and no Content-Type is read as JSON', async () => {
  const bearer = (await http.as(TECH)).auth!.bearer!;
  const answer = await raw(
    '/api/domain/example.com/changeContact',
    { authorization: `Bearer ${bearer}` },
    JSON.stringify({ contactTech: NEWBIE }),
  );
  expect(answer.status).toBe(200);
  expect(answer.json).toEqual([expect.any(Number)]);
  // Malformed JSON that way is still a 400 in SPEC's shape.
  const broken = await raw(
    '/api/domain/example.com/changeContact',
    { authorization: `Bearer ${bearer}` },
    '{',
  );
  expect(broken.status).toBe(400);
  expect(broken.json).toMatchObject({ errorCode: 'INVALID_INPUT' });
  // A bodiless POST with a bearer and no Content-Type still works.
  const [id] = answer.json as number[];
  const cancel = await raw(`/api/me/task/contactChange/${id}/cancel`, {
    authorization: `Bearer ${bearer}`,
  });
  expect(cancel.status).toBe(204);
});

test('the web login form still takes its form post', async () => {
  const page = await fetch(`${http.url}/login`);
  expect(page.status).toBe(200);
  const form = await fetch(`${http.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'nichandle=x&password=y',
    redirect: 'manual',
  });
  // Refused for its missing CSRF token (403 page), not for its content type.
  expect(form.status).toBe(403);
});
