import type { Role } from '../platform/database/schema.js';

export type { Role };
export const ROLES: readonly Role[] = ['admin', 'tech', 'billing'];

/** The API's names for the roles (SPEC §1). */
export type ContactType = 'contactAdmin' | 'contactTech' | 'contactBilling';
export const CONTACT_TYPE: Record<Role, ContactType> = {
  admin: 'contactAdmin',
  tech: 'contactTech',
  billing: 'contactBilling',
};
export const CONTACT_TYPES: readonly ContactType[] = ROLES.map((r) => CONTACT_TYPE[r]);

export function roleOfContactType(type: ContactType): Role {
  return type === 'contactAdmin' ? 'admin' : type === 'contactTech' ? 'tech' : 'billing';
}

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'tech' || value === 'billing';
}

export type Contacts = Record<Role, string>;

export function rolesOf(contacts: Contacts, account: string): Role[] {
  return ROLES.filter((role) => contacts[role] === account);
}

/** Roles stored in one column, always in the order admin, tech, billing. */
export function encodeRoles(roles: Iterable<Role>): string {
  const set = new Set(roles);
  return ROLES.filter((r) => set.has(r)).join(',');
}

export function decodeRoles(text: string): Role[] {
  return text.split(',').filter(isRole);
}
