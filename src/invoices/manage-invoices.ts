import { accountExists } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import { findInvoice, insertInvoice, markInvoicePaid } from './invoice.repository.js';
import { parseAmount, parseCurrency, parsePositiveId } from '../shared/validate.js';

export interface NewInvoice {
  account: unknown;
  amount: unknown;
  currency?: unknown;
  status?: unknown;
}

export async function createInvoice(ctx: AppContext, input: NewInvoice): Promise<{ id: number }> {
  const account = parseNichandle(input.account, 'account');
  const amount = parseAmount(input.amount);
  const currency = input.currency === undefined ? 'EUR' : parseCurrency(input.currency);
  const status = input.status === undefined ? 'unpaid' : input.status;
  if (status !== 'unpaid' && status !== 'paid') throw invalidInput('status must be unpaid or paid');
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    if (!(await accountExists(trx, account))) {
      throw new DomainError('UNKNOWN_ACCOUNT', `account ${account} does not exist`);
    }
    const id = await insertInvoice(trx, {
      account,
      amount,
      currency,
      status,
      created_at: now,
      paid_at: status === 'paid' ? now : null,
    });
    await recordEvent(trx, ctx, {
      event: 'invoice.created',
      actor: null,
      data: { invoice: id, account, status },
    });
    return { id };
  });
}

/** Marks an invoice paid; paying a paid invoice again changes nothing. */
export async function payInvoice(ctx: AppContext, idInput: unknown): Promise<void> {
  const id = parsePositiveId(idInput, 'invoice id');
  await ctx.database.db.transaction().execute(async (trx) => {
    const invoice = await findInvoice(trx, id);
    if (!invoice) throw notFound(`invoice ${id} does not exist`);
    if (invoice.status === 'paid') return;
    await markInvoicePaid(trx, id, ctx.clock.now());
    await recordEvent(trx, ctx, {
      event: 'invoice.paid',
      actor: null,
      data: { invoice: id, account: invoice.account },
    });
  });
}
