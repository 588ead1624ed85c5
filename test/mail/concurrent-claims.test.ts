import { afterEach, expect, test } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { loadConfig } from '../../src/platform/config.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, NEWBIE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app.js';
import { startSmtp, type TestSmtp } from './support/smtp.js';

let first: TestApp | undefined;
let second: App | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await second?.close();
  await first?.close();
  await smtp?.close();
});

// Two dispatchers on one database: SKIP LOCKED claims on PostgreSQL, conditional updates on
// SQLite. Several processes are covered by the crash test and by test/multiprocess.
test('two dispatchers on one database send each e-mail once', async () => {
  smtp = await startSmtp();
  first = await makeTestApp({ SMTP_URL: smtp.url });
  second = await openApp(
    loadConfig({
      DATABASE_URL: first.config.databaseUrl,
      SECRET_KEY: TEST_SECRET_KEY,
      SMTP_URL: smtp.url,
    }),
    { clock: first.clock, poolSize: 4 },
  );
  await seedGuide(first.ctx);
  for (let i = 0; i < 12; i++) {
    const serviceName = `site${i}.example`;
    await createService(first.ctx, { serviceType: 'hosting', serviceName, contactAdmin: ADMIN });
    await changeContact(first.ctx, ADMIN, 'hosting', serviceName, { contactTech: NEWBIE });
  }
  await Promise.all([first.worker.drain(), second.worker.drain()]);

  const ids = smtp.received.map((r) => r.mail.messageId);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
  const rows = await first.ctx.database.db
    .selectFrom('outbox')
    .select(['state', 'attempts'])
    .where('channel', '=', 'email')
    .execute();
  expect(rows.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
});
