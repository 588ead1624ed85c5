import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';

/**
 * The distinct service types an account holds, for the filter of "Mes services". A loose index
 * scan (one index probe per type, on service_contacts_by_type) rather than a DISTINCT over all
 * of the account's rows: it stays instant for an account with a million services.
 */
export async function serviceTypesOf(ctx: AppContext, account: string): Promise<string[]> {
  const result = await sql<{ t: string | null }>`
    with recursive types(t) as (
      select min(service_type) from service_contacts where account = ${account}
      union all
      select (select min(service_type) from service_contacts
              where account = ${account} and service_type > types.t)
      from types where types.t is not null
    )
    select t from types where t is not null limit 100`.execute(ctx.database.db);
  return result.rows.map((row) => row.t).filter((t): t is string => t !== null);
}
