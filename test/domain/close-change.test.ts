import { afterEach, expect, test } from 'vitest';
import { findChange } from '../../src/contact-changes/change.repository.js';
import { closeChange } from '../../src/contact-changes/close-change.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { NEWBIE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { ask, eventsOf, recipientsOf } from './helpers.js';

let app: TestApp;
afterEach(() => app.close());

/** The close the other use-cases build on: an operator's cancel with its reason, say. */
test('closeChange ends a request once, with its actor and reason everywhere it is told', async () => {
  app = await makeTestApp({
    WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
    WEBHOOK_SECRET: 'close-change-test-secret',
  });
  await seedGuide(app.ctx);
  const [id] = await ask(app.ctx, TECH, { contactTech: NEWBIE });
  const change = (await findChange(app.ctx.database.db, id!))!;

  const close = { to: 'aborted', actor: 'operator:support', reason: 'service sold' } as const;
  const first = await app.ctx.database.db
    .transaction()
    .execute((trx) => closeChange(trx, app.ctx, change, close));
  // A second close of the same request (a race lost, a retry) changes and tells nothing.
  const second = await app.ctx.database.db
    .transaction()
    .execute((trx) => closeChange(trx, app.ctx, change, { to: 'expired', actor: null }));
  expect([first, second]).toEqual([true, false]);

  expect((await getChange(app.ctx, TECH, id)).state).toBe('aborted');
  const pending = await app.ctx.database.db.selectFrom('pending_roles').selectAll().execute();
  expect(pending).toEqual([]);
  expect((await eventsOf(app.ctx, id!)).filter((e) => e.startsWith('request.'))).toEqual([
    'request.created',
    'request.cancelled',
  ]);
  const audit = await app.ctx.database.db
    .selectFrom('audit_events')
    .select(['actor', 'data'])
    .where('request_id', '=', id!)
    .where('event', '=', 'request.cancelled')
    .executeTakeFirstOrThrow();
  expect(audit.actor).toBe('operator:support');
  expect(JSON.parse(audit.data)).toEqual({ reason: 'service sold' });
  expect(await recipientsOf(app.ctx, id!, 'request-aborted')).toEqual([NEWBIE, TECH]);
  const told = await app.ctx.database.db
    .selectFrom('outbox')
    .select(['channel', 'template', 'payload'])
    .where('request_id', '=', id!)
    .where('template', 'in', ['request-aborted', 'request.aborted'])
    .execute();
  for (const row of told) expect(row.payload, row.template).toContain('service sold');
  expect(told.map((r) => r.channel).sort()).toEqual(['email', 'email', 'webhook']);
});
