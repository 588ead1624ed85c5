import { Readable } from 'node:stream';
import type { AppContext } from '../platform/context.js';
import { listServicesOf, MAX_PAGE, type ServiceListQuery } from '../services/list-services.js';

export const CSV_COLUMNS = [
  'serviceName',
  'serviceType',
  'status',
  'contactAdmin',
  'contactTech',
  'contactBilling',
  'myRoles',
] as const;

/**
 * One CSV field. Quoted when it must be; a value a spreadsheet would run as a formula
 * (= + - @ tab CR first) gets a leading apostrophe (OWASP's advice against CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

type Page = Awaited<ReturnType<typeof listServicesOf>>;

function csvLines(page: Page): string {
  return page.items
    .map(
      (item) =>
        [
          item.serviceName,
          item.serviceType,
          item.status,
          item.contactAdmin,
          item.contactTech,
          item.contactBilling,
          item.myRoles.join(' '),
        ]
          .map(csvField)
          .join(',') + '\r\n',
    )
    .join('');
}

/**
 * The account's services as CSV, read one keyset page at a time: memory stays flat whatever the
 * account holds, and the first page is read before anything is sent, so that a bad filter is
 * still a clean error.
 */
export async function servicesCsv(
  ctx: AppContext,
  account: string,
  query: Omit<ServiceListQuery, 'limit' | 'cursor'>,
): Promise<Readable> {
  const first = await listServicesOf(ctx, account, { ...query, limit: MAX_PAGE });
  async function* lines() {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    let page = first;
    yield csvLines(page);
    while (page.nextCursor !== null) {
      page = await listServicesOf(ctx, account, {
        ...query,
        limit: MAX_PAGE,
        cursor: page.nextCursor,
      });
      yield csvLines(page);
    }
  }
  return Readable.from(lines());
}
