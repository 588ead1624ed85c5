import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/database/database.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import { importAccounts } from '../src/import/import-accounts.js';
import { importServices } from '../src/import/import-services.js';
import { encodeCursor } from '../src/services/list-services.js';

/** One account of the bench and the services it holds. */
export interface Holder {
  nichandle: string;
  size: number;
  /** Cursor of the page that starts in the middle of its services. */
  middleCursor: string;
  /** A service it holds, for serviceInfos. */
  sample: { type: string; name: string };
}

export const TECH = 'tc9-ch';
const TYPES = ['domain', 'zone', 'hosting'];
/** Matches one service name in ten, whatever the account's size. */
export const SEARCH = '7.ex';
/** Matches no service name (a customer's typo): the search index answers that none holds it. */
export const RARE_SEARCH = 'exmaple';
/**
 * Matches one service name of each account (its 43rd), whatever the account's size; every
 * trigram of it is common among the numbered names, its five-grams are not (decision 071).
 */
export const ONE_SEARCH = '0000042.';
/**
 * Matches one service name in a thousand (every number ending in 042), spread through the
 * account: too few to fill a page in PostgreSQL's search window, as many as its index cap at
 * 1,000,000 services (decision 071); SQLite reads the page from its index in name order
 * (decision 073).
 */
export const THOUSANDTH_SEARCH = '042.';

const nameOf = (prefix: string, i: number) => `${prefix}-${String(i).padStart(7, '0')}.example`;

/** The rows of an account holding `size` services, in name order; one in ten has its own tech. */
function serviceLine(holder: string, prefix: string, i: number): string {
  const tech = i % 10 === 0 ? TECH : '';
  return `${TYPES[i % 3]},${nameOf(prefix, i)},${holder},${tech},,ok\n`;
}

export async function writeServicesCsv(
  path: string,
  holder: string,
  prefix: string,
  size: number,
): Promise<void> {
  const out = createWriteStream(path);
  out.write('serviceType,serviceName,contactAdmin,contactTech,contactBilling,status\n');
  let chunk = '';
  for (let i = 0; i < size; i++) {
    chunk += serviceLine(holder, prefix, i);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export function holderOf(nichandle: string, prefix: string, size: number): Holder {
  const middle = Math.floor(size / 2);
  return {
    nichandle,
    size,
    middleCursor: encodeCursor(nameOf(prefix, middle), TYPES[middle % 3]!),
    sample: { type: TYPES[middle % 3]!, name: nameOf(prefix, middle) },
  };
}

export async function importBenchAccounts(ctx: AppContext, extra: string[]): Promise<void> {
  const lines = [
    'nichandle,email,name,language',
    ...extra.map((n) => `${n},${n}@bench.test,${n},en`),
  ];
  const summary = await importAccounts(ctx, Readable.from([lines.join('\n')]));
  if (summary.badCount > 0) throw new Error(`bench accounts: ${JSON.stringify(summary.bad)}`);
}

/** Imports a services file through `import services` (skip mode, 5,000-row transactions). */
export async function importFile(ctx: AppContext, path: string) {
  const summary = await importServices(ctx, createReadStream(path), { onError: 'skip' });
  if (summary.badCount > 0) throw new Error(`bench import: ${JSON.stringify(summary.bad[0])}`);
  return summary;
}

/**
 * The reference for the import: the same rows written into the same three tables of a freshly
 * migrated SQLite file with better-sqlite3 prepared statements, 5,000 rows per transaction,
 * no validation and no CSV parsing; service_contacts rows 1,000 to a statement, as the import.
 */
export async function bareInsertLoop(path: string, holder: string, prefix: string, size: number) {
  const migrated = openDatabase(`sqlite:${path}`);
  await migrateToLatest(migrated);
  await migrated.close();
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.prepare(
    `insert into accounts (nichandle, email, name, language, password_hash, created_at)
       values (?, 'a@bench.test', 'a', 'en', null, 0), (?, 'b@bench.test', 'b', 'en', null, 0)`,
  ).run(holder, TECH);
  const service = db.prepare(
    `insert into services (service_type, service_name, status, contact_admin, contact_tech,
       contact_billing, created_at) values (?, ?, 'ok', ?, ?, ?, ?)`,
  );
  // service_contacts rows go in multi-row statements of 1,000, as the import writes them: each
  // statement that fires the search index's trigger makes FTS5 write out its pending terms, so
  // one row per statement would pay that for every row (decision 067).
  const indexRows = new Map<number, SqliteDatabase.Statement>();
  const indexStatement = (rows: number) => {
    let statement = indexRows.get(rows);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      statement = db.prepare(
        `insert into service_contacts (account, service_name, service_type, service_id, is_admin,
           is_tech, is_billing) values ${values}`,
      );
      indexRows.set(rows, statement);
    }
    return statement;
  };
  const pending: unknown[][] = [];
  const flushIndex = () => {
    if (pending.length > 0) indexStatement(pending.length).run(...pending.flat());
    pending.length = 0;
  };
  const index = {
    run(...row: unknown[]) {
      pending.push(row);
      if (pending.length === 1_000) flushIndex();
    },
  };
  const event = db.prepare(
    `insert into audit_events (at, event, actor, request_id, service_id, data)
       values (?, 'service.created', null, null, ?, ?)`,
  );
  const started = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    const now = Date.now();
    for (let i = from; i < to; i++) {
      const type = TYPES[i % 3]!;
      const name = nameOf(prefix, i);
      const tech = i % 10 === 0 ? TECH : holder;
      const id = service.run(type, name, holder, tech, holder, now).lastInsertRowid;
      index.run(holder, name, type, id, 1, tech === holder ? 1 : 0, 1);
      if (tech !== holder) index.run(tech, name, type, id, 0, 1, 0);
      event.run(
        now,
        id,
        JSON.stringify({ contactAdmin: holder, contactTech: tech, contactBilling: holder }),
      );
    }
    flushIndex();
  });
  for (let i = 0; i < size; i += 5_000) batch(i, Math.min(size, i + 5_000));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows: size, seconds };
}
