import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { createService } from '../../src/services/create-service.js';
import { startServe, waitFor, type ServeProcess } from '../multiprocess/processes.js';
import { ADMIN, NEWBIE, SERVICE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, TEST_DIALECT, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { startSmtp, type TestSmtp } from './support/smtp.js';

// R21: after a process is killed at any moment, what was pending proceeds within 30 seconds of a
// process being up again. Real `contacthub serve` processes on one SQLite file, killed with
// SIGKILL, a real SMTP server and a real webhook receiver. (PostgreSQL restarted under three
// processes: test/multiprocess/restart.test.ts.)
const R21_MS = 30_000;
const REQUESTS = 20;
const DIE = fileURLToPath(new URL('../domain/fixtures/accept-then-die.ts', import.meta.url));

let app: TestApp | undefined;
let smtp: TestSmtp | undefined;
let receiver: Server | undefined;
const processes: ServeProcess[] = [];

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.kill()));
  await app?.close();
  await smtp?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  app = smtp = receiver = undefined;
});

/** A test database whose clock is the real one: the processes started on it use system time. */
async function realTimeApp(env: Record<string, string> = {}): Promise<TestApp> {
  const made = await makeTestApp(env);
  made.clock.set(Date.now());
  await seedGuide(made.ctx);
  return made;
}

function serveEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: app!.config.databaseUrl,
    SECRET_KEY: TEST_SECRET_KEY,
    SMTP_URL: smtp!.url,
    ...extra,
  };
}

/** Starts a process and returns the moment it was up (listening). */
async function up(name: string, env: Record<string, string>): Promise<number> {
  processes.push(await startServe(name, env));
  return Date.now();
}

describe.skipIf(TEST_DIALECT !== 'sqlite')('a process killed with SIGKILL (R21)', () => {
  test('mid-send, with a slow SMTP server and a hanging webhook receiver: every e-mail and webhook goes out within 30 s of the restart, each once', async () => {
    // A receiver that hangs while the first process runs, then answers.
    let hang = true;
    const deliveries: string[] = [];
    const hanging: IncomingMessage[] = [];
    receiver = createServer((request, response) => {
      if (hang) {
        hanging.push(request);
        return;
      }
      request.resume();
      request.on('end', () => {
        // The request events queued with the changes; the audit feed's relay (feed.*, decision
        // 095) posts deliveries of its own, which this test does not count.
        if (String(request.headers['x-contacthub-event']).startsWith('request.'))
          deliveries.push(String(request.headers['x-contacthub-delivery']));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    const webhooks = {
      WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`,
      WEBHOOK_SECRET: 's'.repeat(32),
    };

    smtp = await startSmtp();
    app = await realTimeApp(webhooks);
    for (let i = 0; i < REQUESTS; i++) {
      const serviceName = `crash${i}.example`;
      await createService(app.ctx, {
        serviceType: 'domain',
        serviceName,
        contactAdmin: ADMIN,
        contactTech: TECH,
      });
      await changeContact(app.ctx, ADMIN, 'domain', serviceName, { contactTech: NEWBIE });
    }
    const queued = await app.ctx.database.db
      .selectFrom('outbox')
      .select(['channel', 'message_id'])
      .execute();
    const emails = queued.filter((q) => q.channel === 'email').map((q) => q.message_id);
    const hooks = queued.filter((q) => q.channel === 'webhook').map((q) => q.message_id);
    expect(emails).toHaveLength(2 * REQUESTS);
    expect(hooks).toHaveLength(REQUESTS);

    // The SMTP server takes five messages, then hangs at DATA; the process dies right there,
    // with an e-mail and a webhook in flight.
    smtp.mode = { kind: 'accept', stallAfter: 5 };
    await up('first', serveEnv(webhooks));
    await smtp.waitForStall();
    await waitFor('a webhook in flight', () => Promise.resolve(hanging.length > 0 || undefined));
    await processes[0]!.kill();
    expect(smtp.received).toHaveLength(5);

    smtp.mode = { kind: 'accept' };
    hang = false;
    const restarted = await up('second', serveEnv(webhooks));
    await waitFor(
      'every e-mail and webhook',
      () =>
        Promise.resolve(
          smtp!.received.length >= emails.length && deliveries.length >= hooks.length
            ? true
            : undefined,
        ),
      R21_MS + 5_000,
    );
    expect(Date.now() - restarted).toBeLessThan(R21_MS);

    const sent = smtp.received.map((r) => r.mail.messageId);
    expect([...sent].sort()).toEqual([...emails].sort());
    expect([...deliveries].sort()).toEqual([...hooks].sort());
  }, 120_000);

  test('between the last accept and the apply: the change is applied once and its e-mails sent within 30 s of the restart', async () => {
    smtp = await startSmtp();
    app = await realTimeApp();
    const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
      contactTech: NEWBIE,
    });
    await acceptChange(app.ctx, ADMIN, id!, await tokenFor(app.ctx, id!, ADMIN));
    const newcomerToken = await tokenFor(app.ctx, id!, NEWBIE);

    // The last validator's accept commits, then its process dies before any worker applies it.
    const child = spawn(process.execPath, ['--import', 'tsx', DIE], {
      env: {
        ...process.env,
        ...serveEnv(),
        TASK_ID: String(id),
        ACCOUNT: NEWBIE,
        TOKEN: newcomerToken,
        CLOCK_MS: String(Date.now()),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    const state = await app.ctx.database.db
      .selectFrom('contact_changes')
      .select('state')
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('doing');

    const restarted = await up('after the crash', serveEnv());
    const doneMails = () =>
      smtp!.received.filter((r) => r.mail.headers.get('x-contacthub-template') === 'request-done');
    await waitFor(
      'the change applied and told',
      () => Promise.resolve(doneMails().length >= 3 ? true : undefined),
      R21_MS + 5_000,
    );
    expect(Date.now() - restarted).toBeLessThan(R21_MS);

    const events = await app.ctx.database.db
      .selectFrom('audit_events')
      .select('event')
      .where('request_id', '=', id!)
      .where('event', '=', 'request.applied')
      .execute();
    expect(events).toHaveLength(1);
    const recipients = doneMails().flatMap((r) => r.to.map((to) => to.split('@')[0]));
    expect(recipients.sort()).toEqual([ADMIN, NEWBIE, TECH].sort());
  }, 120_000);
});
