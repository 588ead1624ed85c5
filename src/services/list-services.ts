import type { AppContext } from '../platform/context.js';
import { ROLE_FLAG } from './listing.repository.js';
import {
  encodeCursor,
  parseListQuery,
  type ListQuery,
  type ServiceListQuery,
} from './list-query.js';
import { ROLES } from './roles.js';
import { searchPage } from './search/search-page.js';

export {
  DEFAULT_PAGE,
  MAX_PAGE,
  decodeCursor,
  encodeCursor,
  parseListQuery,
  type ListQuery,
  type ServiceListQuery,
} from './list-query.js';

/**
 * One page of the services an account is a contact of, sorted by name then type (SPEC §5).
 * A keyset range over service_contacts: the cost of a page does not depend on how many
 * services the account holds. A search by part of the name is answered by `search/` (the way
 * it reads is docs/search.md's).
 */
export async function listServicesOf(ctx: AppContext, account: string, query: ServiceListQuery) {
  return listServices(ctx, account, parseListQuery(query));
}

/** listServicesOf, for a query already checked. */
export async function listServices(ctx: AppContext, account: string, query: ListQuery) {
  const { limit } = query;
  // One row more than the page says whether another page follows.
  const rows = await searchPage(ctx, account, query, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      serviceType: row.service_type,
      serviceName: row.service_name,
      status: row.status,
      contactAdmin: row.contact_admin,
      contactTech: row.contact_tech,
      contactBilling: row.contact_billing,
      myRoles: ROLES.filter((r) => row[ROLE_FLAG[r]] === 1),
    })),
    nextCursor:
      rows.length > limit && last ? encodeCursor(last.service_name, last.service_type) : null,
  };
}
