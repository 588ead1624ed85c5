import { CHANGE_STATES, type ChangeState } from '../platform/database/schema.js';

export type { ChangeState };

/** The request workflow of SPEC §3 as data: from-state → the states it may move to. */
const TRANSITIONS: Record<ChangeState, readonly ChangeState[]> = {
  todo: ['checkValidity', 'validatingByCustomers', 'error'],
  checkValidity: ['validatingByCustomers', 'error'],
  validatingByCustomers: ['doing', 'refused', 'aborted', 'expired'],
  doing: ['done', 'error'],
  done: [],
  refused: [],
  aborted: [],
  expired: [],
  error: [],
};

/** Every state, in SPEC §3's order: the one list of platform/database/schema.ts (decision 079). */
export const ALL_STATES = CHANGE_STATES;
/** The states a request ends in: no transition leaves them. */
export const FINAL_STATES: readonly ChangeState[] = ALL_STATES.filter((s) => isFinal(s));
export const OPEN_STATES: readonly ChangeState[] = ALL_STATES.filter((s) => !isFinal(s));
/**
 * The states a request passes through inside the transaction that makes it (SPEC §3), never
 * seen from outside it; the others are those a person may look for.
 */
export const PASSING_STATES: readonly ChangeState[] = ['todo', 'checkValidity'];
export const VISIBLE_STATES: readonly ChangeState[] = ALL_STATES.filter(
  (s) => !PASSING_STATES.includes(s),
);

/** A state a request ends in: its roles are free again (R7). */
export type FinalState = 'done' | 'refused' | 'aborted' | 'expired' | 'error';

export function canMove(from: ChangeState, to: ChangeState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(state: ChangeState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function isChangeState(value: unknown): value is ChangeState {
  // Own keys only: `'toString' in TRANSITIONS` is true through the prototype.
  return typeof value === 'string' && Object.hasOwn(TRANSITIONS, value);
}
