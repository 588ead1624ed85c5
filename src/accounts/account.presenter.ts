import type { Account } from './account.repository.js';

/** The public face of an account (GET /api/me): never its password hash. */
export function presentAccount(account: Account) {
  return {
    nichandle: account.nichandle,
    email: account.email,
    name: account.name,
    language: account.language,
  };
}
