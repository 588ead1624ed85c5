import { afterAll, beforeAll, expect, test } from 'vitest';
import { loggableUrl } from '../../src/server/request-log.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { NEWBIE, seedGuide, TECH } from '../support/fixtures.js';
import { MailCatcher } from '../web/support/mail-catcher.js';
import { PASSWORD, startServer, type Running } from './http-support.js';

/**
 * Issue 24, point 2 (R18: a token is never logged). The validator opens the e-mail link logged
 * out, is sent through the login page (the link travels in `next`, percent-encoded), logs in,
 * comes back to the request and accepts it: no log line ever holds the token.
 */

let app: TestApp;
let http: Running;
let mail: MailCatcher;
const lines: string[] = [];

beforeAll(async () => {
  mail = await new MailCatcher().start();
  app = await makeTestApp({ SMTP_URL: mail.url });
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app, {
    logLevel: 'debug',
    logStream: { write: (line) => void lines.push(line) },
  });
});
afterAll(async () => {
  await http.close();
  await app.close();
  await mail.close();
});

/** A browser in miniature: a cookie jar, redirects seen one by one. */
class Browser {
  private readonly jar = new Map<string, string>();

  async go(path: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${http.url}${path}`, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return response;
  }
}

/** The fields of the form posting to `action` in a page, as a person's browser would send them. */
function formOf(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  expect(start, `a form posting to ${action}`).toBeGreaterThan(0);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value.replace(/&amp;/g, '&').replace(/&#x2F;|&#47;/g, '/');
  }
  return fields;
}

test('following the e-mail link logged out, logging in and accepting logs no token', async () => {
  const asker = await http.as(TECH);
  const made = await asker.post('/api/domain/example.com/changeContact', { contactTech: NEWBIE });
  expect(made.status).toBe(200);
  const [id] = made.body as number[];
  await app.worker.drain();

  // The real e-mail, as the new contact receives it.
  const link = new URL(mail.linkFor(`${NEWBIE}@example.test`));
  const token = link.searchParams.get('token')!;
  expect(token.length).toBeGreaterThanOrEqual(20);

  const browser = new Browser();
  const opened = await browser.go(`${link.pathname}${link.search}`);
  expect(opened.status).toBe(303);
  const toLogin = opened.headers.get('location')!;
  expect(toLogin).toMatch(/^\/login\?next=/);
  expect(decodeURIComponent(toLogin)).toContain(token);

  const loginPage = await browser.go(toLogin);
  expect(loginPage.status).toBe(200);
  const loginForm = formOf(await loginPage.text(), '/login');
  const loggedIn = await browser.go('/login', {
    ...loginForm,
    nichandle: NEWBIE,
    password: PASSWORD,
  });
  expect(loggedIn.status).toBe(303);
  const back = loggedIn.headers.get('location')!;
  expect(back).toBe(`${link.pathname}${link.search}`);

  const requestPage = await browser.go(back);
  expect(requestPage.status).toBe(200);
  const decide = formOf(await requestPage.text(), `/contacts/requests/${id}/accept`);
  expect(decide.token).toBe(token);
  const accepted = await browser.go(`/contacts/requests/${id}/accept`, decide);
  expect(accepted.status).toBe(303);

  const validation = await app.ctx.database.db
    .selectFrom('validations')
    .select('status')
    .where('request_id', '=', id!)
    .where('account', '=', NEWBIE)
    .executeTakeFirstOrThrow();
  expect(validation.status).toBe('accepted');

  // Every request of the flow was logged, and not one line holds the token in any form.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(lines.filter((l) => l.includes('"url":"/login?next=')).length).toBeGreaterThan(0);
  expect(lines.length).toBeGreaterThanOrEqual(6);
  const forms = [token, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(token))];
  for (const line of lines) for (const form of forms) expect(line).not.toContain(form);
});

test('secrets are redacted wherever they sit in a URL, nested and encoded', () => {
  const secret = 'S3cr3tValue';
  const cases = [
    `/contacts/requests?taskId=1&token=${secret}`,
    `/login?next=${encodeURIComponent(`/contacts/requests?taskId=1&token=${secret}`)}`,
    `/login?next=${encodeURIComponent(`/a?next=${encodeURIComponent(`/b?x=1&TOKEN=${secret}`)}`)}`,
    `/login?next=${encodeURIComponent(`/a#access_token=${secret}`)}`,
    `/x?state=${encodeURIComponent(`password=${secret}`)}`,
    `/x?next=%ZZ${encodeURIComponent(`&token=${secret}`)}`,
    `/x?${encodeURIComponent('token')}=${secret}`,
    `/x?next=${'%25'.repeat(3)}2Fa%3Ftoken%3D${secret}`,
  ];
  for (const url of cases) expect(loggableUrl(url), url).not.toContain(secret);
  // What is not secret is kept as sent.
  expect(loggableUrl('/contacts/services?search=a%20b&limit=10')).toBe(
    '/contacts/services?search=a%20b&limit=10',
  );
});
