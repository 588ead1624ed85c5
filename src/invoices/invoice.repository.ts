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
