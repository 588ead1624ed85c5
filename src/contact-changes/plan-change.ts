import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import { CONTACT_TYPE, ROLES, rolesOf, type Contacts, type Role } from '../services/roles.js';
import { mayChangeRole } from './change.policy.js';

/** The new contact wished for each role the caller wants to change (nichandles, already parsed). */
export type ChangeWish = Partial<Record<Role, string>>;

export interface PlannedRequest {
  from: string;
  to: string;
  roles: Role[];
  /** R8: the asker and the new contact; one account when they are the same. */
  validators: string[];
}

export interface ChangePlan {
  /** The right the asker relies on: admin, or (not admin) the roles it holds itself. */
  askerRight: Role;
  requests: PlannedRequest[];
}

/**
 * The rules of R2–R4, R6 and R8 as a pure function of a service's contacts, the caller and its
 * wish. Checks that need the database (the new contact exists, invoices, open requests) come
 * after it, in changeContact.
 */
export function planChange(contacts: Contacts, caller: string, wish: ChangeWish): ChangePlan {
  const held = rolesOf(contacts, caller);
  if (held.length === 0) throw notFound('No such service'); // R1
  const named = ROLES.filter((role) => wish[role] !== undefined);
  if (named.length === 0) {
    throw invalidInput('name at least one of contactAdmin, contactTech, contactBilling');
  }
  // R4 as amended: a field naming the role's current holder is ignored (OVH's panel always sends
  // all three), before the rights are checked; only a wish that changes nothing is refused.
  const wanted = named.filter((role) => wish[role] !== contacts[role]);
  if (wanted.length === 0) {
    const role = named[0]!;
    throw new DomainError('ALREADY_CONTACT', `${wish[role]} is already ${CONTACT_TYPE[role]}`);
  }

  const isAdmin = held.includes('admin');
  for (const role of wanted) {
    // R2: the admin may change every role. R3: tech and billing may only hand over their own.
    if (!mayChangeRole(held, role)) {
      throw new DomainError(
        'NOT_ALLOWED',
        `as ${held.join(' and ')} contact you may not change ${CONTACT_TYPE[role]}`,
      );
    }
  }

  // R6: one request per distinct (from, to) pair, with the roles that move between them.
  const byPair = new Map<string, PlannedRequest>();
  for (const role of wanted) {
    const from = contacts[role];
    const to = wish[role]!;
    const key = `${from}\u0000${to}`;
    const existing = byPair.get(key);
    if (existing) existing.roles.push(role);
    else byPair.set(key, { from, to, roles: [role], validators: [...new Set([caller, to])] });
  }
  return {
    askerRight: isAdmin ? 'admin' : wanted[0]!,
    requests: [...byPair.values()],
  };
}
