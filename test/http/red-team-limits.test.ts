import { afterEach, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { PASSWORD, startServer, type Running } from './http-support.js';

/**
 * Issue 24, points 4, 7 and 11: X-Forwarded-For is believed only from TRUST_PROXY; login limits
 * slow an attacker without locking the owner out; RATE_LIMITS is parsed and applied. Over real
 * HTTP, on both databases (the counters live in the database).
 */

let app: TestApp | undefined;
let http: Running | undefined;
afterEach(async () => {
  await http?.close();
  await app?.close();
  http = undefined;
  app = undefined;
});

async function start(env: Record<string, string>) {
  app = await makeTestApp(env);
  await seedGuide(app.ctx, { passwords: true });
  http = await startServer(app);
  return { app, http };
}

function login(server: Running, nichandle: string, password: string, from?: string) {
  return server
    .client()
    .request(
      'POST',
      '/api/auth/login',
      { nichandle, password },
      from ? { 'x-forwarded-for': from } : {},
    );
}

test('by default a spoofed X-Forwarded-For does not escape the login limit per address', async () => {
  const { http } = await start({ RATE_LIMITS: 'login=5/60' });
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    // A new "address" and a new account each time: only the real address can be counted.
    const answer = await login(http, `zz${10000 + i}-ch`, 'guess', `198.51.100.${i + 1}`);
    statuses.push(answer.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
});

test('a proxy that TRUST_PROXY does not name is not believed either', async () => {
  const { http } = await start({
    RATE_LIMITS: 'login=3/60',
    TRUST_PROXY: '10.0.0.1, 192.168.0.0/16',
  });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await login(http, `zz${10000 + i}-ch`, 'guess', `198.51.100.${i + 1}`)).status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});

test('from a configured proxy, X-Forwarded-For is the client address', async () => {
  const { http } = await start({ RATE_LIMITS: 'login=3/60', TRUST_PROXY: '127.0.0.0/8' });
  // Different clients behind the proxy each have their own count.
  for (let i = 0; i < 5; i++) {
    expect((await login(http, `zz${10000 + i}-ch`, 'guess', `198.51.100.${i + 1}`)).status).toBe(
      401,
    );
  }
  // One client behind the proxy is limited, whatever it puts in front of the proxy's entry.
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const chain = `203.0.113.${i + 1}, 198.51.100.50`;
    statuses.push((await login(http, `zz${20000 + i}-ch`, 'guess', chain)).status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});

test('the owner logs in from its own address while an attacker is slowed, in growing steps', async () => {
  const { app, http } = await start({ TRUST_PROXY: '127.0.0.1' });
  const attacker = '203.0.113.66';
  const owner = '198.51.100.7';
  const tries = async (count: number, password = 'wrong') => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++)
      statuses.push((await login(http, ADMIN, password, attacker)).status);
    return statuses;
  };
  // Ten tries per five minutes for one account from one address, then 429.
  expect(await tries(12)).toEqual([...Array<number>(10).fill(401), 429, 429]);
  // Even the right password waits: the attacker learns nothing from it.
  expect((await login(http, ADMIN, PASSWORD, attacker)).status).toBe(429);
  // The owner, from its own address, is not locked out.
  const mine = await login(http, ADMIN, PASSWORD, owner);
  expect(mine.status).toBe(200);
  expect(mine.headers.get('set-cookie')).toMatch(/^contacthub_session=/);

  // Five minutes later the attacker has ten more tries; after twenty in the hour, it waits
  // for the hour: the delay grows.
  app.clock.advance(301_000);
  expect(await tries(11)).toEqual([...Array<number>(10).fill(401), 429]);
  app.clock.advance(301_000);
  expect(await tries(2)).toEqual([429, 429]);
  // The owner still logs in.
  expect((await login(http, ADMIN, PASSWORD, owner)).status).toBe(200);
  // Another account from the attacker's address is not locked out by this account's count.
  expect((await login(http, NEWBIE, PASSWORD, attacker)).status).toBe(200);
}, 60_000);

test('RATE_LIMITS tunes the limits an operator needs to change', async () => {
  const { app, http } = await start({ RATE_LIMITS: 'changes=3/60, decisions=30/60' });
  const client = await http.as(ADMIN);
  const path = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}/changeContact`;
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await client.post(path, { contactTech: 'zz99999-ch' })).status);
  expect(statuses).toEqual([400, 400, 400, 429]);
  app.clock.advance(60_000);
  expect((await client.post(path, { contactTech: 'zz99999-ch' })).status).toBe(400);
});

test('RATE_LIMITS tunes the profile limits too: password resets per nichandle', async () => {
  const { http } = await start({ RATE_LIMITS: 'passwordResetsAccount=2/3600' });
  const anyone = http.client();
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++)
    statuses.push((await anyone.post('/api/auth/passwordReset', { nichandle: ADMIN })).status);
  expect(statuses).toEqual([202, 202, 429]);
});

test('RATE_LIMITS and TRUST_PROXY are checked at start, with a clear message', () => {
  const base = { DATABASE_URL: 'sqlite::memory:', SECRET_KEY: TEST_SECRET_KEY };
  const config = loadConfig({
    ...base,
    RATE_LIMITS:
      'login=30/60,changes=150/60,decisions=30/60,emailChanges=3/600,passwordResets=50/3600,passwordResetsAccount=2/3600',
  });
  expect(config.rateLimits).toEqual({
    loginPerAddress: { max: 30, windowSeconds: 60 },
    changesPerAccount: { max: 150, windowSeconds: 60 },
    decisionsPerAccount: { max: 30, windowSeconds: 60 },
    emailChangesPerAccount: { max: 3, windowSeconds: 600 },
    passwordResetsPerAddress: { max: 50, windowSeconds: 3600 },
    passwordResetsPerAccount: { max: 2, windowSeconds: 3600 },
  });
  expect(loadConfig(base).trustProxy).toEqual([]);
  const bad: [Record<string, string>, RegExp][] = [
    [{ RATE_LIMITS: 'login=30' }, /RATE_LIMITS must be name=count\/seconds.*"login=30"/],
    [{ RATE_LIMITS: 'login=0/60' }, /RATE_LIMITS: login needs a count of at least 1/],
    [{ RATE_LIMITS: 'login=5/0' }, /1 to 86400 seconds/],
    [{ RATE_LIMITS: 'login=5/100000' }, /1 to 86400 seconds/],
    [
      { RATE_LIMITS: 'logins=5/60' },
      /unknown limit "logins" \(known: login, loginAccount, changes, decisions, emailChanges, passwordResets, passwordResetsAccount\)/,
    ],
    [{ RATE_LIMITS: 'login=-1/60' }, /RATE_LIMITS must be name=count\/seconds/],
    [{ TRUST_PROXY: 'loopback' }, /TRUST_PROXY must list IP addresses or CIDR ranges.*"loopback"/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY.*"10.0.0.0\/33"/],
    [{ TRUST_PROXY: '10.0.0.1,proxy.example' }, /TRUST_PROXY.*"proxy.example"/],
  ];
  for (const [env, message] of bad) {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  }
  expect(
    loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16, ::1, fd00::/8' }).trustProxy,
  ).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']);
});
