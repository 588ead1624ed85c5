import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
 * still a clean error. A page of MAX_PAGE rows is a few milliseconds of query, and the next one
 * is read only after a turn of the event loop: on SQLite a query holds the loop while it runs,
 * so without that turn an export a fast client drains would run page after page, in microtasks
 * alone, ahead of every other request of the process (decision 108).
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
      await nextTurn();
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

/** Exports one process runs at once, those that may wait for a turn, and how long they wait. */
export const EXPORT_LIMITS = { running: 4, waiting: 32, waitMs: 30_000 } as const;

/**
 * How many exports run at once in this process. An export past the bound waits its turn, first
 * come first served; when too many already wait, or its turn does not come within `waitMs`, it
 * gets no turn (the caller answers 503 with Retry-After). A wait ends early when its request
 * goes away (`signal`).
 */
export class ExportGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limits: { running: number; waiting: number; waitMs: number }) {}

  /** A release function once it is this export's turn, or undefined when it gets none. */
  async enter(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (this.running < this.limits.running && this.queue.length === 0) return this.take();
    if (this.queue.length >= this.limits.waiting || signal?.aborted) return undefined;
    const granted = await new Promise<boolean>((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        resolve(true);
      };
      const giveUp = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        const at = this.queue.indexOf(turn);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(false);
      };
      const timer = setTimeout(giveUp, this.limits.waitMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      this.queue.push(turn);
    });
    // The turn was handed over with `running` already counted for it.
    return granted ? this.releaser() : undefined;
  }

  private take(): () => void {
    this.running++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    };
  }
}
