import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acceptChange, refuseChange } from '../../src/contact-changes/decide-change.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { resendEmail } from '../../src/contact-changes/resend-email.js';
import {
  ADMIN,
  BILLING,
  NEWBIE,
  OUTSIDER,
  TECH,
  seedGuide,
  tokenFor,
} from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { acceptAs, ask, eventsOf, expectCode, mailsOf, recipientsOf } from './helpers.js';

let app: TestApp;
let id: number;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
});
afterEach(() => app.close());

const stateOf = async () => (await getChange(app.ctx, ADMIN, id)).state;

describe('R10: only the caller’s own current code works', () => {
  test('a wrong code: INVALID_TOKEN, and the request stays open', async () => {
    await expectCode(acceptChange(app.ctx, ADMIN, id, 'not-the-code'), 'INVALID_TOKEN');
    await expectCode(refuseChange(app.ctx, NEWBIE, id, ''), 'INVALID_TOKEN');
    await expectCode(acceptChange(app.ctx, NEWBIE, id, 12345), 'INVALID_TOKEN');
    await expectCode(acceptChange(app.ctx, NEWBIE, id, 'x'.repeat(10_000)), 'INVALID_TOKEN');
    expect(await stateOf()).toBe('validatingByCustomers');
    // A wrong code is counted even though the call failed.
    expect(await eventsOf(app.ctx, id)).toContain('token.rejected');
  });

  test('the other validator’s code: INVALID_TOKEN, and that code still works for its owner', async () => {
    const adminCode = await tokenFor(app.ctx, id, ADMIN);
    const newbieCode = await tokenFor(app.ctx, id, NEWBIE);
    expect(adminCode).not.toBe(newbieCode);
    await expectCode(acceptChange(app.ctx, NEWBIE, id, adminCode), 'INVALID_TOKEN');
    await expectCode(acceptChange(app.ctx, ADMIN, id, newbieCode), 'INVALID_TOKEN');
    await acceptChange(app.ctx, ADMIN, id, adminCode);
    await acceptChange(app.ctx, NEWBIE, id, newbieCode);
    expect(await stateOf()).toBe('doing');
  });

  test('a used code: ALREADY_DECIDED for its owner, INVALID_TOKEN for anyone else', async () => {
    const adminCode = await tokenFor(app.ctx, id, ADMIN);
    await acceptChange(app.ctx, ADMIN, id, adminCode);
    await expectCode(acceptChange(app.ctx, ADMIN, id, adminCode), 'ALREADY_DECIDED');
    await expectCode(refuseChange(app.ctx, ADMIN, id, adminCode), 'ALREADY_DECIDED');
    await expectCode(acceptChange(app.ctx, NEWBIE, id, adminCode), 'INVALID_TOKEN');
    expect(await stateOf()).toBe('validatingByCustomers');
  });

  test('the old contact, informed only, may not answer: NOT_ALLOWED; others: NOT_FOUND', async () => {
    const code = await tokenFor(app.ctx, id, ADMIN);
    await expectCode(acceptChange(app.ctx, TECH, id, code), 'NOT_ALLOWED');
    await expectCode(refuseChange(app.ctx, TECH, id, code), 'NOT_ALLOWED');
    await expectCode(acceptChange(app.ctx, BILLING, id, code), 'NOT_FOUND');
    await expectCode(acceptChange(app.ctx, OUTSIDER, id, code), 'NOT_FOUND');
    await expectCode(acceptChange(app.ctx, ADMIN, 99_999, code), 'NOT_FOUND');
    expect(await stateOf()).toBe('validatingByCustomers');
  });

  test('after 5 wrong codes the right one is refused too (TOO_MANY_ATTEMPTS), until a resend', async () => {
    const code = await tokenFor(app.ctx, id, NEWBIE);
    for (let i = 0; i < 5; i++) {
      await expectCode(acceptChange(app.ctx, NEWBIE, id, `wrong-${i}`), 'INVALID_TOKEN');
    }
    await expectCode(acceptChange(app.ctx, NEWBIE, id, code), 'TOO_MANY_ATTEMPTS');
    await expectCode(refuseChange(app.ctx, NEWBIE, id, code), 'TOO_MANY_ATTEMPTS');
    await expectCode(acceptChange(app.ctx, NEWBIE, id, 'wrong-again'), 'TOO_MANY_ATTEMPTS');
    // The lock is per validator: the admin is not locked.
    await acceptAs(app.ctx, id, ADMIN);

    app.clock.advance(app.config.resendCooldownSeconds * 1000);
    expect(await resendEmail(app.ctx, NEWBIE, id)).toEqual([NEWBIE]);
    await expectCode(acceptChange(app.ctx, NEWBIE, id, code), 'INVALID_TOKEN');
    await acceptAs(app.ctx, id, NEWBIE);
    expect(await stateOf()).toBe('doing');
  });

  test('four wrong codes then the right one: accepted', async () => {
    for (let i = 0; i < 4; i++) {
      await expectCode(acceptChange(app.ctx, NEWBIE, id, `wrong-${i}`), 'INVALID_TOKEN');
    }
    await acceptAs(app.ctx, id, NEWBIE);
    expect((await getChange(app.ctx, NEWBIE, id)).validations).toContainEqual(
      expect.objectContaining({ account: NEWBIE, status: 'accepted' }),
    );
  });
});

describe('R11: a refusal ends the request', () => {
  test('refused by the new contact: every party is told, the role is free again', async () => {
    await acceptAs(app.ctx, id, ADMIN);
    await refuseChange(app.ctx, NEWBIE, id, await tokenFor(app.ctx, id, NEWBIE));
    const view = await getChange(app.ctx, ADMIN, id);
    expect(view.state).toBe('refused');
    expect(view.dateDone).not.toBeNull();
    expect(view.validations).toContainEqual(
      expect.objectContaining({ account: NEWBIE, status: 'refused' }),
    );
    expect(await recipientsOf(app.ctx, id, 'request-refused')).toEqual(
      [ADMIN, NEWBIE, TECH].sort(),
    );
    expect(await eventsOf(app.ctx, id)).toContain('request.refused');
    await app.worker.drain();
    expect(await stateOf()).toBe('refused');
    expect(await ask(app.ctx, ADMIN, { contactTech: OUTSIDER })).toHaveLength(1);
  });

  test('refused by the asker itself, before anyone accepted', async () => {
    await refuseChange(app.ctx, ADMIN, id, await tokenFor(app.ctx, id, ADMIN));
    expect(await stateOf()).toBe('refused');
    await expectCode(acceptAs(app.ctx, id, NEWBIE), 'TASK_NOT_PENDING');
  });
});

describe('R12: one accept, then the other', () => {
  test('after the first accept the request waits for the other validator', async () => {
    await acceptAs(app.ctx, id, NEWBIE);
    const waiting = await getChange(app.ctx, ADMIN, id);
    expect(waiting.state).toBe('validatingByCustomers');
    expect(waiting.waitingFor).toEqual([ADMIN]);
    expect(waiting.validations.find((v) => v.account === NEWBIE)?.date).toBe(
      new Date(app.clock.now()).toISOString(),
    );
    await acceptAs(app.ctx, id, ADMIN);
    const doing = await getChange(app.ctx, ADMIN, id);
    expect(doing.state).toBe('doing');
    expect(doing.waitingFor).toEqual([]);
    expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual([]);
    await app.worker.drain();
    expect(await recipientsOf(app.ctx, id, 'request-done')).toEqual([ADMIN, NEWBIE, TECH].sort());
  });
});

describe('R14: resend', () => {
  test('the old code stops working, the new one works, the other validator’s is untouched', async () => {
    const old = await tokenFor(app.ctx, id, NEWBIE);
    const adminCode = await tokenFor(app.ctx, id, ADMIN);
    app.clock.advance(60_000);
    expect(await resendEmail(app.ctx, NEWBIE, id)).toEqual([NEWBIE]);
    const fresh = await tokenFor(app.ctx, id, NEWBIE);
    expect(fresh).not.toBe(old);
    await expectCode(acceptChange(app.ctx, NEWBIE, id, old), 'INVALID_TOKEN');
    await acceptChange(app.ctx, NEWBIE, id, fresh);
    await acceptChange(app.ctx, ADMIN, id, adminCode);
    expect(await stateOf()).toBe('doing');
    expect((await mailsOf(app.ctx, id)).map((m) => [m.account, m.template]).slice(0, 3)).toEqual([
      [ADMIN, 'request-created'],
      [NEWBIE, 'request-created'],
      [NEWBIE, 'token-resent'],
    ]);
  });

  test('at most one resend per RESEND_COOLDOWN_SECONDS: TOO_MANY_ATTEMPTS, then allowed again', async () => {
    await expectCode(resendEmail(app.ctx, NEWBIE, id), 'TOO_MANY_ATTEMPTS');
    app.clock.advance(59_999);
    await expectCode(resendEmail(app.ctx, NEWBIE, id), 'TOO_MANY_ATTEMPTS');
    app.clock.advance(1);
    await resendEmail(app.ctx, NEWBIE, id);
    await expectCode(resendEmail(app.ctx, NEWBIE, id), 'TOO_MANY_ATTEMPTS');
    app.clock.advance(60_000);
    await resendEmail(app.ctx, NEWBIE, id);
    expect(await recipientsOf(app.ctx, id, 'token-resent')).toEqual([NEWBIE, NEWBIE]);
    expect(await eventsOf(app.ctx, id)).toContain('request.resent');
  });

  test('the asker who has accepted resends to the validator still awaited', async () => {
    await acceptAs(app.ctx, id, ADMIN);
    app.clock.advance(60_000);
    expect(await resendEmail(app.ctx, ADMIN, id)).toEqual([NEWBIE]);
    expect(await recipientsOf(app.ctx, id, 'token-resent')).toEqual([NEWBIE]);
  });

  test('the old contact may not resend; an outsider does not see the request', async () => {
    app.clock.advance(60_000);
    await expectCode(resendEmail(app.ctx, TECH, id), 'NOT_ALLOWED');
    await expectCode(resendEmail(app.ctx, OUTSIDER, id), 'NOT_FOUND');
  });

  test('once everyone answered there is nothing to resend', async () => {
    const [takeBack] = (await ask(app.ctx, ADMIN, { contactBilling: ADMIN })) as [number];
    await acceptAs(app.ctx, takeBack, ADMIN);
    app.clock.advance(60_000);
    await expectCode(resendEmail(app.ctx, ADMIN, takeBack), 'TASK_NOT_PENDING');
  });
});
