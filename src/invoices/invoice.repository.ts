import type { Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { InvoiceTable } from '../platform/database/schema.js';

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

/** Writes an invoice and returns its id. */
export async function insertInvoice(
  db: Executor,
  values: Insertable<InvoiceTable>,
): Promise<number> {
  const row = await db
    .insertInto('invoices')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function findInvoice(db: Executor, id: number) {
  return db
    .selectFrom('invoices')
    .select(['id', 'account', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markInvoicePaid(db: Executor, id: number, paidAt: number): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ status: 'paid', paid_at: paidAt })
    .where('id', '=', id)
    .execute();
}

/** Whether the account has any invoice, paid or not (the demo's one is made once). */
export async function hasAnyInvoice(db: Executor, account: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('account', '=', account)
    .executeTakeFirst();
  return row !== undefined;
}
