import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyNextChange } from '../../src/contact-changes/apply-change.js';
import { cancelChange } from '../../src/contact-changes/cancel-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { changeContactsInBulk } from '../../src/contact-changes/change-contacts-in-bulk.js';
import type { AppContext } from '../../src/platform/context.js';
import { startSmtp, type TestSmtp } from '../mail/support/smtp.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { AGENCY, DEBTOR, NEWCOMER, STRANGER, seedBulk } from './bulk-support.js';
import { startServer, type Client, type Running } from './http-support.js';

/**
 * R22 over real HTTP on a real SMTP server: one call for many services, one e-mail and one code
 * per validator, the whole batch accepted at once, and every other rule per request.
 */

interface BulkAnswer {
  batchId: number | null;
  requests: { serviceType: string; serviceName: string; ids: number[] }[];
  errors: { serviceType: string; serviceName: string; errorCode: string; message: string }[];
}

let app: TestApp;
let smtp: TestSmtp;
let http: Running;
beforeEach(async () => {
  smtp = await startSmtp();
  app = await makeTestApp({ SMTP_URL: smtp.url });
  http = await startServer(app);
});
afterEach(async () => {
  await http.close();
  await app.close();
  await smtp.close();
});

const batchMails = (to: string): ParsedMail[] =>
  smtp.received
    .filter((r) => r.to.includes(`${to}@example.test`))
    .map((r) => r.mail)
    .filter((m) => (m.headers.get('x-contacthub-template') as string).startsWith('batch-'));

/** The batch link of an e-mail: its batchId and the code it carries. */
function batchLinkIn(mail: ParsedMail): { batchId: number; token: string } {
  const match = /https?:\/\/\S+\/contacts\/requests\?batchId=\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no batch link in "${mail.subject}"`);
  const url = new URL(match[0]);
  return {
    batchId: Number(url.searchParams.get('batchId')),
    token: url.searchParams.get('token')!,
  };
}

/** The code of a validator's newest e-mail for a batch, opened from the outbox as the dispatcher would. */
async function batchCode(ctx: AppContext, batchId: number, account: string): Promise<string> {
  const rows = await ctx.database.db
    .selectFrom('outbox')
    .select(['payload', 'sealed_secret'])
    .where('account', '=', account)
    .where('template', 'in', ['batch-created', 'batch-resent'])
    .orderBy('id', 'desc')
    .execute();
  const row = rows.find((r) => (JSON.parse(r.payload) as { batchId: number }).batchId === batchId);
  if (!row?.sealed_secret) throw new Error(`no code for ${account} in batch ${batchId}`);
  return ctx.box.open(row.sealed_secret);
}

async function applyAll(): Promise<void> {
  while (await applyNextChange(app.ctx));
}

const service = (serviceName: string) => ({ serviceType: 'domain', serviceName });

test('1,000 services, 10 failing a rule: 990 requests, one e-mail and one accept per validator, applied once', async () => {
  const strangers = ['a', 'b', 'c', 'd'].map((x) => `stranger-${x}.test`);
  const debts = ['a', 'b', 'c'].map((x) => `debt-${x}.test`);
  const { names } = await seedBulk(app.ctx, 993, [
    ...strangers.map((n) => `domain,${n},${STRANGER},${STRANGER},${STRANGER}`),
    ...debts.map((n) => `domain,${n},${AGENCY},${AGENCY},${DEBTOR}`),
  ]);
  const agency = await http.as(AGENCY);
  const newcomer = await http.as(NEWCOMER);
  // Three services already have an open request on their technical contact (R7).
  const pending = names.slice(0, 3);
  for (const name of pending) {
    const made = await agency.post(`/api/domain/${name}/changeContact`, { contactTech: STRANGER });
    expect(made.status).toBe(200);
  }

  const all = [...names, ...strangers, ...debts].map(service);
  expect(all).toHaveLength(1000);
  const answer = await agency.post('/api/me/contacts/changeContact', {
    services: all,
    contactTech: NEWCOMER,
    contactBilling: NEWCOMER,
  });
  expect(answer.status).toBe(200);
  const made = answer.body as BulkAnswer;
  expect(made.batchId).toEqual(expect.any(Number));
  expect(made.requests).toHaveLength(990);
  expect(made.requests.every((r) => r.ids.length === 1)).toBe(true);
  const byCode = (code: string) =>
    made.errors
      .filter((e) => e.errorCode === code)
      .map((e) => e.serviceName)
      .sort();
  expect(made.errors).toHaveLength(10);
  expect(byCode('NOT_FOUND')).toEqual(strangers);
  expect(byCode('UNPAID_INVOICES')).toEqual(debts);
  expect(byCode('CHANGE_PENDING')).toEqual(pending);

  const batch = await agency.get(`/api/me/task/contactChange/batch/${made.batchId}`);
  expect(batch.status).toBe(200);
  const ids = made.requests.flatMap((r) => r.ids).sort((a, b) => a - b);
  expect((batch.body as { ids: number[] }).ids.sort((a, b) => a - b)).toEqual(ids);
  expect(
    (await (await http.as(STRANGER)).get(`/api/me/task/contactChange/batch/${made.batchId}`))
      .status,
  ).toBe(404);

  // One e-mail per validator for the whole batch, each in its language, listing every request.
  await app.worker.drain();
  const [toAgency, toNewcomer] = [batchMails(AGENCY), batchMails(NEWCOMER)];
  expect(toAgency).toHaveLength(1);
  expect(toNewcomer).toHaveLength(1);
  expect(toAgency[0]!.subject).toContain('990 services');
  expect(toNewcomer[0]!.subject).toContain('Contact change on 990 services');
  for (const name of [names[3]!, names[992]!]) {
    expect(toAgency[0]!.text).toContain(name);
    expect(toNewcomer[0]!.html).toContain(name);
  }
  const codes = [batchLinkIn(toAgency[0]!), batchLinkIn(toNewcomer[0]!)];
  expect(codes.map((c) => c.batchId)).toEqual([made.batchId, made.batchId]);
  expect(codes[0]!.token).not.toBe(codes[1]!.token);

  // Both validators accept the whole batch at once, racing on two connections.
  const [a, b] = await Promise.all([
    agency.post(`/api/me/task/contactChange/batch/${made.batchId}/accept`, {
      token: codes[0]!.token,
    }),
    newcomer.post(`/api/me/task/contactChange/batch/${made.batchId}/accept`, {
      token: codes[1]!.token,
    }),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect((a.body as { accepted: number[] }).accepted).toEqual(ids);
  expect((b.body as { accepted: number[] }).accepted).toEqual(ids);
  await applyAll();

  const db = app.ctx.database.db;
  const states = await db
    .selectFrom('contact_changes')
    .select(['state'])
    .where('batch_id', '=', made.batchId)
    .execute();
  expect(states.filter((s) => s.state === 'done')).toHaveLength(990);
  const applied = await db
    .selectFrom('audit_events')
    .select('request_id')
    .where('event', '=', 'request.applied')
    .execute();
  expect(applied).toHaveLength(990);
  expect(new Set(applied.map((e) => e.request_id)).size).toBe(990);
  const changed = await db
    .selectFrom('services')
    .select('service_name')
    .where('contact_tech', '=', NEWCOMER)
    .where('contact_billing', '=', NEWCOMER)
    .execute();
  expect(changed).toHaveLength(990);
  // The audit log has the batch id on each request's events.
  const created = await db
    .selectFrom('audit_events')
    .select('data')
    .where('event', '=', 'request.created')
    .where('request_id', '=', ids[0]!)
    .executeTakeFirstOrThrow();
  expect(JSON.parse(created.data)).toMatchObject({ batchId: made.batchId });
}, 240_000);

describe('every other rule holds per request', () => {
  let agency: Client;
  let newcomer: Client;
  let names: string[];
  beforeEach(async () => {
    ({ names } = await seedBulk(app.ctx, 8));
    agency = await http.as(AGENCY);
    newcomer = await http.as(NEWCOMER);
  });

  async function makeBatch(serviceNames: string[]): Promise<{ batchId: number; ids: number[] }> {
    const answer = await agency.post('/api/me/contacts/changeContact', {
      services: serviceNames.map(service),
      contactTech: NEWCOMER,
    });
    expect(answer.status).toBe(200);
    const made = answer.body as BulkAnswer;
    expect(made.errors).toEqual([]);
    return { batchId: made.batchId!, ids: made.requests.flatMap((r) => r.ids) };
  }

  test('refusing one request of the batch leaves the others to proceed', async () => {
    const { batchId, ids } = await makeBatch(names.slice(0, 4));
    const agencyCode = await batchCode(app.ctx, batchId, AGENCY);
    const newcomerCode = await batchCode(app.ctx, batchId, NEWCOMER);
    // The batch code works on the single-request route, for one request of its batch.
    const refused = await newcomer.post(`/api/me/task/contactChange/${ids[0]}/refuse`, {
      token: newcomerCode,
    });
    expect(refused.status).toBe(204);
    const first = await agency.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
      token: agencyCode,
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      accepted: ids.slice(1),
      skipped: [{ id: ids[0], errorCode: 'TASK_NOT_PENDING' }],
    });
    const second = await newcomer.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
      token: newcomerCode,
    });
    expect((second.body as { accepted: number[] }).accepted).toEqual(ids.slice(1));
    await applyAll();
    const tasks = await Promise.all(
      ids.map(async (id) => (await agency.get(`/api/me/task/contactChange/${id}`)).body),
    );
    expect(tasks.map((t) => (t as { state: string }).state)).toEqual([
      'refused',
      'done',
      'done',
      'done',
    ]);
    const first0 = await agency.get(`/api/domain/${names[0]}/serviceInfos`);
    expect((first0.body as { contactTech: string }).contactTech).toBe(AGENCY);
    const first1 = await agency.get(`/api/domain/${names[1]}/serviceInfos`);
    expect((first1.body as { contactTech: string }).contactTech).toBe(NEWCOMER);
  });

  test("a batch code acts on neither another batch nor another validator's requests", async () => {
    const a = await makeBatch(names.slice(0, 2));
    const b = await makeBatch(names.slice(2, 4));
    const agencyA = await batchCode(app.ctx, a.batchId, AGENCY);
    const newcomerA = await batchCode(app.ctx, a.batchId, NEWCOMER);
    const tries = [
      agency.post(`/api/me/task/contactChange/batch/${b.batchId}/accept`, { token: agencyA }),
      agency.post(`/api/me/task/contactChange/${b.ids[0]}/accept`, { token: agencyA }),
      agency.post(`/api/me/task/contactChange/batch/${a.batchId}/accept`, { token: newcomerA }),
      newcomer.post(`/api/me/task/contactChange/batch/${b.batchId}/refuse`, { token: newcomerA }),
    ];
    for (const answer of await Promise.all(tries)) {
      expect(answer.status).toBe(403);
      expect((answer.body as { errorCode: string }).errorCode).toBe('INVALID_TOKEN');
    }
    const stranger = await http.as(STRANGER);
    const hidden = await stranger.post(`/api/me/task/contactChange/batch/${a.batchId}/accept`, {
      token: agencyA,
    });
    expect(hidden.status).toBe(404);
    const open = await app.ctx.database.db
      .selectFrom('validations')
      .select('status')
      .where('status', '<>', 'pending')
      .execute();
    expect(open).toEqual([]);
  });

  test('R10 and R14 per validator and batch: locked after 5 wrong codes, a resend unlocks', async () => {
    const { batchId, ids } = await makeBatch(names.slice(0, 3));
    await app.worker.drain();
    const code = batchLinkIn(batchMails(AGENCY)[0]!).token;
    for (let i = 0; i < 3; i++) {
      const wrong = await agency.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
        token: 'not-the-code',
      });
      expect(wrong.status).toBe(403);
    }
    for (const id of ids.slice(0, 2)) {
      const wrong = await agency.post(`/api/me/task/contactChange/${id}/accept`, {
        token: 'not-the-code',
      });
      expect(wrong.status).toBe(403);
    }
    const locked = await agency.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
      token: code,
    });
    expect(locked.status).toBe(429);
    const lockedOne = await agency.post(`/api/me/task/contactChange/${ids[2]}/accept`, {
      token: code,
    });
    expect(lockedOne.status).toBe(429);

    app.clock.advance(61_000);
    const resent = await agency.post(`/api/me/task/contactChange/${ids[1]}/resendEmail`);
    expect(resent.status).toBe(204);
    await app.worker.drain();
    const mails = batchMails(AGENCY);
    expect(mails.map((m) => m.headers.get('x-contacthub-template'))).toEqual([
      'batch-created',
      'batch-resent',
    ]);
    const fresh = batchLinkIn(mails[1]!).token;
    expect(fresh).not.toBe(code);
    const old = await agency.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
      token: code,
    });
    expect(old.status).toBe(403);
    const accepted = await agency.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
      token: fresh,
    });
    expect(accepted.status).toBe(200);
    expect((accepted.body as { accepted: number[] }).accepted).toEqual(ids);
  });

  test('bad input: 400 INVALID_INPUT and nothing made', async () => {
    const bodies: unknown[] = [
      { services: [], contactTech: NEWCOMER },
      { services: Array.from({ length: 1001 }, () => service(names[0]!)), contactTech: NEWCOMER },
      { services: [{ serviceType: 'domain' }], contactTech: NEWCOMER },
      { services: [service(names[0]!)], contactTech: ['x'] },
      { services: service(names[0]!), contactTech: NEWCOMER },
    ];
    for (const body of bodies) {
      const answer = await agency.post('/api/me/contacts/changeContact', body);
      expect(answer.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect((answer.body as { errorCode: string }).errorCode).toBe('INVALID_INPUT');
    }
    const made = await app.ctx.database.db.selectFrom('contact_changes').select('id').execute();
    expect(made).toEqual([]);
  });
});

/** The rows of the requests table of a page: the row's header and the row's text, as read. */
function rowsOf(html: string): { header: string; text: string; html: string }[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  const read = (part: string) =>
    part
      .replace(/<wbr\s*\/?>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/[\s\u00a0\u202f]+/g, ' ')
      .replace(/ ([,…])/g, '$1')
      .trim();
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    header: read(/<th scope="row">([\s\S]*?)<\/th>/.exec(m[1]!)?.[1] ?? ''),
    text: read(m[1]!),
    html: m[1]!,
  }));
}

/** The "next page" link of a page, as a path, or null on the last page. */
function nextPageOf(html: string): string | null {
  const match = /<a rel="next" href="([^"]+)"/.exec(html);
  return match ? match[1]!.replace(/&amp;/g, '&') : null;
}

describe('Mes demandes: a batch is one line (R22)', () => {
  let names: string[];
  let batchId: number;
  let batchIds: number[];
  let singles: number[];
  beforeEach(async () => {
    // Two services whose technical contact is another account: two requests each (R6).
    const mixed = ['mixed-a.test', 'mixed-b.test'].map(
      (n) => `domain,${n},${AGENCY},${STRANGER},${AGENCY}`,
    );
    ({ names } = await seedBulk(app.ctx, 60, mixed, { passwords: true }));
    const ctx = app.ctx;
    // Ids 1–40: one request alone per service; 41–60: a batch; 61–100: one alone per service
    // again. Paged by ids, the batch would be cut in two by a page of 50.
    singles = [];
    for (const name of names.slice(0, 40))
      singles.push(
        ...(await changeContact(ctx, AGENCY, 'domain', name, { contactTech: NEWCOMER })),
      );
    const made = await changeContactsInBulk(ctx, AGENCY, {
      services: names.slice(40).map(service),
      contactTech: NEWCOMER,
    });
    batchId = made.batchId!;
    batchIds = made.requests.flatMap((r) => r.ids);
    for (const name of names.slice(0, 40)) {
      singles.push(
        ...(await changeContact(ctx, AGENCY, 'domain', name, { contactBilling: NEWCOMER })),
      );
    }
    expect(singles).toHaveLength(80);
    expect(batchIds).toHaveLength(20);
  });

  test('one line per batch, and the next page continues below it without repeating or skipping', async () => {
    const agency = await http.login(AGENCY);
    const first = await agency.get('/contacts/requests');
    expect(first.status).toBe(200);
    const page1 = rowsOf(first.text);
    expect(page1).toHaveLength(50);
    // 40 requests made alone, newest first, then the batch, then the first requests made alone.
    const batchRows = page1.filter((r) => r.header.startsWith('Lot '));
    expect(batchRows).toHaveLength(1);
    expect(page1[40]).toBe(batchRows[0]);
    const row = batchRows[0]!;
    expect(row.header).toMatch(new RegExp(`^Lot ${batchId} · 20 demandes \\d`));
    expect(row.text).toContain(NEWCOMER);
    expect(row.text).toContain('technique');
    expect(row.text).toContain(
      `20 services ${names[40]} (Nom de domaine), ${names[41]} (Nom de domaine)…`,
    );
    expect(row.text).toContain('En attente de validation : 20');
    expect(row.text).toContain('Demandes qui attendent votre réponse : 20');
    expect(row.html).toContain(`href="/contacts/requests?batchId=${batchId}"`);
    expect(row.html).toContain(`aria-label="Ouvrir le lot n°\u00a0${batchId}"`);
    expect(page1.slice(0, 40).map((r) => Number(r.header.split(' ')[0]))).toEqual(
      singles.slice(40).reverse(),
    );

    const next = nextPageOf(first.text);
    expect(next).not.toBeNull();
    const second = await agency.get(next!);
    const page2 = rowsOf(second.text);
    expect(nextPageOf(second.text)).toBeNull();
    const shown = [...page1, ...page2]
      .filter((r) => !r.header.startsWith('Lot '))
      .map((r) => Number(r.header.split(' ')[0]));
    // Every request made alone once, none of the batch's on a line of its own.
    expect(shown).toEqual([...singles].sort((a, b) => b - a));
    expect(page2.some((r) => r.header.startsWith('Lot '))).toBe(false);

    // The new contact reads English: the same line in its words.
    const newcomer = await http.login(NEWCOMER);
    const english = rowsOf((await newcomer.get('/contacts/requests')).text);
    const line = english.find((r) => r.header.startsWith('Batch '))!;
    expect(line.header).toMatch(new RegExp(`^Batch ${batchId} · 20 requests`));
    expect(line.text).toContain('Awaiting validation: 20');
    expect(line.html).toContain(`aria-label="Open batch ${batchId}"`);

    // The JSON API still lists every request, one id each.
    const ids = await agency.get('/api/me/task/contactChange');
    expect(ids.body).toHaveLength(100);
  }, 60_000);

  test('a batch of services with two requests each names each service once', async () => {
    const made = await changeContactsInBulk(app.ctx, AGENCY, {
      services: ['mixed-a.test', 'mixed-b.test'].map(service),
      contactTech: NEWCOMER,
      contactBilling: NEWCOMER,
    });
    expect(made.requests.flatMap((r) => r.ids)).toHaveLength(4);
    const newcomer = await http.login(NEWCOMER);
    const [line] = rowsOf((await newcomer.get('/contacts/requests')).text);
    expect(line!.header).toMatch(new RegExp(`^Batch ${made.batchId} · 4 requests`));
    expect(line!.text).toContain(
      `${STRANGER}, ${AGENCY} ${NEWCOMER} technical, billing ` +
        `2 services mixed-a.test (Domain name), mixed-b.test (Domain name) Awaiting validation: 4`,
    );
  });

  test('the state filter: a batch line shows when any of its requests matches', async () => {
    await cancelChange(app.ctx, AGENCY, batchIds[3]!);
    await cancelChange(app.ctx, AGENCY, singles[5]!);
    const agency = await http.login(AGENCY);
    const aborted = rowsOf((await agency.get('/contacts/requests?state=aborted')).text);
    expect(aborted.map((r) => r.header.split(' ').slice(0, 2).join(' '))).toEqual([
      `Lot ${batchId}`,
      `${singles[5]} ${aborted[1]!.header.split(' ')[1]}`,
    ]);
    // The line tells the whole batch: the cancelled one and those still waiting.
    expect(aborted[0]!.text).toContain('En attente de validation : 19');
    expect(aborted[0]!.text).toContain('Annulée : 1');

    const done = await agency.get('/contacts/requests?state=done');
    expect(rowsOf(done.text).map((r) => r.text)).toEqual(['Aucune demande.']);
    const waiting = await agency.get('/contacts/requests?state=validatingByCustomers');
    const lines = rowsOf(waiting.text);
    expect(lines).toHaveLength(50);
    expect(lines.filter((r) => r.header.startsWith(`Lot ${batchId} `))).toHaveLength(1);
    // The next page keeps the filter.
    expect(nextPageOf(waiting.text)).toMatch(
      /^\/contacts\/requests\?before=\d+&state=validatingByCustomers$/,
    );
  }, 60_000);
});

test('the running worker applies a batch of 150 once it is accepted, without waiting for its next look', async () => {
  // Its next look is a minute away: what gets applied is what the accept's wake-up applies. The
  // worker takes 100 items of a job in a row; one request an item left 50 for the next look.
  const mine = await makeTestApp({ WORKER_INTERVAL_MS: '60000' });
  const served = await startServer(mine);
  try {
    const { names } = await seedBulk(mine.ctx, 150);
    const agency = await served.as(AGENCY);
    const newcomer = await served.as(NEWCOMER);
    const answer = await agency.post('/api/me/contacts/changeContact', {
      services: names.map(service),
      contactTech: NEWCOMER,
    });
    const { batchId } = answer.body as BulkAnswer;
    const codes = [await batchCode(mine.ctx, batchId!, AGENCY)];
    codes.push(await batchCode(mine.ctx, batchId!, NEWCOMER));
    mine.worker.start();
    for (const [client, token] of [
      [agency, codes[0]],
      [newcomer, codes[1]],
    ] as const) {
      const accepted = await client.post(`/api/me/task/contactChange/batch/${batchId}/accept`, {
        token,
      });
      expect(accepted.status).toBe(200);
    }
    const done = async () =>
      (
        await mine.ctx.database.db
          .selectFrom('services')
          .select('service_name')
          .where('contact_tech', '=', NEWCOMER)
          .execute()
      ).length;
    const started = Date.now();
    while ((await done()) < 150 && Date.now() - started < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await done()).toBe(150);
  } finally {
    await served.close();
    await mine.close();
  }
});
