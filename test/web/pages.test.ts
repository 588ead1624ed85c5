import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { createService } from '../../src/services/create-service.js';
import { buildServer } from '../../src/server/server.js';
import {
  ADMIN,
  NEWBIE,
  OUTSIDER,
  SERVICE,
  TECH,
  seedGuide,
  tokenFor,
} from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { cookiesOf } from './support/web-app.js';

const PASSWORD = 'correct horse battery';

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

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field in the page');
  return match[1]!;
}

function cookieHeader(jar: Record<string, string>): string {
  return Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** Logs in through the form, as a browser would; returns the cookie jar. */
async function logIn(nichandle: string): Promise<Record<string, string>> {
  const form = await server.inject({ url: '/login' });
  const jar = cookiesOf(form.headers['set-cookie']);
  const res = await server.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookieHeader(jar) },
    payload: { _csrf: csrfOf(form.body), nichandle, password: PASSWORD },
  });
  expect(res.statusCode).toBe(303);
  return { ...jar, ...cookiesOf(res.headers['set-cookie']) };
}

async function get(url: string, jar: Record<string, string>) {
  return server.inject({ url, headers: { cookie: cookieHeader(jar) } });
}

describe('login', () => {
  test('the login form has the labels of SPEC §6 in French, and in English with ?lang=en', async () => {
    const fr = await server.inject({ url: '/login' });
    expect(fr.statusCode).toBe(200);
    expect(fr.headers['content-type']).toContain('text/html');
    expect(fr.body).toContain('>Identifiant</label>');
    expect(fr.body).toContain('>Mot de passe</label>');
    expect(fr.body).toContain('Se connecter');
    const en = await server.inject({ url: '/login?lang=en' });
    expect(en.body).toContain('>Account ID</label>');
    expect(en.body).toContain('>Password</label>');
    expect(en.body).toContain('Log in');
    expect(cookiesOf(en.headers['set-cookie']).contacthub_lang).toBe('en');
  });

  test('a wrong password re-renders the form with an HTML message, not JSON', async () => {
    const form = await server.inject({ url: '/login' });
    const jar = cookiesOf(form.headers['set-cookie']);
    const res = await server.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookieHeader(jar) },
      payload: { _csrf: csrfOf(form.body), nichandle: ADMIN, password: 'wrong' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Identifiant ou mot de passe incorrect.');
    expect(res.headers['set-cookie'] ?? '').not.toContain('contacthub_session=');
  });

  test('a login form posted without its CSRF token is refused', async () => {
    const form = await server.inject({ url: '/login' });
    const res = await server.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookieHeader(cookiesOf(form.headers['set-cookie'])) },
      payload: { nichandle: ADMIN, password: PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formulaire expiré');
  });

  test('pages need a session and come back to the page asked after login; other sites are refused', async () => {
    const res = await server.inject({ url: '/contacts/requests?taskId=1&token=abc' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      `/login?next=${encodeURIComponent('/contacts/requests?taskId=1&token=abc')}`,
    );
    const form = await server.inject({ url: res.headers.location! });
    const jar = cookiesOf(form.headers['set-cookie']);
    for (const [next, expected] of [
      ['/contacts/requests?taskId=1&token=abc', '/contacts/requests?taskId=1&token=abc'],
      ['https://evil.example/', '/contacts/services'],
      ['//evil.example/', '/contacts/services'],
      ['/\\evil.example/', '/contacts/services'],
    ] as const) {
      const login = await server.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: cookieHeader(jar) },
        payload: { _csrf: csrfOf(form.body), nichandle: TECH, password: PASSWORD, next },
      });
      expect(login.headers.location).toBe(expected);
    }
  });
});

describe('pages of a logged-in account', () => {
  let admin: Record<string, string>;
  beforeAll(async () => {
    admin = await logIn(ADMIN);
  });

  test('the services page has the heading, tabs and columns of SPEC §6', async () => {
    const res = await get('/contacts/services', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const text of [
      '<h1>Gestion des contacts</h1>',
      '>Mes services</a>',
      '>Mes demandes</a>',
      '>Nom du service</th>',
      '>Service</th>',
      '>Contact administrateur</th>',
      '>Contact technique</th>',
      '>Contact facturation</th>',
      '>Modifier les contacts<span class="visually-hidden"> de example.com (Nom de domaine)</span></a>',
      'example.com',
    ]) {
      expect(res.body).toContain(text);
    }
  });

  test('a POST without the CSRF token of the session changes nothing', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/contacts/services/domain/example.com/edit',
      headers: { cookie: cookieHeader(admin) },
      payload: { contactTech: NEWBIE, _csrf: 'forged' },
    });
    expect(res.statusCode).toBe(403);
    const list = await get('/contacts/requests', admin);
    expect(list.body).toContain('Aucune demande.');
  });

  test('the CSV export lists the services with a header line', async () => {
    await createService(app.ctx, {
      serviceType: 'hosting',
      serviceName: '=cmd|calc',
      contactAdmin: ADMIN,
    });
    const res = await get('/contacts/services.csv?serviceType=hosting', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.body.split('\r\n')).toEqual([
      'serviceName,serviceType,status,contactAdmin,contactTech,contactBilling,myRoles',
      `'=cmd|calc,hosting,ok,${ADMIN},${ADMIN},${ADMIN},admin tech billing`,
      '',
    ]);
  });

  test('the e-mail link shows the request with the code filled in and does not use it', async () => {
    const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
      contactBilling: NEWBIE,
    });
    const token = await tokenFor(app.ctx, id!, ADMIN);
    const res = await get(`/contacts/requests?taskId=${id}&token=${token}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`value="${token}"`);
    expect(res.body).toContain('>Code de validation</label>');
    expect(res.body).toContain('Accepter la demande');
    const view = await getChange(app.ctx, ADMIN, id);
    expect(view.state).toBe('validatingByCustomers');
    expect(view.validations.every((v) => v.status === 'pending')).toBe(true);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  test('a refused answer redirects to the request page, which says why in HTML (post/redirect/get)', async () => {
    const [id] = await changeContact(app.ctx, ADMIN, 'domain', 'example.com', {
      contactTech: NEWBIE,
    });
    const page = await get(`/contacts/requests?taskId=${id}`, admin);
    const res = await server.inject({
      method: 'POST',
      url: `/contacts/requests/${id}/accept`,
      headers: { cookie: cookieHeader(admin) },
      payload: { _csrf: csrfOf(page.body), token: 'wrong' },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/contacts/requests?taskId=${id}`);
    const after = await get(res.headers.location!, {
      ...admin,
      ...cookiesOf(res.headers['set-cookie']),
    });
    expect(after.headers['content-type']).toContain('text/html');
    expect(after.body).toContain(
      'Ce code de validation n’est pas valide pour vous sur cette demande.',
    );
    expect(after.body).toContain('aria-invalid="true"');
    // The error and the help are read with the field.
    expect(after.body).toContain('aria-describedby="token-error token-help"');
    expect(after.body).toMatch(/<p id="token-error" class="field-error">Ce code de validation/);
    expect(after.body).toContain(`href="/contacts/requests?taskId=${id}&amp;lang=en"`);
    expect(after.body).not.toContain('value="wrong"');
  });

  test('an outsider gets a 404 page for a service or a request it has no part in', async () => {
    const outsider = await logIn(OUTSIDER);
    const list = await get('/contacts/services', outsider);
    expect(list.body).not.toContain('example.com');
    for (const url of [
      '/contacts/services/domain/example.com/edit',
      '/contacts/services/domain/example.com/history',
      '/contacts/services/domain/nothing.example/edit',
      '/contacts/requests?taskId=1',
    ]) {
      const res = await get(url, outsider);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Page introuvable');
      expect(res.body).not.toContain(TECH);
    }
  });
});

test('an unknown page of the panel is an HTML 404 page, the API keeps JSON', async () => {
  const res = await server.inject({ url: '/contacts/nothing-here?lang=en' });
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toContain('text/html');
  expect(res.body).toContain('Page not found');
  const api = await server.inject({ url: '/api/nothing-here' });
  expect(api.statusCode).toBe(404);
  expect(api.json()).toMatchObject({ errorCode: 'NOT_FOUND' });
});
