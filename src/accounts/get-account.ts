import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { countUnpaidInvoices } from '../invoices/invoice.repository.js';
import { notFound } from '../shared/errors.js';
import { findAccount, type Account } from './account.repository.js';
import { parseNichandle } from './nichandle.js';

/** An account as the operator sees it (GET /api/admin/accounts/{nichandle}). */
export interface OperatorAccountView {
  nichandle: string;
  email: string;
  name: string;
  language: 'fr' | 'en';
  /** How many invoices of the account are unpaid (R5: any blocks a billing change). */
  unpaidInvoices: number;
  creation: string;
}

/** A nichandle from a path: a malformed one names no account, so it is NOT_FOUND. */
export function parseAccountParam(value: unknown): string {
  try {
    return parseNichandle(value);
  } catch {
    throw notFound('No such account');
  }
}

export async function presentForOperator(
  db: Executor,
  account: Account,
): Promise<OperatorAccountView> {
  const unpaidInvoices = await countUnpaidInvoices(db, account.nichandle);
  return {
    nichandle: account.nichandle,
    email: account.email,
    name: account.name,
    language: account.language,
    unpaidInvoices,
    creation: new Date(Number(account.created_at)).toISOString(),
  };
}

export async function getAccountForOperator(
  ctx: AppContext,
  nichandleInput: unknown,
): Promise<OperatorAccountView> {
  const nichandle = parseAccountParam(nichandleInput);
  const account = await findAccount(ctx.database.db, nichandle);
  if (!account) throw notFound('No such account');
  return presentForOperator(ctx.database.db, account);
}
