import { describe, expect, test } from 'vitest';
import { planChange } from '../../src/contact-changes/plan-change.js';
import type { Contacts } from '../../src/services/roles.js';
import { isDomainError, type ErrorCode } from '../../src/shared/errors.js';

const A = 'ad1-ch';
const T = 'te2-ch';
const B = 'bi3-ch';
const N = 'nw4-ch';
const M = 'nm5-ch';
const O = 'ou6-ch';
const guide: Contacts = { admin: A, tech: T, billing: B };

function codeOf(work: () => unknown): ErrorCode | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('R2: the admin', () => {
  test('names a new tech: one request, validated by the admin and the new contact', () => {
    expect(planChange(guide, A, { tech: N })).toEqual({
      askerRight: 'admin',
      requests: [{ from: T, to: N, roles: ['tech'], validators: [A, N] }],
    });
  });

  test('names a new billing', () => {
    expect(planChange(guide, A, { billing: N }).requests).toEqual([
      { from: B, to: N, roles: ['billing'], validators: [A, N] },
    ]);
  });

  test('names the same new contact for tech and billing held by different accounts: two requests', () => {
    expect(planChange(guide, A, { tech: N, billing: N }).requests).toEqual([
      { from: T, to: N, roles: ['tech'], validators: [A, N] },
      { from: B, to: N, roles: ['billing'], validators: [A, N] },
    ]);
  });

  test('tech and billing held by one account, moved to one new contact: one request (R6)', () => {
    const contacts: Contacts = { admin: A, tech: T, billing: T };
    expect(planChange(contacts, A, { tech: N, billing: N }).requests).toEqual([
      { from: T, to: N, roles: ['tech', 'billing'], validators: [A, N] },
    ]);
  });

  test('the same old contact to two different new contacts: two requests', () => {
    const contacts: Contacts = { admin: A, tech: T, billing: T };
    expect(planChange(contacts, A, { tech: N, billing: M }).requests).toEqual([
      { from: T, to: N, roles: ['tech'], validators: [A, N] },
      { from: T, to: M, roles: ['billing'], validators: [A, M] },
    ]);
  });

  test('takes back tech and billing: the admin alone validates (R8)', () => {
    expect(planChange(guide, A, { tech: A, billing: A }).requests).toEqual([
      { from: T, to: A, roles: ['tech'], validators: [A] },
      { from: B, to: A, roles: ['billing'], validators: [A] },
    ]);
  });

  test('names a new admin in its place', () => {
    expect(planChange(guide, A, { admin: N })).toEqual({
      askerRight: 'admin',
      requests: [{ from: A, to: N, roles: ['admin'], validators: [A, N] }],
    });
  });

  test('hands over every role it holds at once: one request', () => {
    const alone: Contacts = { admin: A, tech: A, billing: A };
    expect(planChange(alone, A, { admin: N, tech: N, billing: N }).requests).toEqual([
      { from: A, to: N, roles: ['admin', 'tech', 'billing'], validators: [A, N] },
    ]);
  });
});

describe('R3: tech and billing contacts', () => {
  test('tech replaces itself', () => {
    expect(planChange(guide, T, { tech: N })).toEqual({
      askerRight: 'tech',
      requests: [{ from: T, to: N, roles: ['tech'], validators: [T, N] }],
    });
  });

  test.each([
    ['billing', { billing: N }],
    ['admin', { admin: N }],
    ['tech and billing', { tech: N, billing: N }],
  ])('tech may not change %s', (_what, wish) => {
    expect(codeOf(() => planChange(guide, T, wish))).toBe('NOT_ALLOWED');
  });

  test('billing replaces itself', () => {
    expect(planChange(guide, B, { billing: N })).toEqual({
      askerRight: 'billing',
      requests: [{ from: B, to: N, roles: ['billing'], validators: [B, N] }],
    });
  });

  test.each([
    ['tech', { tech: N }],
    ['admin', { admin: N }],
  ])('billing may not change %s', (_what, wish) => {
    expect(codeOf(() => planChange(guide, B, wish))).toBe('NOT_ALLOWED');
  });

  test('an account holding tech and billing hands both over in one request', () => {
    const contacts: Contacts = { admin: A, tech: T, billing: T };
    expect(planChange(contacts, T, { tech: N, billing: N }).requests).toEqual([
      { from: T, to: N, roles: ['tech', 'billing'], validators: [T, N] },
    ]);
    expect(codeOf(() => planChange(contacts, T, { admin: N }))).toBe('NOT_ALLOWED');
  });
});

describe('refusals', () => {
  test('an outsider learns nothing: NOT_FOUND (R1)', () => {
    expect(codeOf(() => planChange(guide, O, { tech: N }))).toBe('NOT_FOUND');
  });

  test('naming the current holder: ALREADY_CONTACT (R4)', () => {
    expect(codeOf(() => planChange(guide, A, { tech: T }))).toBe('ALREADY_CONTACT');
    expect(codeOf(() => planChange(guide, A, { admin: A }))).toBe('ALREADY_CONTACT');
    expect(codeOf(() => planChange(guide, T, { tech: T }))).toBe('ALREADY_CONTACT');
  });

  test('an empty wish: INVALID_INPUT', () => {
    expect(codeOf(() => planChange(guide, A, {}))).toBe('INVALID_INPUT');
  });

  test('R4 as amended: a field naming the current holder is ignored before the rights are checked', () => {
    // Every role holder sees all three contacts in serviceInfos: ALREADY_CONTACT reveals nothing.
    expect(codeOf(() => planChange(guide, T, { billing: B }))).toBe('ALREADY_CONTACT');
    expect(codeOf(() => planChange(guide, T, { billing: N }))).toBe('NOT_ALLOWED');
  });
});
