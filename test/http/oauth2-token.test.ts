import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ADMIN, NEWBIE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * SPEC §10's API applications and POST /api/oauth2/token (RFC 6749 §4.4): what it gives, what
 * it refuses and how, and how long what it gives works.
 */

let app: TestApp;
let http: Running;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  http = await startServer(app);
});
afterEach(async () => {
  await http.close();
  await app.close();
});

interface Application {
  clientId: string;
  clientSecret: string;
}

async function newApplication(owner: Client, name = 'billing sync'): Promise<Application> {
  const answer = await owner.post('/api/me/api/oauth2/client', { name });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Application;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenRequest(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${http.url}/api/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const GRANT = 'grant_type=client_credentials&scope=all';

async function accessTokenOf(app: Application): Promise<string> {
  const answer = await tokenRequest(GRANT, {
    authorization: basic(app.clientId, app.clientSecret),
  });
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

describe('the client-credentials grant', () => {
  test('Basic auth and a form body give a Bearer token that acts as the account', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const answer = await tokenRequest(GRANT, {
      authorization: basic(application.clientId, application.clientSecret),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.any(String) as unknown,
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const me = await http.client({ bearer: answer.body.access_token as string }).get('/api/me');
    expect([me.status, (me.body as { nichandle: string }).nichandle]).toEqual([200, ADMIN]);
  });

  test('the credentials may come in the form instead', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const answer = await tokenRequest(
      `grant_type=client_credentials&client_id=${application.clientId}&client_secret=${application.clientSecret}`,
    );
    expect(answer.status).toBe(200);
  });

  test('the secret and the access tokens are kept only as hashes', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const token = await accessTokenOf(application);
    const stored = await app.storedText();
    expect(stored).toContain(application.clientId);
    expect(stored).not.toContain(application.clientSecret);
    expect(stored).not.toContain(token);
  });
});

describe('refusals, in RFC 6749 §5.2 terms, as application/json', () => {
  test('a wrong secret or an unknown client: 401 invalid_client, with WWW-Authenticate', async () => {
    const application = await newApplication(await http.as(ADMIN));
    for (const authorization of [
      basic(application.clientId, `${application.clientSecret}x`),
      basic('no-such-client', application.clientSecret),
      basic(application.clientId, ''),
    ]) {
      const answer = await tokenRequest(GRANT, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(answer.body).toMatchObject({
        error: 'invalid_client',
        class: 'Client::Unauthorized',
        errorCode: 'NOT_AUTHENTICATED',
      });
    }
    expect((await tokenRequest(GRANT)).body).toMatchObject({ error: 'invalid_client' });
  });

  test('another grant: 400 unsupported_grant_type', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const answer = await tokenRequest('grant_type=password&username=a&password=b', {
      authorization: basic(application.clientId, application.clientSecret),
    });
    expect([answer.status, answer.body.error]).toEqual([400, 'unsupported_grant_type']);
  });

  test('no grant_type, a repeated one, or a body that is not a form: 400 invalid_request', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const authorization = basic(application.clientId, application.clientSecret);
    for (const [body, type] of [
      ['scope=all', 'application/x-www-form-urlencoded'],
      [
        'grant_type=client_credentials&grant_type=client_credentials',
        'application/x-www-form-urlencoded',
      ],
      ['{"grant_type":"client_credentials"}', 'application/json'],
      ['grant_type=client_credentials', 'text/plain'],
    ]) {
      const answer = await tokenRequest(body!, { authorization, 'content-type': type! });
      expect([answer.status, answer.body.error], `${type} ${body}`).toEqual([
        400,
        'invalid_request',
      ]);
    }
  });

  test('a revoked application: no new token, and its tokens stop working at once', async () => {
    const owner = await http.as(ADMIN);
    const application = await newApplication(owner);
    const token = await accessTokenOf(application);
    const caller = http.client({ bearer: token });
    expect((await caller.get('/api/me')).status).toBe(200);

    // Another account cannot see or revoke it.
    const other = await http.as(NEWBIE);
    expect(
      (await other.request('DELETE', `/api/me/api/oauth2/client/${application.clientId}`)).status,
    ).toBe(404);
    expect((await other.get(`/api/me/api/oauth2/client/${application.clientId}`)).status).toBe(404);

    const revoked = await owner.request(
      'DELETE',
      `/api/me/api/oauth2/client/${application.clientId}`,
    );
    expect(revoked.status).toBe(204);
    const refused = await caller.get('/api/me');
    expect([refused.status, (refused.body as { class: string }).class]).toEqual([
      401,
      'Client::Unauthorized',
    ]);
    const again = await tokenRequest(GRANT, {
      authorization: basic(application.clientId, application.clientSecret),
    });
    expect([again.status, again.body.error]).toEqual([401, 'invalid_client']);
    expect((await owner.get('/api/me/api/oauth2/client')).body).toEqual([]);
  });

  test('an expired access token is refused; the application gets a new one', async () => {
    const application = await newApplication(await http.as(ADMIN));
    const token = await accessTokenOf(application);
    app.clock.advance(3599_000);
    expect((await http.client({ bearer: token }).get('/api/me')).status).toBe(200);
    app.clock.advance(1_000);
    const expired = await http.client({ bearer: token }).get('/api/me');
    expect([expired.status, (expired.body as { errorCode: string }).errorCode]).toEqual([
      401,
      'NOT_AUTHENTICATED',
    ]);
    const fresh = await accessTokenOf(application);
    expect((await http.client({ bearer: fresh }).get('/api/me')).status).toBe(200);
  });
});

describe('API applications through the API', () => {
  test('listed by client id, described without their secret', async () => {
    const owner = await http.as(ADMIN);
    const first = await newApplication(owner, 'first');
    const second = await newApplication(owner, 'second');
    expect((await owner.get('/api/me/api/oauth2/client')).body).toEqual([
      second.clientId,
      first.clientId,
    ]);
    const one = await owner.get(`/api/me/api/oauth2/client/${first.clientId}`);
    expect(one.body).toEqual({
      clientId: first.clientId,
      name: 'first',
      flow: 'CLIENT_CREDENTIALS',
      createdAt: expect.any(String) as unknown,
      lastUsedAt: null,
    });
    expect(one.text).not.toContain(first.clientSecret);
  });

  test('a name is required; OVH fields are accepted', async () => {
    const owner = await http.as(ADMIN);
    expect((await owner.post('/api/me/api/oauth2/client', {})).status).toBe(400);
    const ovhStyle = await owner.post('/api/me/api/oauth2/client', {
      name: 'script',
      description: 'as OVH asks',
      flow: 'CLIENT_CREDENTIALS',
      callbackUrls: [],
    });
    expect(ovhStyle.status).toBe(200);
  });
});
