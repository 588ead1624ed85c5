import { describe, expect, test } from 'vitest';
import {
  actionsOn,
  maySee,
  rolesItMayChange,
  type RequestFacts,
} from '../../src/contact-changes/change.policy.js';

test('R2-R3: the admin may change every role, tech and billing only their own', () => {
  expect(rolesItMayChange(['admin'])).toEqual(['admin', 'tech', 'billing']);
  expect(rolesItMayChange(['tech'])).toEqual(['tech']);
  expect(rolesItMayChange(['tech', 'billing'])).toEqual(['tech', 'billing']);
  expect(rolesItMayChange(['admin', 'tech'])).toEqual(['admin', 'tech', 'billing']);
  expect(rolesItMayChange([])).toEqual([]);
});

const now = Date.parse('2026-11-25T00:00:00Z');

/** A request the admin ad1 made: te2 hands tech over to nw3. */
function request(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    state: 'validatingByCustomers',
    expiresAt: Date.parse('2026-12-08T09:00:00.000Z'),
    askingAccount: 'ad1-ch',
    fromAccount: 'te2-ch',
    toAccount: 'nw3-ch',
    validations: [
      { account: 'ad1-ch', status: 'pending' },
      { account: 'nw3-ch', status: 'pending' },
    ],
    ...overrides,
  };
}

/** A request the tech te2 made, naming nw3 as tech in its place; ad1 stays admin. */
const byTech = () =>
  request({
    askingAccount: 'te2-ch',
    validations: [
      { account: 'te2-ch', status: 'pending' },
      { account: 'nw3-ch', status: 'pending' },
    ],
  });

describe('R1: who sees a request', () => {
  test('its parties, and the current admin of its service; nobody else', () => {
    for (const party of ['te2-ch', 'nw3-ch']) expect(maySee(byTech(), party, 'ad1-ch')).toBe(true);
    expect(maySee(byTech(), 'ad1-ch', 'ad1-ch')).toBe(true);
    expect(maySee(byTech(), 'ad1-ch', 'zz9-ch')).toBe(false); // no longer admin
    expect(maySee(byTech(), 'ou5-ch', 'ad1-ch')).toBe(false);
  });
});

describe('actions on a request (R10, R14, R15)', () => {
  test('a pending validator may accept, refuse and resend; the asker may cancel', () => {
    const none = { decide: false, resend: false, cancel: false };
    expect(actionsOn(request(), 'ad1-ch', 'ad1-ch', now)).toEqual({
      decide: true,
      resend: true,
      cancel: true,
    });
    expect(actionsOn(request(), 'nw3-ch', 'ad1-ch', now)).toEqual({
      ...none,
      decide: true,
      resend: true,
    });
    // The old contact, not a validator, may do nothing.
    expect(actionsOn(request(), 'te2-ch', 'ad1-ch', now)).toEqual(none);
  });
  test('the admin of the service may cancel what its tech asked, and nothing else', () => {
    expect(actionsOn(byTech(), 'ad1-ch', 'ad1-ch', now)).toEqual({
      decide: false,
      resend: false,
      cancel: true,
    });
    expect(actionsOn(byTech(), 'nw3-ch', 'ad1-ch', now).cancel).toBe(false);
  });
  test('after answering, a validator may still resend to the one awaited, not decide again', () => {
    const answered = request({
      validations: [
        { account: 'ad1-ch', status: 'accepted' },
        { account: 'nw3-ch', status: 'pending' },
      ],
    });
    expect(actionsOn(answered, 'ad1-ch', 'ad1-ch', now)).toEqual({
      decide: false,
      resend: true,
      cancel: true,
    });
  });
  test('a final or expired request offers nothing', () => {
    for (const closed of [
      request({ state: 'done' }),
      request({ state: 'refused' }),
      request({ expiresAt: Date.parse('2026-11-24T12:00:00.000Z') }),
    ]) {
      expect(actionsOn(closed, 'ad1-ch', 'ad1-ch', now)).toEqual({
        decide: false,
        resend: false,
        cancel: false,
      });
    }
  });
});
