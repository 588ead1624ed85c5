import type { Readable } from 'node:stream';
import type { AppContext } from '../platform/context.js';
import type { DialectName, Executor } from '../platform/database/database.js';
import { isDomainError } from '../shared/errors.js';
import { isBadRow, readCsvRows, type BadRow, type Columns, type CsvRow } from './csv-rows.js';
import { analyzeTables } from './import.repository.js';

export type OnError = 'skip' | 'abort';

export interface ImportOptions {
  /** skip: write the good rows; abort (default): write nothing when any row is bad. */
  onError?: OnError;
  /** Rows per committed transaction in skip mode (default 5,000). */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** How many bad rows the summary lists (all are counted). Default 1,000. */
  maxListed?: number;
}

export interface ImportProgress {
  rows: number;
  imported: number;
  badCount: number;
}

export interface ImportSummary extends ImportProgress {
  onError: OnError;
  /** The first `maxListed` bad rows, in file order. */
  bad: BadRow[];
  /** True when abort mode refused the file: nothing was written. */
  refused: boolean;
  seconds: number;
}

/** A row that passed the checks one row can have on its own (types, formats). */
export interface ParsedRow<T> {
  line: number;
  value: T;
}

/** What differs between the accounts and the services import. */
export interface ImportKind<T> {
  columns: Columns;
  /** Tables the import fills, analysed once it is done (PostgreSQL). */
  tables: readonly string[];
  /** Validates one row as the domain does; throws a DomainError when it is bad. */
  parse(fields: Record<string, string>): T;
  /** Work done once rows were imported (and, on PostgreSQL, the tables analysed). */
  afterLoad?(db: Executor, dialect: DialectName, imported: number): Promise<void>;
  /** Async work done on a batch before it is written (hashing passwords). */
  prepare?(rows: ParsedRow<T>[]): Promise<void>;
  /**
   * Writes a batch in the given transaction; returns the rows the database refused (duplicates,
   * unknown accounts). The other rows are written.
   */
  write(trx: Executor, rows: ParsedRow<T>[]): Promise<BadRow[]>;
}

class Refused extends Error {}

/**
 * Streams a CSV file through `kind` in batches. In skip mode each batch is its own transaction
 * and bad rows are left out; in abort mode the whole file is one transaction that is rolled
 * back when any row is bad, so that a refused file leaves nothing behind (every row is still
 * checked, so the report lists all the bad ones at once).
 */
export async function runImport<T>(
  ctx: AppContext,
  source: Readable,
  kind: ImportKind<T>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const onError = options.onError ?? 'abort';
  const batchSize = options.batchSize ?? 5_000;
  const maxListed = options.maxListed ?? 1_000;
  const started = performance.now();
  const summary: ImportSummary = {
    onError,
    rows: 0,
    imported: 0,
    badCount: 0,
    bad: [],
    refused: false,
    seconds: 0,
  };
  const report = (bad: BadRow) => {
    summary.badCount++;
    if (summary.bad.length < maxListed) summary.bad.push(bad);
  };

  const flush = async (trx: Executor, batch: ParsedRow<T>[]) => {
    if (batch.length === 0) return;
    await kind.prepare?.(batch);
    const refused = await kind.write(trx, batch);
    refused.forEach(report);
    summary.imported += batch.length - refused.length;
  };

  const stream = async (handleBatch: (batch: ParsedRow<T>[]) => Promise<void>) => {
    let batch: ParsedRow<T>[] = [];
    for await (const row of readCsvRows(source, kind.columns)) {
      summary.rows++;
      const parsed = parseRow(kind, row);
      if ('message' in parsed) report(parsed);
      else batch.push(parsed);
      if (batch.length >= batchSize) {
        await handleBatch(batch);
        batch = [];
        options.onProgress?.(summary);
      }
    }
    await handleBatch(batch);
  };

  if (onError === 'skip') {
    await stream((batch) => ctx.database.db.transaction().execute((trx) => flush(trx, batch)));
  } else {
    try {
      await ctx.database.db.transaction().execute(async (trx) => {
        await stream((batch) => flush(trx, batch));
        if (summary.badCount > 0) throw new Refused();
      });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      summary.refused = true;
      summary.imported = 0;
    }
  }
  // A bulk load leaves PostgreSQL's statistics behind the data until autovacuum catches up;
  // meanwhile the planner takes a large account for a small one and, for a search, reads all
  // its rows and sorts them instead of walking the index until the page is full.
  if (summary.imported > 0) {
    if (ctx.database.dialect === 'postgres') {
      await analyzeTables(ctx.database.db, kind.tables);
    }
    await kind.afterLoad?.(ctx.database.db, ctx.database.dialect, summary.imported);
  }
  summary.bad.sort((a, b) => a.line - b.line);
  summary.seconds = (performance.now() - started) / 1000;
  options.onProgress?.(summary);
  return summary;
}

function parseRow<T>(kind: ImportKind<T>, row: CsvRow | BadRow): ParsedRow<T> | BadRow {
  if (isBadRow(row)) return row;
  try {
    return { line: row.line, value: kind.parse(row.fields) };
  } catch (error) {
    if (isDomainError(error)) return { line: row.line, message: error.message };
    throw error;
  }
}

/** Splits rows into chunks small enough for one statement's bound parameters. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
