import { ROLES, type Role } from '../services/roles.js';
import type { ContactChange, Validation } from './change.repository.js';
import type { ChangeState } from './states.js';

/**
 * What an account may do with a request or a service, in one place: the use-cases enforce it,
 * the pages draw their buttons from it (decision 080). Pure functions of what the caller reads.
 */

/** What the policy reads of a request. */
export interface RequestFacts {
  state: ChangeState;
  /** Epoch milliseconds. */
  expiresAt: number;
  askingAccount: string;
  fromAccount: string;
  toAccount: string;
  validations: readonly { account: string; status: 'pending' | 'accepted' | 'refused' }[];
}

/** What an account may do with one request it sees. */
export interface RequestActions {
  /** Accept or refuse (R10). */
  decide: boolean;
  /** Ask for the e-mail again (R14). */
  resend: boolean;
  /** Cancel (R15). */
  cancel: boolean;
}

/** R2–R3: the roles an account may hand over, from the roles it holds on a service. */
export function rolesItMayChange(held: readonly Role[]): Role[] {
  return held.includes('admin') ? [...ROLES] : held.filter((role) => role !== 'admin');
}

/** R2–R3: may an account holding `held` name a new holder of `role`? */
export function mayChangeRole(held: readonly Role[], role: Role): boolean {
  return rolesItMayChange(held).includes(role);
}

/** The asker, the old contact or the new contact. */
export function isParty(request: Omit<RequestFacts, 'validations'>, account: string): boolean {
  return (
    request.askingAccount === account ||
    request.fromAccount === account ||
    request.toAccount === account
  );
}

/**
 * R1: a request is seen by its parties and by the current admin of its service, who must be able
 * to see, and end, what others ask on it. `serviceAdmin` is read only when the caller is no party.
 */
export function maySee(
  request: Omit<RequestFacts, 'validations'>,
  account: string,
  serviceAdmin: string | undefined,
): boolean {
  return isParty(request, account) || serviceAdmin === account;
}

/** Open: waiting for its validators and not yet expired (R16). */
export function isOpen(request: Pick<RequestFacts, 'state' | 'expiresAt'>, now: number): boolean {
  return request.state === 'validatingByCustomers' && request.expiresAt > now;
}

/** R10: a validator that has not answered yet (its token is checked by the use-case). */
export function mayDecide(request: RequestFacts, account: string): boolean {
  return request.validations.some((v) => v.account === account && v.status === 'pending');
}

/**
 * R14: a validator that has not answered gets a new e-mail; a validator that has, or the asker,
 * may have it sent again to the validators still awaited (the guide's "the other never got it").
 */
export function mayResend(request: RequestFacts, account: string): boolean {
  const mine = request.validations.find((v) => v.account === account);
  if (mine?.status === 'pending') return true;
  const asks = mine !== undefined || request.askingAccount === account;
  return asks && request.validations.some((v) => v.status === 'pending');
}

/** R15: the asker, or the current admin of the service. */
export function mayCancel(
  request: Pick<RequestFacts, 'askingAccount'>,
  account: string,
  serviceAdmin: string | undefined,
): boolean {
  return request.askingAccount === account || serviceAdmin === account;
}

/** Everything at once, for the pages' buttons. */
export function actionsOn(
  request: RequestFacts,
  account: string,
  serviceAdmin: string | undefined,
  now: number,
): RequestActions {
  const open = isOpen(request, now);
  return {
    decide: open && mayDecide(request, account),
    resend: open && mayResend(request, account),
    cancel: open && mayCancel(request, account, serviceAdmin),
  };
}

/** The facts of a stored request, as the policy reads them. */
export function factsOf(change: ContactChange, validations: readonly Validation[]): RequestFacts {
  return {
    state: change.state,
    expiresAt: change.expires_at,
    askingAccount: change.asking_account,
    fromAccount: change.from_account,
    toAccount: change.to_account,
    validations,
  };
}

/** A stored request's asker, old contact or new contact (batches are seen by their parties). */
export function isPartyTo(change: ContactChange, account: string): boolean {
  return isParty(factsOf(change, []), account);
}
