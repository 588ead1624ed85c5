import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { applyNextChanges } from '../../src/contact-changes/apply-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, NEWBIE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, TEST_DIALECT, type TestApp } from '../support/test-app.js';
import { acceptAs, eventsOf, recipientsOf } from './helpers.js';

/**
 * The worker's apply item (decision 107): up to ten accepted requests, one after the other, in
 * one transaction on SQLite and one each on PostgreSQL; every request applied once, with its
 * own re-checks, e-mails and events, whatever shares its transaction.
 */

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** One accepted request per name: the admin hands the tech of a new domain to NEWBIE. */
async function acceptedRequests(names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const serviceName of names) {
    await createService(app.ctx, {
      serviceType: 'domain',
      serviceName,
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: ADMIN,
    });
    const [id] = await changeContact(app.ctx, ADMIN, 'domain', serviceName, {
      contactTech: NEWBIE,
    });
    await acceptAs(app.ctx, id!, ADMIN);
    await acceptAs(app.ctx, id!, NEWBIE);
    ids.push(id!);
  }
  return ids;
}

const stateOf = async (id: number) =>
  (
    await app.ctx.database.db
      .selectFrom('contact_changes')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).state;

test('one item applies up to its limit, each request once with its own e-mails and events', async () => {
  const ids = await acceptedRequests(['a.test', 'b.test', 'c.test']);
  expect(await applyNextChanges(app.ctx, 2)).toBe(2);
  expect(await Promise.all(ids.map(stateOf))).toEqual(['done', 'done', 'doing']);
  expect(await applyNextChanges(app.ctx, 10)).toBe(1);
  expect(await applyNextChanges(app.ctx, 10)).toBe(0);
  for (const id of ids) {
    expect(await stateOf(id)).toBe('done');
    expect((await eventsOf(app.ctx, id)).filter((e) => e === 'request.applied')).toHaveLength(1);
    expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual([ADMIN, NEWBIE, TECH].sort());
  }
});

test('two requests on one service in one item: the second reads what the first wrote', async () => {
  // The tech handed to NEWBIE, then the admin role: the second's re-checks and its new contacts
  // start from the service as the first left it, so neither change undoes the other.
  const [first] = await acceptedRequests(['d.test']);
  const [second] = await changeContact(app.ctx, ADMIN, 'domain', 'd.test', {
    contactAdmin: NEWBIE,
  });
  await acceptAs(app.ctx, second!, ADMIN);
  await acceptAs(app.ctx, second!, NEWBIE);
  expect(await applyNextChanges(app.ctx, 10)).toBe(2);
  expect(await stateOf(first!)).toBe('done');
  expect(await stateOf(second!)).toBe('done');
  const service = await app.ctx.database.db
    .selectFrom('services')
    .select(['contact_admin', 'contact_tech'])
    .where('service_name', '=', 'd.test')
    .executeTakeFirstOrThrow();
  expect(service).toEqual({ contact_admin: NEWBIE, contact_tech: NEWBIE });
});

test.runIf(TEST_DIALECT === 'sqlite')(
  'SQLite: a request that cannot be written does not hold back those before it',
  async () => {
    const ids = await acceptedRequests(['e.test', 'f.test', 'g.test']);
    // The second request's service refuses every write, as a full disk or a bug would.
    await sql`create trigger poison before update on services when new.service_name = 'f.test'
      begin select raise(abort, 'poisoned'); end`.execute(app.ctx.database.db);
    // The shared transaction fails and is undone; the item applies the first request alone.
    expect(await applyNextChanges(app.ctx, 10)).toBe(1);
    expect(await Promise.all(ids.map(stateOf))).toEqual(['done', 'doing', 'doing']);
    await expect(applyNextChanges(app.ctx, 10)).rejects.toThrow(/poisoned/);
    expect(await Promise.all(ids.map(stateOf))).toEqual(['done', 'doing', 'doing']);
    await sql`drop trigger poison`.execute(app.ctx.database.db);
    expect(await applyNextChanges(app.ctx, 10)).toBe(2);
    expect(await Promise.all(ids.map(stateOf))).toEqual(['done', 'done', 'done']);
    expect((await eventsOf(app.ctx, ids[0]!)).filter((e) => e === 'request.applied')).toHaveLength(
      1,
    );
  },
);
