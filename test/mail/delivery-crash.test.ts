import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { LEASE_MS } from '../../src/outbox/outbox.repository.js';
import { ENGLISH, NEWBIE, ADMIN, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';

const CHILD = fileURLToPath(new URL('./support/deliver-child.ts', import.meta.url));

let app: TestApp | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await app?.close();
  await smtp?.close();
});

test('a process killed while delivering loses no e-mail: after restart each arrives, none twice', async () => {
  smtp = await startSmtp();
  app = await makeTestApp({ SMTP_URL: smtp.url });
  await seedGuide(app.ctx);
  const change = (body: object) =>
    changeContact(app!.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, body);
  const [tech] = await change({ contactTech: NEWBIE });
  const [billing] = await change({ contactBilling: ENGLISH });
  const queued = await app.ctx.database.db
    .selectFrom('outbox')
    .select(['message_id', 'recipient'])
    .where('channel', '=', 'email')
    .execute();
  expect(queued).toHaveLength(4);

  // The server takes the first message, then hangs at DATA: the child is killed right there.
  smtp.mode = { kind: 'accept', stallAfter: 1 };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      DATABASE_URL: app.config.databaseUrl,
      SECRET_KEY: TEST_SECRET_KEY,
      SMTP_URL: smtp.url,
      CLOCK_MS: String(app.clock.now()),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let childOut = '';
  child.stdout.on('data', (chunk: Buffer) => (childOut += chunk.toString()));
  const exited = once(child, 'exit');
  await smtp.waitForStall();
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, string | null];
  expect(signal).toBe('SIGKILL');
  expect(childOut).not.toContain('drained');
  expect(smtp.received).toHaveLength(1);

  // Restart: the e-mail the dead process held waits for its claim to lapse, the rest go at once.
  smtp.mode = { kind: 'accept' };
  await app.worker.drain();
  expect(smtp.received).toHaveLength(3);
  app.clock.advance(LEASE_MS + 1);
  await app.worker.drain();

  const ids = smtp.received.map((r) => r.mail.messageId).sort();
  expect(ids).toEqual(queued.map((q) => q.message_id).sort());
  expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(queued.map((q) => q.recipient).sort());
  const states = await app.ctx.database.db.selectFrom('outbox').select('state').execute();
  expect(states.every((s) => s.state === 'sent')).toBe(true);

  // And the codes that arrived are the ones accept takes.
  for (const { to, mail } of smtp.received) {
    const who = to[0]!.split('@')[0]!;
    const link = linkIn(mail);
    expect([tech, billing]).toContain(link.taskId);
    await acceptChange(app.ctx, who, link.taskId, link.token);
  }
});
