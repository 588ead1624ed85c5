import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { createService } from '../../src/services/create-service.js';
import { getServiceInfos } from '../../src/services/get-service.js';
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
import { acceptAs, ask, expectCode, mailsOf, recipientsOf, rowCounts } from './helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** The service's contacts as its (current) admin sees them. */
const contacts = async () => {
  const row = await app.ctx.database.db
    .selectFrom('services')
    .select('contact_admin')
    .where('service_name', '=', SERVICE.serviceName)
    .executeTakeFirstOrThrow();
  const s = await getServiceInfos(
    app.ctx,
    row.contact_admin,
    SERVICE.serviceType,
    SERVICE.serviceName,
  );
  return { admin: s.contactAdmin, tech: s.contactTech, billing: s.contactBilling };
};

/**
 * The guide's five cases (R8): who validates, who gets a code, and who is told once it is done.
 * Each runs the whole way: request, every validator accepts with the code of its e-mail, the
 * worker applies it.
 */
describe('R8: validators and e-mails in each case of the guide', () => {
  const cases = [
    {
      what: 'admin names a new tech',
      asker: ADMIN,
      body: { contactTech: NEWBIE },
      from: TECH,
      validators: [ADMIN, NEWBIE],
      after: { admin: ADMIN, tech: NEWBIE, billing: BILLING },
    },
    {
      what: 'admin names a new billing',
      asker: ADMIN,
      body: { contactBilling: NEWBIE },
      from: BILLING,
      validators: [ADMIN, NEWBIE],
      after: { admin: ADMIN, tech: TECH, billing: NEWBIE },
    },
    {
      what: 'admin takes back billing',
      asker: ADMIN,
      body: { contactBilling: ADMIN },
      from: BILLING,
      validators: [ADMIN],
      after: { admin: ADMIN, tech: TECH, billing: ADMIN },
    },
    {
      what: 'admin takes back tech',
      asker: ADMIN,
      body: { contactTech: ADMIN },
      from: TECH,
      validators: [ADMIN],
      after: { admin: ADMIN, tech: ADMIN, billing: BILLING },
    },
    {
      what: 'admin hands over admin',
      asker: ADMIN,
      body: { contactAdmin: NEWBIE },
      from: ADMIN,
      validators: [ADMIN, NEWBIE],
      after: { admin: NEWBIE, tech: TECH, billing: BILLING },
    },
    {
      what: 'tech replaces itself',
      asker: TECH,
      body: { contactTech: NEWBIE },
      from: TECH,
      validators: [TECH, NEWBIE],
      after: { admin: ADMIN, tech: NEWBIE, billing: BILLING },
    },
    {
      what: 'billing replaces itself',
      asker: BILLING,
      body: { contactBilling: NEWBIE },
      from: BILLING,
      validators: [BILLING, NEWBIE],
      after: { admin: ADMIN, tech: TECH, billing: NEWBIE },
    },
  ];

  test.each(cases)('$what', async ({ asker, body, from, validators, after }) => {
    const ids = await ask(app.ctx, asker, body);
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    const view = await getChange(app.ctx, asker, id);
    expect(view.state).toBe('validatingByCustomers');
    expect(view.askingAccount).toBe(asker);
    expect(view.fromAccount).toBe(from);
    expect(view.validations.map((v) => v.account).sort()).toEqual([...validators].sort());
    expect(view.validations.every((v) => v.status === 'pending')).toBe(true);

    // Each validator, and only they, get a code; the old contact (when not a validator) nothing yet.
    expect(await mailsOf(app.ctx, id)).toHaveLength(validators.length);
    expect(await recipientsOf(app.ctx, id, 'request-created')).toEqual([...validators].sort());
    expect((await mailsOf(app.ctx, id)).every((m) => m.hasToken)).toBe(true);

    for (const validator of validators) await acceptAs(app.ctx, id, validator);
    expect((await getChange(app.ctx, asker, id)).state).toBe('doing');
    await app.worker.drain();

    const done = await getChange(app.ctx, asker, id);
    expect(done.state).toBe('done');
    expect(done.dateDone).not.toBeNull();
    expect(done.validations.every((v) => v.status === 'accepted')).toBe(true);
    expect(await contacts()).toEqual(after);
    // R12: the validators and the old contact learn it is done, once each.
    expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual(
      [...new Set([...validators, from])].sort(),
    );
    // Nobody got a second code along the way.
    expect(await recipientsOf(app.ctx, id, 'request-created')).toEqual([...validators].sort());
    expect(await mailsOf(app.ctx, id)).toHaveLength(
      validators.length + new Set([...validators, from]).size,
    );
  });

  test('a validator writing in English gets its e-mail in English', async () => {
    const [id] = await ask(app.ctx, ADMIN, { contactTech: ENGLISH });
    const rows = await app.ctx.database.db
      .selectFrom('outbox')
      .select(['account', 'language', 'recipient'])
      .where('request_id', '=', id!)
      .where('channel', '=', 'email')
      .orderBy('account')
      .execute();
    expect(rows).toEqual([
      { account: ADMIN, language: 'fr', recipient: `${ADMIN}@example.test` },
      { account: ENGLISH, language: 'en', recipient: `${ENGLISH}@example.test` },
    ]);
  });
});

describe('R2–R3 through changeContact: who may ask what', () => {
  test.each([
    [TECH, { contactBilling: NEWBIE }],
    [TECH, { contactAdmin: NEWBIE }],
    [TECH, { contactTech: NEWBIE, contactBilling: NEWBIE }],
    [BILLING, { contactTech: NEWBIE }],
    [BILLING, { contactAdmin: NEWBIE }],
  ])('%s asking %o: NOT_ALLOWED, nothing written', async (caller, body) => {
    const before = await rowCounts(app.ctx);
    await expectCode(ask(app.ctx, caller, body), 'NOT_ALLOWED');
    expect(await rowCounts(app.ctx)).toEqual(before);
  });

  test('an outsider gets NOT_FOUND, as for a service that does not exist', async () => {
    await expectCode(ask(app.ctx, OUTSIDER, { contactTech: NEWBIE }), 'NOT_FOUND');
    await expectCode(
      changeContact(app.ctx, ADMIN, 'domain', 'nothing-here.com', { contactTech: NEWBIE }),
      'NOT_FOUND',
    );
    await expectCode(
      changeContact(app.ctx, ADMIN, 'me', SERVICE.serviceName, { contactTech: NEWBIE }),
      'NOT_FOUND',
    );
  });

  test('the admin names new tech and billing (different holders) at once: two requests (R6)', async () => {
    const ids = await ask(app.ctx, ADMIN, { contactTech: NEWBIE, contactBilling: NEWBIE });
    expect(ids).toHaveLength(2);
    const views = await Promise.all(ids.map((id) => getChange(app.ctx, ADMIN, id)));
    expect(views.map((v) => [v.fromAccount, v.toAccount, v.contactTypes])).toEqual([
      [TECH, NEWBIE, ['contactTech']],
      [BILLING, NEWBIE, ['contactBilling']],
    ]);
    // Each request carries its own codes: two e-mails to each validator, four different codes.
    for (const id of ids) {
      expect(await recipientsOf(app.ctx, id, 'request-created')).toEqual([ADMIN, NEWBIE].sort());
    }
  });

  test('an account holding tech and billing hands both to one account: one request', async () => {
    const service = { serviceType: 'hosting', serviceName: 'shop.example.com' };
    await createService(app.ctx, {
      ...service,
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: TECH,
    });
    await expectCode(
      changeContact(app.ctx, TECH, service.serviceType, service.serviceName, {
        contactAdmin: NEWBIE,
      }),
      'NOT_ALLOWED',
    );
    const ids = await changeContact(app.ctx, TECH, service.serviceType, service.serviceName, {
      contactTech: NEWBIE,
      contactBilling: NEWBIE,
    });
    expect(ids).toHaveLength(1);
    const view = await getChange(app.ctx, TECH, ids[0]);
    expect(view.contactTypes).toEqual(['contactTech', 'contactBilling']);
    expect(view.validations.map((v) => v.account).sort()).toEqual([NEWBIE, TECH].sort());
    await acceptAs(app.ctx, ids[0]!, TECH);
    await acceptAs(app.ctx, ids[0]!, NEWBIE);
    await app.worker.drain();
    const after = await getServiceInfos(app.ctx, ADMIN, service.serviceType, service.serviceName);
    expect([after.contactAdmin, after.contactTech, after.contactBilling]).toEqual([
      ADMIN,
      NEWBIE,
      NEWBIE,
    ]);
  });

  test('an account that is admin and tech may change billing (its admin right)', async () => {
    const service = { serviceType: 'zone', serviceName: 'example.org' };
    await createService(app.ctx, { ...service, contactAdmin: ADMIN, contactBilling: BILLING });
    const [id] = await changeContact(app.ctx, ADMIN, service.serviceType, service.serviceName, {
      contactBilling: NEWBIE,
    });
    expect((await getChange(app.ctx, ADMIN, id)).fromAccount).toBe(BILLING);
  });

  test('empty strings for the other roles are ignored; nichandles are case-insensitive', async () => {
    const ids = await ask(app.ctx, ADMIN, {
      contactAdmin: '',
      contactTech: NEWBIE.toUpperCase(),
    });
    expect(ids).toHaveLength(1);
    expect((await getChange(app.ctx, ADMIN, ids[0])).toAccount).toBe(NEWBIE);
  });
});
