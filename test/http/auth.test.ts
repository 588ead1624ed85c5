import { afterEach, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Running } from './http-support.js';

const ADMIN_TOKEN = 'operator-token-0123456789';

let app: TestApp;
let http: Running;
afterEach(async () => {
  await http.close();
  await app.close();
});

// The authentication runs with SQLite's kept credential rows (decision 066) on and off.
describe.each(['on', 'off'])('DATABASE_KEPT_LOOKUPS=%s', (keptLookups) => {
  async function start(env: Record<string, string> = {}, passwords = true) {
    app = await makeTestApp({ DATABASE_KEPT_LOOKUPS: keptLookups, ...env });
    await seedGuide(app.ctx, { passwords });
    http = await startServer(app);
  }

  test('a wrong login says the same whether the account exists or not', async () => {
    await start();
    const anonymous = http.client();
    const wrongPassword = await anonymous.post('/api/auth/login', {
      nichandle: ADMIN,
      password: 'wrong password',
    });
    const unknown = await anonymous.post('/api/auth/login', {
      nichandle: 'zz99999-ch',
      password: 'wrong password',
    });
    const malformed = await anonymous.post('/api/auth/login', {
      nichandle: "' or 1=1 --",
      password: PASSWORD,
    });
    for (const answer of [wrongPassword, unknown, malformed]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    expect(unknown.body).toEqual(wrongPassword.body);
    expect(malformed.body).toEqual(wrongPassword.body);
    expect(await app.ctx.database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  test('the session lives in the database: logout ends it, a second server knows it', async () => {
    await start();
    const admin = await http.login(ADMIN);
    const sessions = await app.ctx.database.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    // Only a hash of the session id is stored.
    expect(admin.auth?.cookie).not.toContain(sessions[0]!.id_hash);

    const second = await startServer(app);
    try {
      const me = await second.client(admin.auth).get('/api/me');
      expect(me.status).toBe(200);
    } finally {
      await second.close();
    }

    const logout = await admin.post('/api/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/contacthub_session=;/);
    const after = await admin.get('/api/me');
    expect(after.status).toBe(401);
    expect(await app.ctx.database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  test('the cookie is Secure when PUBLIC_URL is https', async () => {
    await start({ PUBLIC_URL: 'https://contacts.example.net' });
    const answer = await http.client().post('/api/auth/login', {
      nichandle: ADMIN,
      password: PASSWORD,
    });
    expect(answer.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(answer.headers.get('set-cookie')).toMatch(/HttpOnly/);
  });

  test('the operator makes accounts, services and API tokens; the token opens the customer API', async () => {
    await start({ ADMIN_TOKEN }, false);
    const operator = http.client({ bearer: ADMIN_TOKEN });
    const account = await operator.post('/api/admin/accounts', {
      email: 'dora@example.test',
      name: 'Dora Explorer',
      language: 'en',
    });
    expect(account.status, account.text).toBe(201);
    const { nichandle } = account.body as { nichandle: string };
    expect(nichandle).toMatch(/^de[0-9]+-ch$/);
    expect(account.body).toEqual({
      nichandle,
      email: 'dora@example.test',
      name: 'Dora Explorer',
      language: 'en',
    });

    const service = await operator.post('/api/admin/services', {
      serviceType: 'hosting',
      serviceName: 'www.dora.example',
      contactAdmin: nichandle,
    });
    expect(service.status, service.text).toBe(201);
    expect(service.body).toMatchObject({
      contactAdmin: nichandle,
      contactTech: nichandle,
      contactBilling: nichandle,
      status: 'ok',
    });

    const made = await operator.post(`/api/admin/accounts/${nichandle}/tokens`, { name: 'ci' });
    expect(made.status).toBe(201);
    const { token } = made.body as { token: string };
    const dora = http.client({ bearer: token });
    expect(((await dora.get('/api/me')).body as { nichandle: string }).nichandle).toBe(nichandle);
    const list = await dora.get('/api/me/contacts/services');
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);

    const duplicate = await operator.post('/api/admin/accounts', {
      email: 'x@example.test',
      name: 'X',
      nichandle,
    });
    expect(duplicate.status).toBe(409);
    const unknownOwner = await operator.post('/api/admin/accounts/zz99999-ch/tokens', {});
    expect(unknownOwner.body).toMatchObject({ errorCode: 'UNKNOWN_ACCOUNT' });
  });

  test('the operator API needs the exact admin token, and a customer token is not one', async () => {
    await start({ ADMIN_TOKEN }, false);
    const customer = await http.as(ADMIN);
    for (const client of [
      http.client(),
      http.client({ bearer: `${ADMIN_TOKEN}x` }),
      http.client({ bearer: ADMIN_TOKEN.slice(0, -1) }),
      customer,
    ]) {
      const answer = await client.post('/api/admin/accounts', { email: 'a@b.test', name: 'A' });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ errorCode: 'NOT_AUTHENTICATED' });
    }
    // The admin token is not a customer token either.
    expect((await http.client({ bearer: ADMIN_TOKEN }).get('/api/me')).status).toBe(401);
  });

  test('without ADMIN_TOKEN the operator API does not exist', async () => {
    await start({}, false);
    for (const path of [
      '/api/admin/accounts',
      '/api/admin/services',
      '/api/admin/invoices',
      '/api/admin/invoices/1/pay',
      `/api/admin/accounts/${ADMIN}/tokens`,
    ]) {
      const answer = await http.client({ bearer: 'anything-at-all-here' }).post(path, {});
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({ errorCode: 'NOT_FOUND' });
    }
  });

  test('logins are rate limited per account', async () => {
    app = await makeTestApp({ DATABASE_KEPT_LOOKUPS: keptLookups });
    await seedGuide(app.ctx, { passwords: true });
    http = await startServer(app, {
      rateLimits: { loginPerAccount: { max: 3, windowSeconds: 60 } },
    });
    const anonymous = http.client();
    for (let i = 0; i < 3; i++) {
      const answer = await anonymous.post('/api/auth/login', {
        nichandle: ADMIN,
        password: 'nope',
      });
      expect(answer.status).toBe(401);
    }
    const limited = await anonymous.post('/api/auth/login', {
      nichandle: ADMIN,
      password: PASSWORD,
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ errorCode: 'RATE_LIMITED' });
    // Another account is not affected; the window passes.
    expect(
      (await anonymous.post('/api/auth/login', { nichandle: NEWBIE, password: PASSWORD })).status,
    ).toBe(200);
    app.clock.advance(61_000);
    expect(
      (await anonymous.post('/api/auth/login', { nichandle: ADMIN, password: PASSWORD })).status,
    ).toBe(200);
  });

  test('changeContact and decisions are rate limited per account, across servers', async () => {
    app = await makeTestApp({ DATABASE_KEPT_LOOKUPS: keptLookups });
    await seedGuide(app.ctx);
    const limits = {
      changesPerAccount: { max: 2, windowSeconds: 60 },
      decisionsPerAccount: { max: 2, windowSeconds: 60 },
    };
    http = await startServer(app, { rateLimits: limits });
    const other = await startServer(app, { rateLimits: limits });
    try {
      const { token } = await createApiToken(app.ctx, ADMIN);
      const path = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`;
      const first = await http.client({ bearer: token }).post(path, { contactTech: 'zz99999-ch' });
      const second = await other
        .client({ bearer: token })
        .post(path, { contactTech: 'zz99999-ch' });
      expect([first.status, second.status]).toEqual([400, 400]);
      // The third, on either server, is over the limit: the counter is shared.
      const third = await http.client({ bearer: token }).post(path, { contactTech: NEWBIE });
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({ errorCode: 'RATE_LIMITED' });

      const decide = (server: Running) =>
        server
          .client({ bearer: token })
          .post('/api/me/task/contactChange/1/accept', { token: 'x' });
      expect((await decide(http)).status).toBe(404);
      expect((await decide(other)).status).toBe(404);
      expect((await decide(http)).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
