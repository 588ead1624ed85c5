import type { Executor } from '../platform/database/database.js';

/** R5: "up to date with its payments" means no unpaid invoice. */
export async function hasUnpaidInvoices(db: Executor, account: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('account', '=', account)
    .where('status', '=', 'unpaid')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many invoices of the account are unpaid (what the operator sees of R5). */
export async function countUnpaidInvoices(db: Executor, account: string): Promise<number> {
  const row = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account', '=', account)
    .where('status', '=', 'unpaid')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
