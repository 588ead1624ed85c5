import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { buildServer } from '../../src/server/server.js';
import { mailDestination } from '../../src/cli/commands/serve.js';
import { ADMIN, NEWBIE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import type { FastifyInstance } from 'fastify';

/**
 * Issue 24, point 5: the built-in mailbox shows every account's codes, so it answers only a client
 * on this machine that did not come through a proxy. Over real HTTP: the server listens on every
 * interface, and is asked through loopback and through the machine's other address.
 */

let app: TestApp;
let server: FastifyInstance;
let port = 0;
let messageId = 0;

/** An address of this machine that is not loopback, when it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

beforeAll(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  server = await buildServer(app, { rateLimits: {} });
  await server.listen({ host: '0.0.0.0', port: 0 });
  port = (server.server.address() as { port: number }).port;
  const { token } = await createApiToken(app.ctx, ADMIN);
  const made = await fetch(`http://127.0.0.1:${port}/api/domain/example.com/changeContact`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ contactTech: NEWBIE }),
  });
  expect(made.status).toBe(200);
  await app.worker.drain();
  const row = await app.ctx.database.db
    .selectFrom('mailbox')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  messageId = Number(row.id);
});
afterAll(async () => {
  await server.close();
  await app.close();
});

test('a client on this machine reads the mailbox and its codes', async () => {
  const list = await fetch(`http://127.0.0.1:${port}/dev/mailbox`);
  expect(list.status).toBe(200);
  const message = await fetch(`http://127.0.0.1:${port}/dev/mailbox/${messageId}`);
  expect(message.status).toBe(200);
  expect(await message.text()).toMatch(/token=/);
});

test('through a proxy, even one on this machine, the mailbox does not exist', async () => {
  const proxies: Record<string, string>[] = [
    { 'x-forwarded-for': '203.0.113.9' },
    { forwarded: 'for=203.0.113.9' },
    { 'x-real-ip': '203.0.113.9' },
  ];
  for (const headers of proxies) {
    for (const path of ['/dev/mailbox', `/dev/mailbox/${messageId}`]) {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(404);
      const text = await answer.text();
      expect(text).not.toMatch(/token=|@example\.test/);
    }
  }
});

test.skipIf(outside === undefined)('from another machine the mailbox does not exist', async () => {
  for (const path of ['/dev/mailbox', `/dev/mailbox/${messageId}`]) {
    const answer = await fetch(`http://${outside}:${port}${path}`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toMatch(/token=|@example\.test/);
  }
  // The rest of the server answers there as usual.
  expect((await fetch(`http://${outside}:${port}/api/me`)).status).toBe(401);
});

test('serve says at start-up who may read the mailbox', () => {
  expect(mailDestination(app.config)).toMatch(
    /built-in mailbox, read at .*\/dev\/mailbox only from this machine \(loopback, not through a proxy\)/,
  );
});
