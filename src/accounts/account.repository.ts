import type { Selectable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
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
