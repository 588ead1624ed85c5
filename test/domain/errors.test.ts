import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { getChange } from '../../src/contact-changes/get-change.js';
import { cancelChange } from '../../src/contact-changes/cancel-change.js';
import { createInvoice, payInvoice } from '../../src/invoices/manage-invoices.js';
import { getServiceInfos } from '../../src/services/get-service.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { acceptAs, ask, expectCode, recipientsOf, rowCounts } from './helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** Every refusal of changeContact leaves the database as it was. */
async function refused(caller: string, body: unknown, code: Parameters<typeof expectCode>[1]) {
  const before = await rowCounts(app.ctx);
  await expectCode(ask(app.ctx, caller, body), code);
  expect(await rowCounts(app.ctx)).toEqual(before);
}

describe('R4: the new contact', () => {
  test('an account that does not exist: UNKNOWN_ACCOUNT', async () => {
    await refused(ADMIN, { contactTech: 'zz99999-ch' }, 'UNKNOWN_ACCOUNT');
  });

  test('the account that already holds the role: ALREADY_CONTACT', async () => {
    await refused(ADMIN, { contactTech: TECH }, 'ALREADY_CONTACT');
    await refused(ADMIN, { contactAdmin: ADMIN }, 'ALREADY_CONTACT');
    await refused(BILLING, { contactBilling: BILLING }, 'ALREADY_CONTACT');
  });

  test.each([
    ['a malformed nichandle', { contactTech: 'not a nichandle' }],
    ['a number', { contactTech: 12345 }],
    ['an object', { contactTech: { nichandle: NEWBIE } }],
    ['an injection attempt', { contactTech: "nw10004-ch' OR 1=1 --" }],
    ['no role at all', {}],
    ['only empty roles', { contactTech: '' }],
    ['a body that is an array', [NEWBIE]],
    ['a body that is a string', 'contactTech=nw10004-ch'],
    ['no body', null],
  ])('%s: INVALID_INPUT', async (_what, body) => {
    await refused(ADMIN, body, 'INVALID_INPUT');
  });
});

describe('R5: unpaid invoices block a billing change', () => {
  test('when the old billing contact owes: UNPAID_INVOICES at request', async () => {
    await createInvoice(app.ctx, { account: BILLING, amount: '12.50' });
    await refused(ADMIN, { contactBilling: NEWBIE }, 'UNPAID_INVOICES');
    await refused(BILLING, { contactBilling: NEWBIE }, 'UNPAID_INVOICES');
  });

  test('when the new billing contact owes: UNPAID_INVOICES at request', async () => {
    await createInvoice(app.ctx, { account: NEWBIE, amount: '3' });
    await refused(ADMIN, { contactBilling: NEWBIE }, 'UNPAID_INVOICES');
  });

  test('a paid invoice, or a debt of someone else, blocks nothing; tech changes ignore debts', async () => {
    const { id } = await createInvoice(app.ctx, { account: BILLING, amount: '12.50' });
    await createInvoice(app.ctx, { account: OUTSIDER, amount: '99' });
    expect(await ask(app.ctx, ADMIN, { contactTech: NEWBIE })).toHaveLength(1);
    await payInvoice(app.ctx, id);
    expect(await ask(app.ctx, ADMIN, { contactBilling: NEWBIE })).toHaveLength(1);
  });

  test('a debt made after the request: checked again at apply, the request ends in error', async () => {
    const [id] = await ask(app.ctx, ADMIN, { contactBilling: NEWBIE });
    await acceptAs(app.ctx, id!, ADMIN);
    await acceptAs(app.ctx, id!, NEWBIE);
    await createInvoice(app.ctx, { account: NEWBIE, amount: '40.00' });
    await app.worker.drain();

    const view = await getChange(app.ctx, ADMIN, id);
    expect(view.state).toBe('error');
    expect(view.errorReason).toMatch(/unpaid/);
    const service = await getServiceInfos(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName);
    expect(service.contactBilling).toBe(BILLING);
    // Every party hears of it; nobody is told it is done.
    expect(await recipientsOf(app.ctx, id!, 'request-failed')).toEqual(
      [ADMIN, BILLING, NEWBIE].sort(),
    );
    expect(await recipientsOf(app.ctx, id!, 'request-done')).toEqual([]);
    // The role is free again.
    expect(await ask(app.ctx, ADMIN, { contactBilling: ADMIN })).toHaveLength(1);
  });
});

describe('R7: one open request per role', () => {
  test('a second request on the same role: CHANGE_PENDING, until the first ends', async () => {
    const [first] = await ask(app.ctx, ADMIN, { contactTech: NEWBIE });
    await refused(ADMIN, { contactTech: OUTSIDER }, 'CHANGE_PENDING');
    await refused(TECH, { contactTech: OUTSIDER }, 'CHANGE_PENDING');
    // Covering the pending role among others is refused whole: no request for billing either.
    await refused(ADMIN, { contactTech: OUTSIDER, contactBilling: OUTSIDER }, 'CHANGE_PENDING');
    // Another role is free.
    expect(await ask(app.ctx, ADMIN, { contactBilling: NEWBIE })).toHaveLength(1);
    await cancelChange(app.ctx, ADMIN, first);
    expect(await ask(app.ctx, ADMIN, { contactTech: OUTSIDER })).toHaveLength(1);
  });

  test('two changeContact at the same time on one role: exactly one request', async () => {
    const results = await Promise.allSettled([
      ask(app.ctx, ADMIN, { contactTech: NEWBIE }),
      ask(app.ctx, TECH, { contactTech: OUTSIDER }),
      ask(app.ctx, ADMIN, { contactTech: OUTSIDER }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect((r.reason as { code?: string }).code).toBe('CHANGE_PENDING');
    }
    const open = await app.ctx.database.db
      .selectFrom('contact_changes')
      .select('id')
      .where('state', '=', 'validatingByCustomers')
      .execute();
    expect(open).toHaveLength(1);
  });

  test('two App instances on one file asking at the same time: exactly one request', async () => {
    const { openApp } = await import('../../src/app.js');
    const other = await openApp(app.config, { clock: app.clock, migrate: false });
    try {
      const results = await Promise.allSettled([
        ask(app.ctx, ADMIN, { contactTech: NEWBIE }),
        ask(other.ctx, TECH, { contactTech: OUTSIDER }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected?.reason as { code?: string }).code).toBe('CHANGE_PENDING');
    } finally {
      await other.close();
    }
  });
});

describe('R1 on requests', () => {
  test('a request is seen by its asker, old and new contact only; ids that are not ids: NOT_FOUND', async () => {
    const [id] = await ask(app.ctx, ADMIN, { contactTech: NEWBIE });
    for (const who of [ADMIN, TECH, NEWBIE])
      expect((await getChange(app.ctx, who, id)).id).toBe(id);
    await expectCode(getChange(app.ctx, BILLING, id), 'NOT_FOUND');
    await expectCode(getChange(app.ctx, OUTSIDER, id), 'NOT_FOUND');
    for (const bad of [999, 'abc', -1, 0, 1.5, null, '1; drop table']) {
      await expectCode(getChange(app.ctx, ADMIN, bad), 'NOT_FOUND');
    }
  });
});
