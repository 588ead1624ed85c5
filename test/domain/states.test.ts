import { expect, test } from 'vitest';
import {
  ALL_STATES,
  FINAL_STATES,
  OPEN_STATES,
  canMove,
  isChangeState,
  isFinal,
  type ChangeState,
} from '../../src/contact-changes/states.js';

/** SPEC §3, written out: every allowed move; anything else is forbidden. */
const ALLOWED: [ChangeState, ChangeState][] = [
  ['todo', 'checkValidity'],
  ['todo', 'validatingByCustomers'],
  ['todo', 'error'],
  ['checkValidity', 'validatingByCustomers'],
  ['checkValidity', 'error'],
  ['validatingByCustomers', 'doing'],
  ['validatingByCustomers', 'refused'],
  ['validatingByCustomers', 'aborted'],
  ['validatingByCustomers', 'expired'],
  ['doing', 'done'],
  ['doing', 'error'],
];

test('the transition table is exactly SPEC §3', () => {
  for (const from of ALL_STATES) {
    for (const to of ALL_STATES) {
      const expected = ALLOWED.some(([f, t]) => f === from && t === to);
      expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
    }
  }
});

test('done, refused, aborted, expired and error are final; the others open', () => {
  expect([...FINAL_STATES].sort()).toEqual(['aborted', 'done', 'error', 'expired', 'refused']);
  for (const state of ALL_STATES) expect(isFinal(state)).toBe(FINAL_STATES.includes(state));
  expect([...OPEN_STATES, ...FINAL_STATES].sort()).toEqual([...ALL_STATES].sort());
});

test('isChangeState knows the nine states and nothing else', () => {
  expect(ALL_STATES).toHaveLength(9);
  for (const state of ALL_STATES) expect(isChangeState(state)).toBe(true);
  for (const other of ['', 'Done', 'pending', 'toString', 'constructor', 1, null, undefined]) {
    expect(isChangeState(other), String(other)).toBe(false);
  }
});
