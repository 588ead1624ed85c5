import { hasUnpaidInvoices } from '../invoices/invoice.repository.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError } from '../shared/errors.js';
import { FAILURE_REASONS } from './failure-reasons.js';

/**
 * R5 for one request: both billing contacts, old and new, must owe nothing. Checked when the
 * request is made (change-contact.ts) and again when it is applied (apply-change.ts).
 */
export async function checkBillingDebts(trx: Executor, from: string, to: string): Promise<void> {
  for (const account of [from, to]) {
    if (await hasUnpaidInvoices(trx, account)) {
      throw new DomainError('UNPAID_INVOICES', FAILURE_REASONS.unpaidInvoices(account));
    }
  }
}
