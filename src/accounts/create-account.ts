import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/database/database.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { parseEmail, parseLanguage, parseText } from '../shared/validate.js';
import { presentAccount } from './account.presenter.js';
import { insertAccount, type Account } from './account.repository.js';
import { makeNichandle, parseNichandle } from './nichandle.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.js';
import { recordEvent } from '../audit/audit.repository.js';

export interface NewAccount {
  email: unknown;
  name: unknown;
  language?: unknown;
  password?: unknown;
  nichandle?: unknown;
}

export function parsePassword(value: unknown): string {
  if (typeof value !== 'string' || value.length < MIN_PASSWORD_LENGTH || value.length > 200) {
    throw invalidInput(`password must be ${MIN_PASSWORD_LENGTH} to 200 characters`);
  }
  return value;
}

/** Creates an account (operator API, command line, import); makes a nichandle when none is given. */
export async function createAccount(ctx: AppContext, input: NewAccount) {
  const email = parseEmail(input.email);
  const name = parseText(input.name, 'name', 200);
  const language = input.language === undefined ? 'fr' : parseLanguage(input.language);
  const given = input.nichandle === undefined ? undefined : parseNichandle(input.nichandle);
  const password = input.password === undefined ? undefined : parsePassword(input.password);
  const passwordHash = password === undefined ? null : await hashPassword(password);

  for (let attempt = 0; attempt < 20; attempt++) {
    const account: Account = {
      nichandle: given ?? makeNichandle(name, ctx.config.nichandleSuffix),
      email,
      name,
      language,
      password_hash: passwordHash,
      created_at: ctx.clock.now(),
      contacts_version: 0,
    };
    try {
      await ctx.database.db.transaction().execute(async (trx) => {
        await insertAccount(trx, account);
        await recordEvent(trx, ctx, {
          event: 'account.created',
          actor: null,
          data: { nichandle: account.nichandle },
        });
      });
      return presentAccount(account);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (given !== undefined) {
        throw new DomainError('ALREADY_EXISTS', `account ${given} already exists`);
      }
    }
  }
  throw new DomainError('ALREADY_EXISTS', 'could not make a free nichandle; give one');
}
