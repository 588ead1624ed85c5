import { afterEach, beforeEach, expect, test } from 'vitest';
import { applyNextChange } from '../../src/contact-changes/apply-change.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { resendEmail } from '../../src/contact-changes/resend-email.js';
import { withQueries } from '../support/capture-queries.js';
import { ADMIN, NEWBIE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { ask, eventsOf, recipientsOf } from './helpers.js';

/**
 * Each statement of a change is a round trip on PostgreSQL, which costs more than the rows it
 * writes (decision 072): the rows a step writes for its e-mails, validators, audit events and
 * listing go out in one statement per table, whatever their number.
 */

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** How many of the statements sent match `pattern`. */
const count = (queries: { sql: string }[], pattern: RegExp) =>
  queries.filter((q) => pattern.test(q.sql)).length;
const OUTBOX = /^insert into "outbox"/;
const AUDIT = /^insert into "audit_events"/;
const ACCOUNTS = /^select \* from "accounts"/;

test('a request, its acceptances and its apply write their rows one statement per table', async () => {
  const asked = await withQueries(app.ctx, (ctx) => ask(ctx, ADMIN, { contactTech: NEWBIE }));
  const [id] = asked.result as [number];
  // Two validators (the admin, the new tech): one row each, two e-mails, three events.
  expect(count(asked.queries, /^insert into "validations"/)).toBe(1);
  expect(count(asked.queries, ACCOUNTS)).toBe(1);
  expect(count(asked.queries, OUTBOX)).toBe(1);
  expect(count(asked.queries, AUDIT)).toBe(2);
  expect(count(asked.queries, /^select \* from "contact_changes" where "id"/)).toBe(0);
  expect(await recipientsOf(app.ctx, id, 'request-created')).toEqual([ADMIN, NEWBIE].sort());

  for (const who of [ADMIN, NEWBIE]) {
    await acceptChange(app.ctx, who, id, await tokenFor(app.ctx, id, who));
  }
  const applied = await withQueries(app.ctx, (ctx) => applyNextChange(ctx));
  expect(applied.result).toBe(true);
  // Three e-mails (both validators and the old tech), the listing rows of three accounts.
  expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual([ADMIN, NEWBIE, TECH].sort());
  expect(count(applied.queries, ACCOUNTS)).toBe(1);
  expect(count(applied.queries, OUTBOX)).toBe(1);
  expect(count(applied.queries, AUDIT)).toBe(2);
  expect(count(applied.queries, /^select \* from "services" where "id"/)).toBe(1);
  expect(count(applied.queries, /^select "account", "status" from "validations"/)).toBe(1);
  expect(count(applied.queries, /^(insert into|delete from) "service_contacts"/)).toBe(2);

  // The log says the same as before, in the same order.
  expect(await eventsOf(app.ctx, id)).toEqual([
    'email.queued',
    'email.queued',
    'request.created',
    'request.accepted',
    'request.accepted',
    'request.applied',
    'email.queued',
    'email.queued',
    'email.queued',
  ]);
});

test('a resend writes the new e-mail and its events in one statement each', async () => {
  const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
  app.clock.advance(3600_000); // past the resend cooldown
  const resent = await withQueries(app.ctx, (ctx) => resendEmail(ctx, NEWBIE, id));
  expect(resent.result).toEqual([NEWBIE]);
  expect(count(resent.queries, OUTBOX)).toBe(1);
  expect(count(resent.queries, AUDIT)).toBe(2);
  expect((await eventsOf(app.ctx, id)).slice(-2)).toEqual(['email.queued', 'request.resent']);
  expect(await recipientsOf(app.ctx, id, 'token-resent')).toEqual([NEWBIE]);
});
