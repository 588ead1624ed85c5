import { afterEach, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { MAX_ATTEMPTS } from '../../src/outbox/backoff.js';
import type { OutboxEntry } from '../../src/outbox/manage-outbox.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { freePort } from '../support/free-port.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';

let app: TestApp | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await app?.close();
  await smtp?.close();
  app = undefined;
  smtp = undefined;
});

async function open(smtpUrl: string): Promise<TestApp> {
  app = await makeTestApp({ SMTP_URL: smtpUrl });
  await seedGuide(app.ctx);
  return app;
}

/** Runs the command line against the test's database, as an operator would. */
async function cli(a: TestApp, ...argv: string[]): Promise<{ code: number; out: string }> {
  Object.assign(process.env, {
    DATABASE_URL: a.config.databaseUrl,
    SECRET_KEY: TEST_SECRET_KEY,
    SMTP_URL: a.config.smtpUrl,
  });
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out: out.join('\n') };
}

async function listed(a: TestApp, ...args: string[]): Promise<OutboxEntry[]> {
  const { code, out } = await cli(a, 'outbox', 'list', '--json', ...args);
  expect(code).toBe(0);
  return JSON.parse(out) as OutboxEntry[];
}

test('SMTP down: requests are made, accepted and applied; the e-mails wait and arrive once it is back', async () => {
  const port = await freePort();
  const a = await open(`smtp://127.0.0.1:${port}`);
  const [id] = await changeContact(a.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  expect(await a.worker.drain()).toBeGreaterThan(0);
  const tokens: Record<string, string> = {
    [ADMIN]: await tokenFor(a.ctx, id!, ADMIN),
    [NEWBIE]: await tokenFor(a.ctx, id!, NEWBIE),
  };
  await acceptChange(a.ctx, ADMIN, id, tokens[ADMIN]);
  await acceptChange(a.ctx, NEWBIE, id, tokens[NEWBIE]);
  await a.worker.drain();
  expect((await getChange(a.ctx, ADMIN, id)).state).toBe('done');

  const waiting = await listed(a);
  expect(waiting).toHaveLength(5);
  for (const entry of waiting.filter((e) => e.template === 'request-created')) {
    expect(entry.state).toBe('pending');
    expect(entry.attempts).toBe(1);
    expect(entry.lastError).toMatch(/ECONNREFUSED/);
    expect(entry.lastError).not.toContain(tokens[entry.account!]);
  }

  smtp = await startSmtp(port);
  await a.worker.drain();
  expect(smtp.received).toHaveLength(0); // still in backoff
  a.clock.advance(2 * 60 * 60_000);
  await a.worker.drain();
  expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(
    [ADMIN, ADMIN, NEWBIE, NEWBIE, TECH].map((n) => `${n}@example.test`).sort(),
  );
  const created = smtp.received.filter(
    (r) => r.mail.headers.get('x-contacthub-template') === 'request-created',
  );
  for (const { to, mail } of created) {
    expect(linkIn(mail).token).toBe(tokens[to[0]!.split('@')[0]!]);
  }
  expect(await listed(a)).toEqual([]);
});

test('SMTP answering 4xx or 5xx: retried with growing delays, the error visible to operators, then sent', async () => {
  smtp = await startSmtp();
  const a = await open(smtp.url);
  await changeContact(a.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  smtp.mode = { kind: 'reject', code: 451, message: 'Greylisted, please try again later' };
  await a.worker.drain();
  let entries = await listed(a);
  expect(entries).toHaveLength(2);
  for (const e of entries) {
    expect(e.attempts).toBe(1);
    expect(e.lastError).toContain('451');
    const delay = Date.parse(e.nextAttemptAt!) - a.clock.now();
    expect(delay).toBeGreaterThanOrEqual(24_000);
    expect(delay).toBeLessThanOrEqual(36_000);
  }
  const human = await cli(a, 'outbox', 'list');
  expect(human.out).toContain('LAST ERROR');
  expect(human.out).toContain('Greylisted');

  smtp.mode = { kind: 'reject', code: 550, message: 'Mailbox unavailable' };
  a.clock.advance(40_000);
  await a.worker.drain();
  entries = await listed(a);
  for (const e of entries) {
    expect(e.attempts).toBe(2);
    expect(e.lastError).toContain('550');
    expect(Date.parse(e.nextAttemptAt!) - a.clock.now()).toBeGreaterThanOrEqual(48_000);
  }
  a.clock.advance(40_000); // not yet due: nothing is tried
  await a.worker.drain();
  expect((await listed(a)).map((e) => e.attempts)).toEqual([2, 2]);

  smtp.mode = { kind: 'accept' };
  a.clock.advance(40_000);
  await a.worker.drain();
  expect(smtp.received).toHaveLength(2);
  expect(await listed(a)).toEqual([]);
  const sent = await listed(a, '--state', 'sent');
  expect(sent.map((e) => [e.attempts, e.lastError])).toEqual([
    [3, null],
    [3, null],
  ]);
});

test('after every try failed the e-mail is failed and audited; an operator retries it', async () => {
  smtp = await startSmtp();
  const a = await open(smtp.url);
  const [id] = await changeContact(a.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  const token = await tokenFor(a.ctx, id!, NEWBIE);
  smtp.mode = { kind: 'reject', code: 554, message: 'Transaction failed' };
  for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
    await a.worker.drain();
    a.clock.advance(60 * 60_000);
  }
  const failed = await listed(a, '--state', 'failed');
  expect(failed).toHaveLength(2);
  expect(failed.every((e) => e.attempts === MAX_ATTEMPTS && e.lastError?.includes('554'))).toBe(
    true,
  );
  const audit = await a.ctx.database.db
    .selectFrom('audit_events')
    .select('event')
    .where('event', '=', 'email.failed')
    .execute();
  expect(audit).toHaveLength(2);

  const target = failed.find((e) => e.account === NEWBIE)!;
  const retried = await cli(a, 'outbox', 'retry', String(target.id));
  expect(retried).toEqual({ code: 0, out: `delivery ${target.id} will be sent again` });
  expect((await cli(a, 'outbox', 'retry', '999999')).code).not.toBe(0);

  smtp.mode = { kind: 'accept' };
  a.clock.set(Math.max(a.clock.now(), Date.now()) + 1000); // the command line ran on real time
  await a.worker.drain();
  expect(smtp.received.map((r) => r.to)).toEqual([[`${NEWBIE}@example.test`]]);
  expect(linkIn(smtp.received[0]!.mail).token).toBe(token);
  expect((await cli(a, 'outbox', 'retry', String(target.id))).out).toContain('already sent');
});

test('an SMTP server that hangs holds up nothing: accepted requests are still applied', async () => {
  smtp = await startSmtp();
  smtp.mode = { kind: 'stall' };
  const a = await open(smtp.url);
  const [id] = await changeContact(a.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await acceptChange(a.ctx, ADMIN, id, await tokenFor(a.ctx, id!, ADMIN));
  await acceptChange(a.ctx, NEWBIE, id, await tokenFor(a.ctx, id!, NEWBIE));
  // The first e-mail hangs at DATA (nodemailer would wait a minute); the worker goes on.
  await a.worker.drain({ leaveSends: true });
  expect((await getChange(a.ctx, ADMIN, id)).state).toBe('done');
  expect(smtp.received).toHaveLength(0);
  const entries = await listed(a);
  expect(entries.map((e) => e.state)).toEqual(Array(entries.length).fill('pending'));
  expect(entries.filter((e) => e.template === 'request-done')).toHaveLength(3);
});
