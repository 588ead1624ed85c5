import { afterEach, beforeEach, expect, test } from 'vitest';
import { changeContact } from '../src/contact-changes/change-contact.js';
import { acceptChange } from '../src/contact-changes/decide-change.js';
import { getChange } from '../src/contact-changes/get-change.js';
import { getServiceInfos } from '../src/services/get-service.js';
import { ADMIN, NEWBIE, SERVICE, seedGuide, tokenFor } from './support/fixtures.js';
import { makeTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

test('admin names a new tech contact, both accept, the worker applies it', async () => {
  const [id] = await changeContact(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await acceptChange(app.ctx, ADMIN, id, await tokenFor(app.ctx, id!, ADMIN));
  await acceptChange(app.ctx, NEWBIE, id, await tokenFor(app.ctx, id!, NEWBIE));
  expect((await getChange(app.ctx, ADMIN, id)).state).toBe('doing');
  await app.worker.drain();
  expect((await getChange(app.ctx, ADMIN, id)).state).toBe('done');
  expect(
    (await getServiceInfos(app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName)).contactTech,
  ).toBe(NEWBIE);
});
