import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer } from '../../src/server/server.js';
import { HTTP_STATUS, type ErrorCode } from '../../src/shared/errors.js';
import { errorText, errorTexts, reasonText } from '../../src/web/i18n.js';
import { ADMIN, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { cookiesOf } from './support/web-app.js';

/** Issue 27 point 10: every domain error in the page's language, never English on a French page. */
const CODES = Object.keys(HTTP_STATUS) as ErrorCode[];
const ENGLISH = /\b(the|is|are|not|must|your|you|this|has|have|invalid|request)\b/i;

test('every ErrorCode has a French and an English text, and they differ', () => {
  const fr = errorTexts('fr');
  const en = errorTexts('en');
  for (const code of CODES) {
    expect(fr[code], code).toBeTruthy();
    expect(en[code], code).toBeTruthy();
    expect(fr[code], code).not.toBe(en[code]);
    expect(errorText('fr', code), `${code} reads as English`).not.toMatch(ENGLISH);
    // French typography: a narrow no-break space before the colon, never a plain one.
    expect(errorText('fr', code), code).not.toMatch(/ [:;!?]/);
  }
  expect(Object.keys(fr).sort()).toEqual([...CODES].sort());
  expect(Object.keys(en).sort()).toEqual([...CODES].sort());
});

test('a failed request’s reason, kept in English by the domain, reads in French on a French page', () => {
  for (const reason of [
    'ad10001-ch is no longer contactTech (now te10002-ch)',
    'ad10001-ch no longer holds the right it asked with',
    'bi10003-ch has unpaid invoices: the billing contact cannot change until they are paid',
    'the service no longer exists',
    'something new the page does not know',
  ]) {
    expect(reasonText('fr', reason)).not.toMatch(ENGLISH);
  }
});

let app: TestApp;
let server: FastifyInstance;
beforeAll(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx, { passwords: true });
  server = await buildServer(app);
});
afterAll(async () => {
  await server.close();
  await app.close();
});

test('French pages show the French words of a refused change, not the English ones', async () => {
  const form = await server.inject({ url: '/login' });
  let jar = cookiesOf(form.headers['set-cookie']);
  const header = () =>
    Object.entries(jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const login = await server.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: header() },
    payload: { _csrf: csrf(form.body), nichandle: ADMIN, password: 'correct horse battery' },
  });
  jar = { ...jar, ...cookiesOf(login.headers['set-cookie']) };
  const edit = '/contacts/services/domain/example.com/edit';
  for (const [value, code] of [
    ['zz99999-ch', 'UNKNOWN_ACCOUNT'],
    ['not a nichandle', 'INVALID_INPUT'],
  ] as const) {
    const page = await server.inject({ url: edit, headers: { cookie: header() } });
    const posted = await server.inject({
      method: 'POST',
      url: edit,
      headers: { cookie: header() },
      payload: { _csrf: csrf(page.body), contactTech: value },
    });
    expect(posted.statusCode).toBe(303);
    jar = { ...jar, ...cookiesOf(posted.headers['set-cookie']) };
    const shown = await server.inject({ url: edit, headers: { cookie: header() } });
    expect(shown.body).toContain(errorText('fr', code).replace(/'/g, '&#39;').slice(0, 20));
    for (const english of Object.values(errorTexts('en')))
      expect(shown.body).not.toContain(english);
    expect(shown.body).not.toContain('does not exist');
    expect(shown.body).not.toContain('must be a nichandle');
    // The error is tied to the tech field and the summary takes the focus.
    expect(shown.body).toMatch(/id="contactTech"[^>]*aria-invalid="true"/);
    expect(shown.body).toContain('id="error-summary"');
  }
});
