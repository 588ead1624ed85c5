import { afterEach, describe, expect, test } from 'vitest';
import { contactHistory, contactsAsOf } from '../../src/audit/contact-history.js';
import { cancelChange } from '../../src/contact-changes/cancel-change.js';
import { acceptChange, refuseChange } from '../../src/contact-changes/decide-change.js';
import { getChange, listChangeIds } from '../../src/contact-changes/get-change.js';
import { resendEmail } from '../../src/contact-changes/resend-email.js';
import { getServiceInfos } from '../../src/services/get-service.js';
import { contactsOf, writeContacts } from '../../src/services/service.repository.js';
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
import { acceptAs, ask, eventsOf, expectCode, recipientsOf, rowCounts } from './helpers.js';

let app: TestApp;
async function start(env: Record<string, string> = {}) {
  app = await makeTestApp(env);
  await seedGuide(app.ctx);
}
afterEach(() => app.close());

const serviceAs = (who: string) =>
  getServiceInfos(app.ctx, who, SERVICE.serviceType, SERVICE.serviceName);

/** Every way of acting on a request that is no longer open answers TASK_NOT_PENDING. */
async function expectClosed(id: number) {
  const adminCode = 'irrelevant-code';
  app.clock.advance(3600_000);
  await expectCode(acceptChange(app.ctx, ADMIN, id, adminCode), 'TASK_NOT_PENDING');
  await expectCode(refuseChange(app.ctx, ADMIN, id, adminCode), 'TASK_NOT_PENDING');
  await expectCode(resendEmail(app.ctx, ADMIN, id), 'TASK_NOT_PENDING');
  await expectCode(cancelChange(app.ctx, ADMIN, id), 'TASK_NOT_PENDING');
}

describe('R13: the apply re-checks everything', () => {
  test('the old contact lost the role in between: error with a reason, nothing changed', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, id, ADMIN);
    await acceptAs(app.ctx, id, NEWBIE);
    // The provider's provisioning system moves the tech role behind the request's back.
    await app.ctx.database.db.transaction().execute(async (trx) => {
      const service = await trx
        .selectFrom('services')
        .selectAll()
        .where('service_name', '=', SERVICE.serviceName)
        .executeTakeFirstOrThrow();
      const before = contactsOf(service);
      await writeContacts(app.ctx.database, trx, service, before, { ...before, tech: OUTSIDER });
    });
    await app.worker.drain();
    const view = await getChange(app.ctx, ADMIN, id);
    expect(view.state).toBe('error');
    expect(view.errorReason).toContain(TECH);
    expect((await serviceAs(ADMIN)).contactTech).toBe(OUTSIDER);
    expect(await eventsOf(app.ctx, id)).toContain('request.failed');
    expect(await eventsOf(app.ctx, id)).not.toContain('request.applied');
    await expectClosed(id);
  });

  test('the asker lost the admin right in between: error, nothing changed', async () => {
    await start();
    const [techChange] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const [adminChange] = (await ask(app.ctx, ADMIN, { contactAdmin: OUTSIDER })) as [number];
    await acceptAs(app.ctx, adminChange, ADMIN);
    await acceptAs(app.ctx, adminChange, OUTSIDER);
    await app.worker.drain();
    expect((await serviceAs(OUTSIDER)).contactAdmin).toBe(OUTSIDER);

    // The former admin still sees its request (it asked it) and its code still answers it.
    await acceptAs(app.ctx, techChange, ADMIN);
    await acceptAs(app.ctx, techChange, NEWBIE);
    await app.worker.drain();
    const view = await getChange(app.ctx, ADMIN, techChange);
    expect(view.state).toBe('error');
    expect(view.errorReason).toMatch(/right/);
    expect((await serviceAs(OUTSIDER)).contactTech).toBe(TECH);
    expect(await recipientsOf(app.ctx, techChange, 'request-failed')).toEqual(
      [ADMIN, NEWBIE, TECH].sort(),
    );
  });

  test('new admin and new tech to one account in one call: both applied, in any order', async () => {
    await start();
    const [adminChange, techChange] = (await ask(app.ctx, ADMIN, {
      contactAdmin: NEWBIE,
      contactTech: NEWBIE,
    })) as [number, number];
    // The admin hand-over is applied first; the new admin has accepted the tech change itself.
    await acceptAs(app.ctx, adminChange, ADMIN);
    await acceptAs(app.ctx, adminChange, NEWBIE);
    await app.worker.drain();
    await acceptAs(app.ctx, techChange, ADMIN);
    await acceptAs(app.ctx, techChange, NEWBIE);
    await app.worker.drain();
    expect((await getChange(app.ctx, ADMIN, techChange)).state).toBe('done');
    const service = await serviceAs(NEWBIE);
    expect([service.contactAdmin, service.contactTech]).toEqual([NEWBIE, NEWBIE]);
  });

  test('a tech that is no longer tech when its hand-over is applied: error', async () => {
    await start();
    const [mine] = (await ask(app.ctx, TECH, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, mine, TECH);
    await acceptAs(app.ctx, mine, NEWBIE);
    await app.ctx.database.db.transaction().execute(async (trx) => {
      const service = await trx.selectFrom('services').selectAll().executeTakeFirstOrThrow();
      const before = contactsOf(service);
      await writeContacts(app.ctx.database, trx, service, before, { ...before, tech: BILLING });
    });
    await app.worker.drain();
    expect((await getChange(app.ctx, TECH, mine)).state).toBe('error');
    expect((await serviceAs(ADMIN)).contactTech).toBe(BILLING);
  });
});

describe('R15: cancel', () => {
  test('only the asker may cancel; every party is told; the role is free again', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, id, NEWBIE);
    await expectCode(cancelChange(app.ctx, NEWBIE, id), 'NOT_ALLOWED');
    await expectCode(cancelChange(app.ctx, TECH, id), 'NOT_ALLOWED');
    await expectCode(cancelChange(app.ctx, OUTSIDER, id), 'NOT_FOUND');
    await cancelChange(app.ctx, ADMIN, id);
    const view = await getChange(app.ctx, ADMIN, id);
    expect(view.state).toBe('aborted');
    expect(await recipientsOf(app.ctx, id, 'request-aborted')).toEqual(
      [ADMIN, NEWBIE, TECH].sort(),
    );
    expect(await eventsOf(app.ctx, id)).toContain('request.cancelled');
    await expectClosed(id);
    expect(await ask(app.ctx, ADMIN, { contactTech: NEWBIE })).toHaveLength(1);
  });

  test('an accepted request (doing) can no longer be cancelled, and is applied', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactBilling: ADMIN })) as [number];
    await acceptAs(app.ctx, id, ADMIN);
    await expectCode(cancelChange(app.ctx, ADMIN, id), 'TASK_NOT_PENDING');
    await app.worker.drain();
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('done');
    await expectClosed(id);
  });
});

describe('R16: expiry', () => {
  test('a request not completed within REQUEST_TTL_SECONDS expires; every party is told', async () => {
    await start({ REQUEST_TTL_SECONDS: '3600' });
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const view = await getChange(app.ctx, ADMIN, id);
    expect(Date.parse(view.expiresAt) - Date.parse(view.dateRequest)).toBe(3600_000);
    await acceptAs(app.ctx, id, ADMIN);

    app.clock.advance(3599_000);
    await app.worker.drain();
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('validatingByCustomers');

    app.clock.advance(1000);
    // Time is up: no answer is taken, even before the worker has marked it.
    const code = await tokenFor(app.ctx, id, NEWBIE);
    await expectCode(acceptChange(app.ctx, NEWBIE, id, code), 'TASK_NOT_PENDING');
    await app.worker.drain();
    const expired = await getChange(app.ctx, ADMIN, id);
    expect(expired.state).toBe('expired');
    expect(expired.dateDone).toBe(new Date(app.clock.now()).toISOString());
    expect(await recipientsOf(app.ctx, id, 'request-expired')).toEqual(
      [ADMIN, NEWBIE, TECH].sort(),
    );
    expect((await serviceAs(ADMIN)).contactTech).toBe(TECH);
    expect(await ask(app.ctx, ADMIN, { contactTech: NEWBIE })).toHaveLength(1);
    await expectClosed(id);
  });

  test('a request whose time is up frees its role at once, before the worker runs', async () => {
    await start({ REQUEST_TTL_SECONDS: '60' });
    const [old] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    app.clock.advance(59_999);
    await expectCode(ask(app.ctx, ADMIN, { contactTech: OUTSIDER }), 'CHANGE_PENDING');
    app.clock.advance(1);
    const [fresh] = (await ask(app.ctx, ADMIN, { contactTech: OUTSIDER })) as [number];
    expect((await getChange(app.ctx, ADMIN, old)).state).toBe('expired');
    expect(await recipientsOf(app.ctx, old, 'request-expired')).toEqual(
      [ADMIN, NEWBIE, TECH].sort(),
    );
    expect((await getChange(app.ctx, ADMIN, fresh)).state).toBe('validatingByCustomers');
    await app.worker.drain();
    expect(await recipientsOf(app.ctx, old, 'request-expired')).toHaveLength(3);
    expect((await eventsOf(app.ctx, old)).filter((e) => e === 'request.expired')).toHaveLength(1);
  });

  test('the default TTL is 14 days', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const view = await getChange(app.ctx, ADMIN, id);
    expect(Date.parse(view.expiresAt) - Date.parse(view.dateRequest)).toBe(14 * 86_400_000);
  });
});

describe('§3: every transition, and nothing leaves a final state', () => {
  test('validatingByCustomers → doing → done, then closed', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, id, ADMIN);
    await acceptAs(app.ctx, id, NEWBIE);
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('doing');
    await app.worker.drain();
    expect((await getChange(app.ctx, ADMIN, id)).state).toBe('done');
    const before = await rowCounts(app.ctx);
    await expectClosed(id);
    await app.worker.drain();
    const after = await rowCounts(app.ctx);
    // Refused actions write nothing but (perhaps) their audit trail.
    expect({ ...after, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  });

  test('the list of requests filters by state, newest first', async () => {
    await start();
    const [a] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    const [b] = (await ask(app.ctx, ADMIN, { contactBilling: NEWBIE })) as [number];
    await cancelChange(app.ctx, ADMIN, a);
    expect(await listChangeIds(app.ctx, ADMIN, {})).toEqual([b, a]);
    expect(await listChangeIds(app.ctx, ADMIN, { state: 'aborted' })).toEqual([a]);
    expect(await listChangeIds(app.ctx, TECH, {})).toEqual([a]);
    expect(await listChangeIds(app.ctx, OUTSIDER, {})).toEqual([]);
    await expectCode(listChangeIds(app.ctx, ADMIN, { state: 'toString' }), 'INVALID_INPUT');
  });
});

describe('R17: the audit log', () => {
  test('each step is recorded with its time, actor and request', async () => {
    await start();
    const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    app.clock.advance(60_000);
    await expectCode(acceptChange(app.ctx, NEWBIE, id, 'wrong'), 'INVALID_TOKEN');
    await resendEmail(app.ctx, NEWBIE, id);
    await acceptAs(app.ctx, id, NEWBIE);
    await acceptAs(app.ctx, id, ADMIN);
    await app.worker.drain();
    const rows = await app.ctx.database.db
      .selectFrom('audit_events')
      .select(['event', 'actor', 'at'])
      .where('request_id', '=', id)
      .orderBy('id')
      .execute();
    const steps = rows.filter((r) => !r.event.startsWith('email.'));
    expect(steps.map((r) => [r.event, r.actor])).toEqual([
      ['request.created', ADMIN],
      ['token.rejected', NEWBIE],
      ['request.resent', NEWBIE],
      ['request.accepted', NEWBIE],
      ['request.accepted', ADMIN],
      ['request.applied', null],
    ]);
    const queued = rows.filter((r) => r.event === 'email.queued');
    expect(queued).toHaveLength(2 + 1 + 3); // two codes, one resend, three "done"
    // Delivery is recorded too, when the worker sends them.
    expect(rows.some((r) => r.event === 'email.sent')).toBe(true);
    expect(rows.every((r) => typeof r.at === 'number' && r.at > 0)).toBe(true);
  });

  test('contactHistory shows the service’s events; contactsAsOf rebuilds past contacts', async () => {
    await start();
    const t0 = app.clock.now();
    app.clock.advance(86_400_000);
    const [first] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
    await acceptAs(app.ctx, first, ADMIN);
    await acceptAs(app.ctx, first, NEWBIE);
    await app.worker.drain();
    const t1 = app.clock.now();
    app.clock.advance(86_400_000);
    const [second] = (await ask(app.ctx, ADMIN, { contactAdmin: OUTSIDER })) as [number];
    await acceptAs(app.ctx, second, ADMIN);
    await acceptAs(app.ctx, second, OUTSIDER);
    await app.worker.drain();
    const t2 = app.clock.now();

    const history = await contactHistory(
      app.ctx,
      OUTSIDER,
      SERVICE.serviceType,
      SERVICE.serviceName,
    );
    expect(history[0]?.event).toBe('service.created');
    expect(history.map((e) => e.date)).toEqual([...history.map((e) => e.date)].sort());
    expect(history.filter((e) => e.event === 'request.applied').map((e) => e.taskId)).toEqual([
      first,
      second,
    ]);
    await expectCode(
      contactHistory(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName),
      'NOT_FOUND',
    );

    expect(contactsAsOf(history, t0 - 1)).toBeUndefined();
    expect(contactsAsOf(history, t0)).toEqual({
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: BILLING,
    });
    expect(contactsAsOf(history, t1 - 1)).toEqual({
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: BILLING,
    });
    expect(contactsAsOf(history, t1)).toEqual({
      contactAdmin: ADMIN,
      contactTech: NEWBIE,
      contactBilling: BILLING,
    });
    expect(contactsAsOf(history, t2)).toEqual({
      contactAdmin: OUTSIDER,
      contactTech: NEWBIE,
      contactBilling: BILLING,
    });
  });
});
