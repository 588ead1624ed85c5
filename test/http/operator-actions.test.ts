import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createInvoice, payInvoice } from '../../src/invoices/manage-invoices.js';
import {
  ADMIN,
  BILLING,
  ENGLISH,
  NEWBIE,
  OUTSIDER,
  SERVICE,
  TECH,
  seedGuide,
} from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startSmtp, type TestSmtp } from '../mail/support/smtp.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * The operator's writes over real HTTP, with the e-mails read from a real SMTP server: an
 * address set by the operator, a service deleted, the support desk's change, the operator's
 * cancel (issue 26).
 */

const ADMIN_TOKEN = 'operator-token-0123456789';
const addr = (nichandle: string) => `${nichandle}@example.test`;
const service = `/api/${SERVICE.serviceType}/${SERVICE.serviceName}`;
const opService = `/api/admin/services/${SERVICE.serviceType}/${SERVICE.serviceName}`;

let smtp: TestSmtp;
let app: TestApp;
let http: Running;
let operator: Client;

beforeEach(async () => {
  smtp = await startSmtp();
  app = await makeTestApp({ ADMIN_TOKEN, SMTP_URL: smtp.url });
  await seedGuide(app.ctx);
  http = await startServer(app);
  operator = http.client({ bearer: ADMIN_TOKEN });
}, 60_000);
afterEach(async () => {
  await http.close();
  await app.close();
  await smtp.close();
});

/** Delivers everything due and returns what arrived during this call. */
async function deliver(): Promise<{ to: string[]; mail: ParsedMail }[]> {
  const before = smtp.received.length;
  const count = async (state: 'pending' | 'sent') =>
    Number(
      (
        await app.ctx.database.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('channel', '=', 'email')
          .where('state', '=', state)
          .executeTakeFirstOrThrow()
      ).n,
    );
  // Sends run beside the worker's loop, and the test server parses each message after taking
  // it: wait until nothing is pending and every e-mail sent has been read.
  for (let i = 0; i < 200; i++) {
    await app.worker.drain();
    if ((await count('pending')) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const sent = { n: await count('sent') };
  return (await smtp.waitForMessages(Number(sent.n))).slice(before);
}
const recipients = (batch: { to: string[] }[]) => batch.flatMap((r) => r.to).sort();

test('an address set by the operator is told to both addresses, in the account’s language', async () => {
  await deliver();
  const answer = await operator.request('PATCH', `/api/admin/accounts/${ENGLISH}`, {
    email: 'emma.new@example.test',
  });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toMatchObject({ nichandle: ENGLISH, email: 'emma.new@example.test' });
  const batch = await deliver();
  expect(recipients(batch)).toEqual(['emma.new@example.test', addr(ENGLISH)].sort());
  for (const { mail } of batch) {
    expect(mail.subject).toBe(`The e-mail address of account ${ENGLISH} was changed`);
    expect(mail.text).toContain('emma.new@example.test');
    expect(mail.text).toContain(addr(ENGLISH));
    expect(mail.html).toContain('emma.new@example.test');
  }
  // The next e-mails of the account go to the new address.
  const admin = await http.as(ADMIN);
  expect((await admin.post(`${service}/changeContact`, { contactTech: ENGLISH })).status).toBe(200);
  const next = await deliver();
  expect(recipients(next)).toContain('emma.new@example.test');
  expect(recipients(next)).not.toContain(addr(ENGLISH));

  // A French account is told in French; the same address again changes nothing and tells no one.
  await operator.request('PATCH', `/api/admin/accounts/${TECH}`, { email: 'thomas@example.test' });
  const french = await deliver();
  expect(french.map((r) => r.mail.subject)).toEqual([
    `L’adresse e-mail du compte ${TECH} a été modifiée`,
    `L’adresse e-mail du compte ${TECH} a été modifiée`,
  ]);
  await operator.request('PATCH', `/api/admin/accounts/${TECH}`, { email: 'thomas@example.test' });
  expect(await deliver()).toEqual([]);
});

describe('deleting a service', () => {
  test('aborts its open request, tells its parties, keeps its history for the operator only', async () => {
    const admin = await http.as(ADMIN);
    const tech = await http.as(TECH);
    const made = await admin.post(`${service}/changeContact`, { contactTech: NEWBIE });
    const [id] = made.body as number[];
    await deliver();
    const historyBefore = (await operator.get(`${opService}/contactHistory`)).body as unknown[];

    const answer = await operator.request('DELETE', opService);
    expect(answer.status, answer.text).toBe(204);

    // The request's parties (asker, old and new contact) are told; the billing contact is not.
    const batch = await deliver();
    expect(recipients(batch)).toEqual([addr(ADMIN), addr(NEWBIE), addr(TECH)].sort());
    expect(batch[0]!.mail.subject).toMatch(/annulée|aborted|cancel/i);
    // Said in each recipient's language; the API and the webhooks keep the English sentence.
    for (const sent of batch) {
      expect(sent.mail.text).toMatch(
        /Le service a été supprimé par le fournisseur|The provider deleted the service/,
      );
      expect(sent.mail.text).not.toContain('service deleted by the provider');
    }

    const task = await admin.get(`/api/me/task/contactChange/${id}`);
    expect(task.body).toMatchObject({ state: 'aborted' });

    // Nothing to the former contacts: no service, no history, not in their listings.
    for (const client of [admin, tech]) {
      expect((await client.get(`${service}/serviceInfos`)).status).toBe(404);
      expect((await client.get(`${service}/contactHistory`)).status).toBe(404);
      expect(
        (await client.post(`${service}/changeContact`, { contactTech: OUTSIDER })).status,
      ).toBe(404);
      const listed = (await client.get('/api/me/contacts/services')).body as { items: unknown[] };
      expect(listed.items).toEqual([]);
    }
    expect((await operator.get(opService)).status).toBe(404);

    // The operator still reads the whole history, ending with the deletion.
    const history = (await operator.get(`${opService}/contactHistory`)).body as {
      event: string;
      actor: string | null;
    }[];
    expect(history.slice(0, historyBefore.length)).toEqual(historyBefore);
    expect(history.map((e) => e.event)).toEqual(
      expect.arrayContaining(['request.cancelled', 'service.deleted']),
    );
    expect(history.find((e) => e.event === 'service.deleted')).toMatchObject({ actor: 'operator' });

    // The name is free again; its new contacts see nothing of the old service's past.
    const again = await operator.post('/api/admin/services', {
      ...SERVICE,
      contactAdmin: OUTSIDER,
    });
    expect(again.status, again.text).toBe(201);
    const outsider = await http.as(OUTSIDER);
    const theirs = (await outsider.get(`${service}/contactHistory`)).body as { event: string }[];
    expect(theirs.map((e) => e.event)).toEqual(['service.created']);
    expect((await admin.get(`${service}/serviceInfos`)).status).toBe(404);
    const all = (await operator.get(`${opService}/contactHistory`)).body as unknown[];
    expect(all.length).toBe(history.length + 1);
    expect(
      (await operator.request('DELETE', '/api/admin/services/domain/nothing.example')).status,
    ).toBe(404);
  });
});

describe("the support desk's change", () => {
  test('applied at once: done, the reason in the history, every party told', async () => {
    await deliver();
    const answer = await operator.post(`${opService}/changeContact`, {
      contactAdmin: NEWBIE,
      contactTech: NEWBIE,
      contactBilling: BILLING, // already billing: ignored (R4)
      reason: 'ticket 4711: lost access to the mailbox',
    });
    expect(answer.status, answer.text).toBe(200);
    const ids = answer.body as number[];
    expect(ids).toHaveLength(2); // admin → newbie and tech → newbie: two pairs (R6)

    const newbie = await http.as(NEWBIE);
    const infos = await newbie.get(`${service}/serviceInfos`);
    expect(infos.body).toMatchObject({
      contactAdmin: NEWBIE,
      contactTech: NEWBIE,
      contactBilling: BILLING,
    });
    for (const id of ids) {
      const task = await newbie.get(`/api/me/task/contactChange/${id}`);
      expect(task.body).toMatchObject({
        state: 'done',
        askingAccount: 'operator',
        toAccount: NEWBIE,
      });
    }
    const history = (await newbie.get(`${service}/contactHistory`)).body as {
      event: string;
      actor: string | null;
      details: Record<string, unknown>;
    }[];
    const applied = history.filter((e) => e.event === 'request.applied');
    expect(applied).toHaveLength(2);
    for (const event of applied) {
      expect(event).toMatchObject({
        actor: 'operator',
        details: { reason: 'ticket 4711: lost access to the mailbox' },
      });
    }
    const batch = await deliver();
    expect(recipients(batch)).toEqual([addr(ADMIN), addr(NEWBIE), addr(NEWBIE), addr(TECH)].sort());
    expect(batch.every((r) => r.mail.text!.includes('ticket 4711'))).toBe(true);
  });

  test('refused on unpaid invoices (R5), on a pending role (R7), for an unknown account (R4)', async () => {
    const snapshot = async () => (await operator.get(opService)).body;
    const reason = 'support';
    const invoice = await createInvoice(app.ctx, { account: BILLING, amount: '9.90' });
    const before = await snapshot();
    const unpaid = await operator.post(`${opService}/changeContact`, {
      contactBilling: NEWBIE,
      reason,
    });
    expect(unpaid.status, unpaid.text).toBe(403);
    expect(unpaid.body).toMatchObject({ errorCode: 'UNPAID_INVOICES' });
    await payInvoice(app.ctx, invoice.id);

    const admin = await http.as(ADMIN);
    const open = await admin.post(`${service}/changeContact`, { contactTech: OUTSIDER });
    const pending = await operator.post(`${opService}/changeContact`, {
      contactTech: NEWBIE,
      reason,
    });
    expect(pending.status, pending.text).toBe(409);
    expect(pending.body).toMatchObject({ errorCode: 'CHANGE_PENDING' });

    const unknown = await operator.post(`${opService}/changeContact`, {
      contactAdmin: 'zz99999-ch',
      reason,
    });
    expect(unknown.body).toMatchObject({ errorCode: 'UNKNOWN_ACCOUNT' });
    const same = await operator.post(`${opService}/changeContact`, { contactAdmin: ADMIN, reason });
    expect(same.body).toMatchObject({ errorCode: 'ALREADY_CONTACT' });
    const noReason = await operator.post(`${opService}/changeContact`, { contactAdmin: NEWBIE });
    expect(noReason.body).toMatchObject({ errorCode: 'INVALID_INPUT' });
    expect(await snapshot()).toEqual({ ...(before as object), openRequests: open.body });

    // The operator's cancel ends the customer's request, and then the change goes through.
    const [id] = open.body as number[];
    await deliver();
    const cancel = await operator.post(`/api/admin/contactChanges/${id}/cancel`, {
      reason: 'superseded by ticket 4712',
    });
    expect(cancel.status, cancel.text).toBe(204);
    const told = await deliver();
    expect(recipients(told)).toEqual([addr(ADMIN), addr(OUTSIDER), addr(TECH)].sort());
    expect(told.every((r) => r.mail.text!.includes('superseded by ticket 4712'))).toBe(true);
    expect((await admin.get(`/api/me/task/contactChange/${id}`)).body).toMatchObject({
      state: 'aborted',
    });
    const again = await operator.post(`/api/admin/contactChanges/${id}/cancel`, {});
    expect(again.body).toMatchObject({ errorCode: 'TASK_NOT_PENDING' });
    expect((await operator.post('/api/admin/contactChanges/999999/cancel', {})).status).toBe(404);
    const ok = await operator.post(`${opService}/changeContact`, { contactTech: NEWBIE, reason });
    expect(ok.status, ok.text).toBe(200);
  });
});
