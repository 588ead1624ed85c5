import { accountExists } from '../accounts/account.repository.js';
import { parseAccountParam } from '../accounts/get-account.js';
import type { AppContext } from '../platform/context.js';
import { notFound } from '../shared/errors.js';
import { listServices, parseListQuery, type ServiceListQuery } from './list-services.js';

/**
 * GET /api/admin/accounts/{nichandle}/services: the account's own listing (the same filters,
 * order, cursor and answer as GET /api/me/contacts/services), for its provider.
 */
export async function listAccountServices(
  ctx: AppContext,
  nichandleInput: unknown,
  query: ServiceListQuery,
) {
  const nichandle = parseAccountParam(nichandleInput);
  const checked = parseListQuery(query);
  if (!(await accountExists(ctx.database.db, nichandle))) throw notFound('No such account');
  return listServices(ctx, nichandle, checked);
}
