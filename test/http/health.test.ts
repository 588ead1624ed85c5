import { afterEach, expect, test } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { buildServer } from '../../src/server/server.js';
import { loadConfig } from '../../src/platform/config.js';
import { makeTestApp, TEST_SECRET_KEY } from '../support/test-app.js';
import { startServer } from './http-support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

test('GET /health answers 200 while the database answers', async () => {
  const app = await makeTestApp();
  cleanups.push(() => app.close());
  const http = await startServer(app);
  cleanups.push(() => http.close());
  const answer = await http.client().get('/health');
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ status: 'ok' });
});

test('GET /health answers 503 in the error shape when the database cannot be reached', async () => {
  // A PostgreSQL address where nothing listens: the process is up, its database is not.
  const config = loadConfig({
    DATABASE_URL: 'postgres://postgres@127.0.0.1:9/contacthub',
    SECRET_KEY: TEST_SECRET_KEY,
  });
  const app: App = await openApp(config, { migrate: false });
  cleanups.push(() => app.close());
  const server = await buildServer(app);
  cleanups.push(() => server.close());
  const answer = await server.inject({ method: 'GET', url: '/health' });
  expect(answer.statusCode).toBe(503);
  const body = answer.json<{ errorCode: unknown; message: unknown }>();
  expect(typeof body.errorCode).toBe('string');
  expect(typeof body.message).toBe('string');
});
