import { randomInt } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { createAccount } from '../../src/accounts/create-account.js';
import { createService } from '../../src/services/create-service.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

/**
 * The per-account limit of changeContact under concurrent calls, with the counters in the
 * database (default) and in a real Redis (REDIS_URL): exactly `max` calls get through.
 */

/** Five calls get through (400: the nichandle is unknown), the eleven others are limited. */
const EXPECTED = [...Array<number>(5).fill(400), ...Array<number>(11).fill(429)];

const LIMIT = { changesPerAccount: { max: 5, windowSeconds: 60 } };

let app: TestApp;
const servers: Running[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await app.close();
});

async function burst(env: Record<string, string>) {
  app = await makeTestApp(env);
  // A fresh nichandle each run: Redis keeps counters between runs of the suite.
  const owner = `rl${randomInt(1, 1_000_000_000)}-ch`;
  await createAccount(app.ctx, { nichandle: owner, name: 'Rita Limit', email: 'r@example.test' });
  await createService(app.ctx, {
    serviceType: 'domain',
    serviceName: 'r.example',
    contactAdmin: owner,
  });
  servers.push(await startServer(app, { rateLimits: LIMIT }));
  servers.push(await startServer(app, { rateLimits: LIMIT }));
  const clients = await Promise.all(servers.map((s) => s.as(owner)));
  const answers = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      clients[i % 2]!.post('/api/domain/r.example/changeContact', { contactTech: 'zz99999-ch' }),
    ),
  );
  return answers.map((a) => a.status).sort();
}

test('database counters let exactly the limit through, across two servers', async () => {
  const statuses = await burst({});
  expect(statuses).toEqual(EXPECTED);
});

test('Redis counters do the same when REDIS_URL is set', async () => {
  const statuses = await burst({ REDIS_URL: 'redis://127.0.0.1:6379' });
  expect(statuses).toEqual(EXPECTED);
  // Nothing was counted in the database.
  expect(await app.ctx.database.db.selectFrom('rate_limits').selectAll().execute()).toEqual([]);
});

test('with Redis unreachable the database counts instead', async () => {
  // Port 1 refuses connections at once.
  const statuses = await burst({ REDIS_URL: 'redis://127.0.0.1:1' });
  expect(statuses).toEqual(EXPECTED);
  expect(await app.ctx.database.db.selectFrom('rate_limits').selectAll().execute()).toHaveLength(1);
});

test('what was typed at login is never stored in clear by the limiter', async () => {
  app = await makeTestApp();
  const server = await startServer(app);
  servers.push(server);
  const typed = 'my-Secret-Passw0rd';
  const answer = await server.client().post('/api/auth/login', { nichandle: typed, password: 'x' });
  expect(answer.status).toBe(401);
  const keys = (await app.ctx.database.db.selectFrom('rate_limits').select('key').execute()).map(
    (r) => r.key,
  );
  // Per address, and per typed nichandle and address in three growing steps (decision 086).
  expect(keys).toHaveLength(4);
  expect(keys.join(' ')).not.toContain(typed.toLowerCase());
  expect(keys.join(' ')).not.toContain('127.0.0.1');
});
