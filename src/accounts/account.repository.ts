import type { Selectable } from 'kysely';
import { forUpdate, type Database, type Executor } from '../platform/database/database.js';
import type { AccountTable } from '../platform/database/schema.js';

export type Account = Selectable<AccountTable>;

export function findAccount(db: Executor, nichandle: string): Promise<Account | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('nichandle', '=', nichandle)
    .executeTakeFirst();
}

/** The accounts of these nichandles that exist, by nichandle: one statement for all of them. */
export async function findAccounts(
  db: Executor,
  nichandles: readonly string[],
): Promise<Map<string, Account>> {
  if (nichandles.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('nichandle', 'in', [...new Set(nichandles)])
    .execute();
  return new Map(rows.map((row) => [row.nichandle, row]));
}

export async function accountExists(db: Executor, nichandle: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('nichandle')
    .where('nichandle', '=', nichandle)
    .executeTakeFirst();
  return row !== undefined;
}

/** Reads an account inside a transaction, locking its row on PostgreSQL. */
export function lockAccount(
  database: Database,
  trx: Executor,
  nichandle: string,
): Promise<Account | undefined> {
  return forUpdate(
    database,
    trx.selectFrom('accounts').selectAll().where('nichandle', '=', nichandle),
  ).executeTakeFirst();
}

export async function insertAccount(db: Executor, account: Account): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

/** Sets an account's e-mail address, name or language. */
export async function updateAccountFields(
  db: Executor,
  nichandle: string,
  fields: Partial<Pick<Account, 'email' | 'name' | 'language'>>,
): Promise<void> {
  await db.updateTable('accounts').set(fields).where('nichandle', '=', nichandle).execute();
}

/** Sets an account's name and/or language; false when no such account exists (any more). */
export async function setNameOrLanguage(
  db: Executor,
  nichandle: string,
  fields: Partial<Pick<Account, 'name' | 'language'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set(fields)
    .where('nichandle', '=', nichandle)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets an account's password hash (argon2id: the caller hashes). */
export async function setPasswordHash(
  db: Executor,
  nichandle: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ password_hash: passwordHash })
    .where('nichandle', '=', nichandle)
    .execute();
}

/** Sets an account's e-mail address (an accepted e-mail change, R19). */
export async function setEmail(db: Executor, nichandle: string, email: string): Promise<void> {
  await db.updateTable('accounts').set({ email }).where('nichandle', '=', nichandle).execute();
}
