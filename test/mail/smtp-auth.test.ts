import { afterEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { listOutbox } from '../../src/outbox/manage-outbox.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startSmtp, type TestSmtp } from './support/smtp.js';

let app: TestApp | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await app?.close();
  await smtp?.close();
  app = undefined;
});

async function requestWith(smtpUrl: string): Promise<TestApp> {
  app = await makeTestApp({ SMTP_URL: smtpUrl });
  await seedGuide(app.ctx);
  await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await app.worker.drain();
  return app;
}

test('the credentials of SMTP_URL log in to the relay', async () => {
  smtp = await startSmtp(0, { user: 'mailer', pass: 's3cret-pass' });
  await requestWith(`smtp://mailer:s3cret-pass@127.0.0.1:${smtp.port}`);
  expect(smtp.received).toHaveLength(2);
});

test('a refused login is retried and shown to operators without the password', async () => {
  smtp = await startSmtp(0, { user: 'mailer', pass: 's3cret-pass' });
  const a = await requestWith(`smtp://mailer:wrong-pass@127.0.0.1:${smtp.port}`);
  expect(smtp.received).toHaveLength(0);
  const entries = await listOutbox(a.ctx);
  expect(entries).toHaveLength(2);
  for (const entry of entries) {
    expect(entry.lastError).toContain('535');
    expect(entry.lastError).not.toContain('wrong-pass');
  }
});
