import { afterEach, beforeEach, expect, test } from 'vitest';
import { listServicesOf } from '../../src/services/list-services.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { acceptAs, ask, expectCode } from './helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

const names = async (account: string, query = {}) =>
  (await listServicesOf(app.ctx, account, query)).items.map(
    (i) => `${i.serviceName}/${i.serviceType}:${i.myRoles.join('+')}`,
  );

test('each contact sees the service with its own roles; an outsider sees nothing', async () => {
  expect(await names(ADMIN)).toEqual(['example.com/domain:admin']);
  expect(await names(TECH)).toEqual(['example.com/domain:tech']);
  expect(await names(BILLING)).toEqual(['example.com/domain:billing']);
  expect(await names(OUTSIDER)).toEqual([]);
});

test('after a change is applied, the lists of the old and new contacts follow', async () => {
  const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
  expect(await names(NEWBIE)).toEqual([]);
  await acceptAs(app.ctx, id, ADMIN);
  await acceptAs(app.ctx, id, NEWBIE);
  await app.worker.drain();
  expect(await names(TECH)).toEqual([]);
  expect(await names(NEWBIE)).toEqual(['example.com/domain:tech']);
  const [back] = (await ask(app.ctx, ADMIN, { contactBilling: ADMIN })) as [number];
  await acceptAs(app.ctx, back, ADMIN);
  await app.worker.drain();
  expect(await names(ADMIN)).toEqual(['example.com/domain:admin+billing']);
  expect(await names(BILLING)).toEqual([]);
});

test('pages follow each other by name then type, without gaps or repeats', async () => {
  for (const [type, name] of [
    ['zone', 'example.com'],
    ['hosting', 'b.example'],
    ['domain', 'a.example'],
    ['zone', 'a.example'],
    ['email', 'c.example'],
    ['vps', 'vps-1.example'],
  ]) {
    await createService(app.ctx, { serviceType: type, serviceName: name, contactAdmin: ADMIN });
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await listServicesOf(app.ctx, ADMIN, { limit: '3', cursor });
    seen.push(...result.items.map((i) => `${i.serviceName}/${i.serviceType}`));
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  expect(seen).toEqual([
    'a.example/domain',
    'a.example/zone',
    'b.example/hosting',
    'c.example/email',
    'example.com/domain',
    'example.com/zone',
    'vps-1.example/vps',
  ]);
  expect(await names(ADMIN, { serviceType: 'zone' })).toEqual([
    'a.example/zone:admin+tech+billing',
    'example.com/zone:admin+tech+billing',
  ]);
  expect(await names(ADMIN, { role: 'tech' })).toHaveLength(6);
});

test('search matches part of the name, and % or _ only literally', async () => {
  for (const name of ['a_b.example', 'axb.example', '100%.example', 'other.example']) {
    await createService(app.ctx, { serviceType: 'domain', serviceName: name, contactAdmin: TECH });
  }
  expect(await names(TECH, { search: '_' })).toEqual(['a_b.example/domain:admin+tech+billing']);
  expect(await names(TECH, { search: '%' })).toEqual(['100%.example/domain:admin+tech+billing']);
  expect(await names(TECH, { search: 'EXAMPLE.COM' })).toEqual(['example.com/domain:tech']);
});

test('bad queries: INVALID_INPUT', async () => {
  for (const query of [
    { limit: '0' },
    { limit: '501' },
    { limit: 'ten' },
    { cursor: 'not-a-cursor' },
    { role: 'owner' },
    { serviceType: 'Domain!' },
  ]) {
    await expectCode(listServicesOf(app.ctx, ADMIN, query), 'INVALID_INPUT');
  }
});
