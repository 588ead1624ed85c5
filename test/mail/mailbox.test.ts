import { afterEach, expect, test } from 'vitest';
import { createAccount } from '../../src/accounts/create-account.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { buildServer } from '../../src/server/server.js';
import { listMailbox } from '../../src/mail/mailbox.js';
import { ADMIN, SERVICE, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const HOSTILE = 'Mallory <img src=x onerror=alert(1)>';

async function requestToHostile(a: TestApp): Promise<number> {
  await seedGuide(a.ctx);
  const { nichandle } = await createAccount(a.ctx, {
    nichandle: 'ma10009-ch',
    name: HOSTILE,
    email: 'mallory@example.test',
    language: 'en',
  });
  const [id] = await changeContact(a.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: nichandle,
  });
  return id!;
}

test('without SMTP_URL e-mails land in the built-in mailbox, sealed; the outbox forgets the token', async () => {
  app = await makeTestApp();
  const id = await requestToHostile(app);
  await app.worker.drain();

  const messages = await listMailbox(app.ctx);
  expect(messages.map((m) => m.to).sort()).toEqual([
    `${ADMIN}@example.test`,
    'mallory@example.test',
  ]);
  const outbox = await app.ctx.database.db.selectFrom('outbox').selectAll().execute();
  expect(outbox.filter((r) => r.channel === 'email').every((r) => r.state === 'sent')).toBe(true);
  expect(outbox.every((r) => r.sealed_secret === null)).toBe(true);

  // The token read from the message works, and the database alone does not yield it (R18).
  const token = await tokenFor(app.ctx, id, 'ma10009-ch');
  expect(await app.storedText()).not.toContain(token);
  await acceptChange(app.ctx, 'ma10009-ch', id, token);
});

test('/dev/mailbox lists messages newest first and shows one safely, its links clickable', async () => {
  app = await makeTestApp({ PUBLIC_URL: 'https://panel.example.test' });
  const id = await requestToHostile(app);
  await app.worker.drain();
  const server = await buildServer(app);
  try {
    const list = await server.inject({ method: 'GET', url: '/dev/mailbox' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    const [newest, oldest] = await listMailbox(app.ctx);
    expect(newest!.id).toBeGreaterThan(oldest!.id);
    expect(list.body.indexOf(`/dev/mailbox/${newest!.id}`)).toBeLessThan(
      list.body.indexOf(`/dev/mailbox/${oldest!.id}`),
    );
    expect(list.body).toContain('Contact change for example.com');

    const mallory = (await listMailbox(app.ctx)).find((m) => m.to === 'mallory@example.test')!;
    const page = await server.inject({ method: 'GET', url: `/dev/mailbox/${mallory.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<script');
    // The HTML part is in a frame that may open links but run nothing.
    expect(page.body).toMatch(/<iframe[^>]+sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(page.body).toContain('srcdoc="&lt;!DOCTYPE html&gt;');
    const token = await tokenFor(app.ctx, id, 'ma10009-ch');
    const link = `https://panel.example.test/contacts/requests?taskId=${id}&amp;token=${token}`;
    expect(page.body).toContain(`<a href="${link}" target="_blank" rel="noopener">`);

    for (const url of ['/dev/mailbox/999999', '/dev/mailbox/abc']) {
      expect((await server.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  } finally {
    await server.close();
  }
});

test('/dev/mailbox does not exist in production', async () => {
  app = await makeTestApp({ NODE_ENV: 'production' });
  const server = await buildServer(app);
  try {
    expect((await server.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode).toBe(404);
  } finally {
    await server.close();
  }
});
