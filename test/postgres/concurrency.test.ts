import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import type { AppContext } from '../../src/platform/context.js';
import { bumpContactsVersion } from '../../src/services/contacts-version.repository.js';
import { createService } from '../../src/services/create-service.js';
import { isDomainError } from '../../src/shared/errors.js';
import {
  ADMIN,
  BILLING,
  NEWBIE,
  OUTSIDER,
  SERVICE,
  TECH,
  seedGuide,
  tokenFor,
} from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

/*
 * Two applications on one PostgreSQL database, each with its own pool and worker: what two
 * processes are, minus the HTTP layer. Races are started together with Promise.allSettled; the
 * database (row locks, conditional updates, SKIP LOCKED, the pending_roles key) must settle them.
 */

let app: TestApp;
let other: App;

beforeEach(async () => {
  app = await makeTestApp();
  other = await openApp(app.config, { clock: app.clock, migrate: false, poolSize: 4 });
  await seedGuide(app.ctx);
});

afterEach(async () => {
  await other.close();
  await app.close();
});

const both = (i: number): AppContext => (i % 2 === 0 ? app.ctx : other.ctx);

function codes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .map((r) =>
      r.status === 'fulfilled' ? 'ok' : isDomainError(r.reason) ? r.reason.code : String(r.reason),
    )
    .sort();
}

test('eight simultaneous changes of the same role through two processes make one request', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 8 }, (_, i) =>
      changeContact(both(i), ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
        contactTech: i % 4 < 2 ? NEWBIE : OUTSIDER,
      }),
    ),
  );
  expect(codes(results)).toEqual([...Array.from({ length: 7 }, () => 'CHANGE_PENDING'), 'ok']);
  const open = await app.ctx.database.db.selectFrom('contact_changes').select('id').execute();
  expect(open).toHaveLength(1);
});

test('both validators accepting at once through two processes move the request to doing', async () => {
  const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  const adminCode = await tokenFor(app.ctx, id!, ADMIN);
  const newbieCode = await tokenFor(app.ctx, id!, NEWBIE);
  const results = await Promise.allSettled([
    acceptChange(app.ctx, ADMIN, id, adminCode),
    acceptChange(other.ctx, ADMIN, id, adminCode),
    acceptChange(other.ctx, NEWBIE, id, newbieCode),
    acceptChange(app.ctx, NEWBIE, id, newbieCode),
  ]);
  // Each validator's second call finds its answer recorded, or the request already accepted.
  const failures = codes(results).filter((c) => c !== 'ok');
  expect(codes(results).filter((c) => c === 'ok')).toHaveLength(2);
  expect(failures).toHaveLength(2);
  for (const code of failures) expect(['ALREADY_DECIDED', 'TASK_NOT_PENDING']).toContain(code);
  const change = await app.ctx.database.db
    .selectFrom('contact_changes')
    .select('state')
    .where('id', '=', id!)
    .executeTakeFirstOrThrow();
  expect(change.state).toBe('doing');
});

test('two workers draining at once apply each request once and deliver each e-mail once', async () => {
  const count = 24;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const serviceName = `site${i}.example`;
    await createService(app.ctx, {
      serviceType: 'domain',
      serviceName,
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: BILLING,
    });
    const [id] = await changeContact(app.ctx, ADMIN, 'domain', serviceName, {
      contactTech: NEWBIE,
    });
    await acceptChange(app.ctx, ADMIN, id, await tokenFor(app.ctx, id!, ADMIN));
    await acceptChange(app.ctx, NEWBIE, id, await tokenFor(app.ctx, id!, NEWBIE));
    ids.push(id!);
  }

  await Promise.all([app.worker.drain(), other.worker.drain(), app.worker.drain()]);

  const db = app.ctx.database.db;
  const states = await db
    .selectFrom('contact_changes')
    .select('state')
    .where('id', 'in', ids)
    .execute();
  expect(states.map((s) => s.state)).toEqual(ids.map(() => 'done'));
  const applied = await db
    .selectFrom('audit_events')
    .select(['request_id', sql<number>`count(*)`.as('n')])
    .where('event', '=', 'request.applied')
    .groupBy('request_id')
    .execute();
  expect(applied.map((a) => Number(a.n))).toEqual(ids.map(() => 1));
  const services = await db
    .selectFrom('services')
    .select('contact_tech')
    .where('service_name', 'like', 'site%')
    .execute();
  expect(services.map((s) => s.contact_tech)).toEqual(ids.map(() => NEWBIE));

  const outbox = await db
    .selectFrom('outbox')
    .select(['id', 'state'])
    .where('channel', '=', 'email')
    .execute();
  expect(outbox.filter((r) => r.state !== 'sent')).toEqual([]);
  const mailbox = await db.selectFrom('mailbox').select('outbox_id').execute();
  expect(mailbox.map((m) => Number(m.outbox_id)).sort((a, b) => a - b)).toEqual(
    outbox.map((r) => Number(r.id)).sort((a, b) => a - b),
  );
  const sentEvents = await db
    .selectFrom('audit_events')
    .select(sql<number>`count(*)`.as('n'))
    .where('event', '=', 'email.sent')
    .executeTakeFirstOrThrow();
  expect(Number(sentEvents.n)).toBe(outbox.length);
});

test('transactions that touch the same accounts at once wait for each other and never deadlock', async () => {
  // Every applied change bumps the listing version of the accounts it touches (decision 062).
  // Rows updated by one statement are locked in the order the scan meets them, and on a small
  // table that order moves as updates write new row versions: the accounts are locked in name
  // order first, so that concurrent transactions queue instead of deadlocking.
  const accounts = [ADMIN, TECH, BILLING, NEWBIE, OUTSIDER];
  const rounds = 60;
  const bump = (ctx: AppContext, i: number) =>
    ctx.database.db.transaction().execute(async (trx) => {
      // Each transaction names the accounts in its own order, as different changes would.
      const mine = accounts
        .slice(i % accounts.length)
        .concat(accounts.slice(0, i % accounts.length));
      await bumpContactsVersion(ctx.database, trx, i % 2 === 0 ? mine : mine.reverse());
    });
  const versions = () =>
    app.ctx.database.db
      .selectFrom('accounts')
      .select(['nichandle', 'contacts_version'])
      .where('nichandle', 'in', accounts)
      .orderBy('nichandle')
      .execute();
  const before = await versions();
  const results = await Promise.allSettled(
    Array.from({ length: rounds }, (_, i) => bump(both(i), i)),
  );
  expect(codes(results)).toEqual(Array.from({ length: rounds }, () => 'ok'));
  // Each transaction moved each account's version on once: none was lost.
  expect(await versions()).toEqual(
    before.map((v) => ({ ...v, contacts_version: Number(v.contacts_version) + rounds })),
  );
});
