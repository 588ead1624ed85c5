import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { runCli } from './helpers.js';

/** The operator's verbs of issue 26 on the command line, against a real database. */

let app: TestApp;
const saved = { DATABASE_URL: process.env.DATABASE_URL, SECRET_KEY: process.env.SECRET_KEY };
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  process.env.DATABASE_URL = app.config.databaseUrl;
  process.env.SECRET_KEY = app.config.secretKey;
});
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await app.close();
});

async function json(args: string[]): Promise<Record<string, unknown>> {
  const run = await runCli([...args, '--json']);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

const VERBS = [
  ['account', 'show'],
  ['account', 'update'],
  ['service', 'show'],
  ['service', 'status'],
  ['service', 'delete'],
  ['change', 'list'],
  ['change', 'cancel'],
  ['events'],
];

test('each verb has --help and --json', async () => {
  for (const verb of VERBS) {
    const run = await runCli([...verb, '--help']);
    expect(run.code, verb.join(' ')).toBe(0);
    expect(run.stdout).toContain('--json');
  }
});

test('account show and update', async () => {
  expect(await json(['account', 'show', ADMIN])).toEqual({
    nichandle: ADMIN,
    email: `${ADMIN}@example.test`,
    name: 'Alice Admin',
    language: 'fr',
    unpaidInvoices: 0,
    creation: '2026-11-24T09:00:00.000Z',
  });
  const updated = await json([
    'account',
    'update',
    ADMIN,
    '--name',
    'Alice A.',
    '--email',
    'a@x.test',
  ]);
  expect(updated).toMatchObject({ name: 'Alice A.', email: 'a@x.test' });
  const human = await runCli(['account', 'show', ADMIN]);
  expect(human.stdout).toBe(`${ADMIN}  Alice A. <a@x.test>  fr  unpaid invoices: 0`);
  const mails = await app.ctx.database.db
    .selectFrom('outbox')
    .select('recipient')
    .where('template', '=', 'address-changed')
    .execute();
  expect(mails.map((m) => m.recipient).sort()).toEqual(['a@x.test', `${ADMIN}@example.test`]);
});

test('service show, status, delete; change list and cancel; events', async () => {
  const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  const shown = await json(['service', 'show', SERVICE.serviceType, SERVICE.serviceName]);
  expect(shown).toMatchObject({ contactTech: TECH, openRequests: [id] });
  expect(await json(['service', 'status', 'domain', 'example.com', 'expired'])).toMatchObject({
    status: 'expired',
  });
  const list = await json(['change', 'list', '--account', NEWBIE]);
  expect((list.items as { id: number }[]).map((c) => c.id)).toEqual([id]);
  expect((await runCli(['change', 'list', '--state', 'done'])).stdout).toBe('no request');
  expect(await json(['change', 'cancel', String(id), '--reason', 'duplicate'])).toEqual({
    id,
    state: 'aborted',
  });
  const events = await json(['events', '--limit', '1000']);
  const types = (events.items as { type: string }[]).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['request.created', 'request.cancelled']));
  const next = await json(['events', '--after', events.nextCursor as string]);
  expect(next.items).toEqual([]);
  expect((await runCli(['service', 'delete', 'domain', 'example.com'])).stdout).toBe(
    'domain/example.com deleted',
  );
  expect((await runCli(['service', 'show', 'domain', 'example.com'])).code).not.toBe(0);
});

describe('errors are one clear line and a non-zero exit', () => {
  test.each([
    [['account', 'show', 'zz99999-ch'], /No such account/],
    [['account', 'update', ADMIN], /give email, name or language/],
    [['account', 'update', ADMIN, '--language', 'de'], /language must be fr or en/],
    [['service', 'status', 'domain', 'example.com', 'gone'], /status must be one of/],
    [['service', 'delete', 'domain', 'nothing.example'], /No such service/],
    [['change', 'list', '--state', 'open'], /state is not a request state/],
    [['change', 'cancel', '999'], /No such request/],
    [['events', '--after', 'nonsense'], /after must be the nextCursor/],
    [['events', '--limit', '0'], /limit must be/],
    [['service', 'status', 'domain'], /missing required argument/],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});
