import { describe, expect, test } from 'vitest';
import { planChange } from '../../src/contact-changes/plan-change.js';
import type { Contacts } from '../../src/services/roles.js';
import { isDomainError } from '../../src/shared/errors.js';

/** R4 as amended (SPEC §10): OVH's panel posts all three fields, the unchanged ones included. */
const A = 'ad1-ch';
const T = 'te2-ch';
const B = 'bi3-ch';
const N = 'nw4-ch';
const guide: Contacts = { admin: A, tech: T, billing: B };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('a field naming the account that already holds that role is ignored', () => {
  test('the admin posts all three fields, one changed: one request for that role', () => {
    const plan = planChange(guide, A, { admin: A, tech: N, billing: B });
    expect(plan.requests).toEqual([{ from: T, to: N, roles: ['tech'], validators: [A, N] }]);
    expect(plan.askerRight).toBe('admin');
  });

  test('the tech contact posts all three fields as its panel does: its own role moves', () => {
    const plan = planChange(guide, T, { admin: A, tech: N, billing: B });
    expect(plan.requests).toEqual([{ from: T, to: N, roles: ['tech'], validators: [T, N] }]);
    expect(plan.askerRight).toBe('tech');
  });

  test('the billing contact posts all three fields: its own role moves', () => {
    const plan = planChange(guide, B, { admin: A, tech: T, billing: N });
    expect(plan.requests).toEqual([{ from: B, to: N, roles: ['billing'], validators: [B, N] }]);
  });

  test('ALREADY_CONTACT only when no field changes anything', () => {
    expect(codeOf(() => planChange(guide, A, { admin: A, tech: T, billing: B }))).toBe(
      'ALREADY_CONTACT',
    );
    expect(codeOf(() => planChange(guide, T, { admin: A, tech: T }))).toBe('ALREADY_CONTACT');
  });

  test('an ignored field gives no right: a tech naming a new billing contact is NOT_ALLOWED', () => {
    expect(codeOf(() => planChange(guide, T, { admin: A, tech: T, billing: N }))).toBe(
      'NOT_ALLOWED',
    );
  });
});
