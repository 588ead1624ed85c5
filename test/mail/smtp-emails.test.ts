import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cancelChange } from '../../src/contact-changes/cancel-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange, refuseChange } from '../../src/contact-changes/decide-change.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { resendEmail } from '../../src/contact-changes/resend-email.js';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import { ADMIN, BILLING, ENGLISH, NEWBIE, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';

const PUBLIC_URL = 'https://panel.example.test';
const MAIL_FROM = 'Contacts <contacts@example.test>';
const addr = (nichandle: string) => `${nichandle}@example.test`;

let smtp: TestSmtp;
let app: TestApp;
beforeEach(async () => {
  smtp = await startSmtp();
  app = await makeTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_URL,
    MAIL_FROM,
    REQUEST_TTL_SECONDS: '86400',
  });
  await seedGuide(app.ctx);
});
afterEach(async () => {
  await app.close();
  await smtp.close();
});

const change = (caller: string, body: object) =>
  changeContact(app.ctx, caller, SERVICE.serviceType, SERVICE.serviceName, body);

/** Delivers everything due and returns what arrived during this call. */
async function deliver(): Promise<{ to: string[]; mail: ParsedMail }[]> {
  const before = smtp.received.length;
  await app.worker.drain();
  return smtp.received.slice(before);
}

function recipientsOf(batch: { to: string[] }[]): string[] {
  return batch.flatMap((r) => r.to).sort();
}

function only(batch: { to: string[]; mail: ParsedMail }[], nichandle: string): ParsedMail {
  const mails = batch.filter((r) => r.to.includes(addr(nichandle)));
  expect(mails).toHaveLength(1);
  return mails[0]!.mail;
}

describe('request made', () => {
  test('each validator gets, in its language, the details, its own code and the link that accepts', async () => {
    const [id] = await change(ADMIN, { contactTech: ENGLISH });
    const batch = await deliver();
    expect(recipientsOf(batch)).toEqual([addr(ADMIN), addr(ENGLISH)]);

    const french = only(batch, ADMIN);
    expect(french.subject).toContain('example.com');
    expect(french.subject).toContain('validation');
    expect(french.from?.value[0]).toMatchObject({
      name: 'Contacts',
      address: 'contacts@example.test',
    });
    expect(french.text).toContain('Bonjour Alice Admin');
    expect(french.text).toContain('contact technique');
    expect(french.text).toContain(`${TECH}`);
    expect(french.text).toContain(`${ENGLISH}`);
    expect(french.text).toMatch(/Valable jusqu’au :\s+25 novembre 2026 à 09:00 UTC/);
    expect(french.html).toContain('contact technique');

    const english = only(batch, ENGLISH);
    expect(english.subject).toBe(
      `Contact change for example.com: your validation is needed (request #${id})`,
    );
    expect(english.text).toContain('Hello Emma English');
    expect(english.text).toContain('technical contact');
    expect(english.text).toContain(`${ADMIN} asked for ${ENGLISH} to replace ${TECH}`);
    expect(english.text).toContain('25 November 2026 at 09:00 UTC');

    const adminLink = linkIn(french);
    const englishLink = linkIn(english);
    for (const link of [adminLink, englishLink]) {
      expect(link.url.origin).toBe(PUBLIC_URL);
      expect(link.url.pathname).toBe('/contacts/requests');
      expect(link.taskId).toBe(id);
      expect(link.token).toBeTruthy();
    }
    expect(adminLink.token).not.toBe(englishLink.token);
    // The code is written out too, and the HTML part carries the same link.
    expect(french.text).toContain(`Votre code de validation : ${adminLink.token}`);
    expect(french.html).toContain(adminLink.url.href.replace(/&/g, '&amp;'));

    await acceptChange(app.ctx, ADMIN, adminLink.taskId, adminLink.token);
    await acceptChange(app.ctx, ENGLISH, englishLink.taskId, englishLink.token);
    const done = await deliver();
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('done');

    // R12: each validator and the old contact learn that it is done, each in its language.
    expect(recipientsOf(done)).toEqual([addr(ADMIN), addr(ENGLISH), addr(TECH)].sort());
    expect(only(done, TECH).subject).toBe(
      `Changement de contact effectué pour example.com (demande n° ${id})`,
    );
    expect(only(done, TECH).text).toContain(`${ENGLISH} est désormais contact technique`);
    expect(only(done, ENGLISH).subject).toBe(
      `Contact change done for example.com (request #${id})`,
    );
    expect(linkIn(only(done, TECH)).token).toBeNull();
  });

  test('a message keeps the Message-ID of its outbox row, and the row forgets the token once sent', async () => {
    const [id] = await change(ADMIN, { contactTech: NEWBIE });
    const batch = await deliver();
    const rows = await app.ctx.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('request_id', '=', id!)
      .where('channel', '=', 'email')
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.state).toBe('sent');
      expect(row.sealed_secret).toBeNull();
      const arrived = batch.find((r) => r.to.includes(row.recipient));
      expect(arrived?.mail.messageId).toBe(row.message_id);
    }
    const audit = await app.ctx.database.db
      .selectFrom('audit_events')
      .select('data')
      .where('event', '=', 'email.sent')
      .where('request_id', '=', id!)
      .execute();
    expect(audit.map((a) => (JSON.parse(a.data) as { to: string }).to).sort()).toEqual(
      [ADMIN, NEWBIE].sort(),
    );
  });
});

test('resend: the validator gets a new code, the old one stops working', async () => {
  const [id] = await change(ADMIN, { contactTech: NEWBIE });
  const first = linkIn(only(await deliver(), NEWBIE));
  app.clock.advance(61_000);
  await resendEmail(app.ctx, NEWBIE, id);
  const batch = await deliver();
  expect(recipientsOf(batch)).toEqual([addr(NEWBIE)]);
  const mail = only(batch, NEWBIE);
  expect(mail.subject).toBe(`Nouveau code de validation pour la demande n° ${id} (example.com)`);
  const second = linkIn(mail);
  expect(second.token).not.toBe(first.token);
  await expect(acceptChange(app.ctx, NEWBIE, id, first.token)).rejects.toMatchObject({
    code: 'INVALID_TOKEN',
  });
  await acceptChange(app.ctx, NEWBIE, second.taskId, second.token);
  expect((await getChange(app.ctx, NEWBIE, id)).validations).toContainEqual(
    expect.objectContaining({ account: NEWBIE, status: 'accepted' }),
  );
});

test('a code replaced by a resend before its e-mail left is not sent: only the new one arrives', async () => {
  const [id] = await change(ADMIN, { contactTech: NEWBIE });
  app.clock.advance(61_000);
  await resendEmail(app.ctx, NEWBIE, id);
  const batch = await deliver();
  expect(recipientsOf(batch)).toEqual([addr(ADMIN), addr(NEWBIE)]);
  const mail = only(batch, NEWBIE);
  expect(mail.subject).toContain('Nouveau code de validation');
  await acceptChange(app.ctx, NEWBIE, id, linkIn(mail).token);
  const cancelled = await app.ctx.database.db
    .selectFrom('outbox')
    .selectAll()
    .where('state', '=', 'cancelled')
    .execute();
  expect(cancelled).toHaveLength(1);
  expect(cancelled[0]).toMatchObject({
    account: NEWBIE,
    template: 'request-created',
    sealed_secret: null,
  });
});

test('refused: every party is told who refused', async () => {
  const [id] = await change(ADMIN, { contactTech: ENGLISH });
  const link = linkIn(only(await deliver(), ENGLISH));
  await refuseChange(app.ctx, ENGLISH, id, link.token);
  const batch = await deliver();
  expect(recipientsOf(batch)).toEqual([addr(ADMIN), addr(ENGLISH), addr(TECH)].sort());
  expect(only(batch, TECH).subject).toBe(
    `Demande de changement de contact refusée pour example.com (n° ${id})`,
  );
  expect(only(batch, TECH).text).toContain(`${ENGLISH} a refusé la demande n° ${id}`);
  expect(only(batch, ENGLISH).text).toContain(`${ENGLISH} refused request #${id}`);
});

test('cancelled: every party is told', async () => {
  const [id] = await change(ADMIN, { contactTech: NEWBIE });
  await deliver();
  await cancelChange(app.ctx, ADMIN, id);
  const batch = await deliver();
  expect(recipientsOf(batch)).toEqual([addr(ADMIN), addr(NEWBIE), addr(TECH)].sort());
  expect(only(batch, NEWBIE).subject).toBe(
    `Demande de changement de contact annulée pour example.com (n° ${id})`,
  );
  expect(only(batch, NEWBIE).text).toContain(`${ADMIN} a annulé la demande`);
});

test('expired: every party is told', async () => {
  const [id] = await change(ADMIN, { contactTech: ENGLISH });
  await deliver();
  app.clock.advance(86_401_000);
  const batch = await deliver();
  expect((await getChange(app.ctx, ADMIN, id)).state).toBe('expired');
  expect(recipientsOf(batch)).toEqual([addr(ADMIN), addr(ENGLISH), addr(TECH)].sort());
  expect(only(batch, ENGLISH).subject).toBe(
    `Contact change request expired for example.com (#${id})`,
  );
  expect(only(batch, ADMIN).subject).toContain('expirée');
});

test('failed when applied: every party is told why, nothing changed', async () => {
  const [id] = await change(ADMIN, { contactBilling: NEWBIE });
  const batch = await deliver();
  for (const who of [ADMIN, NEWBIE]) {
    const link = linkIn(only(batch, who));
    await acceptChange(app.ctx, who, link.taskId, link.token);
  }
  // Between the last accept and the worker, the new billing contact falls into debt (R13).
  await createInvoice(app.ctx, { account: NEWBIE, amount: '12.50' });
  const failed = await deliver();
  expect((await getChange(app.ctx, ADMIN, id)).state).toBe('error');
  expect(recipientsOf(failed)).toEqual([addr(ADMIN), addr(BILLING), addr(NEWBIE)].sort());
  const mail = only(failed, BILLING);
  expect(mail.subject).toBe(
    `Le changement de contact n’a pas pu être effectué pour example.com (demande n° ${id})`,
  );
  expect(mail.text).toContain('Raison');
  expect(mail.text).toContain(NEWBIE);
});
