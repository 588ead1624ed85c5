import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type SelectQueryBuilder } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { postgresLookups, sqliteLookups, type LookupCounts, type LookupQuery } from './lookups.js';
import { WaitingSqliteDialect } from './sqlite-dialect.js';

export type DialectName = 'sqlite' | 'postgres';

/** The database handle the domain works with: a Kysely instance and which SQL it speaks. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /**
   * Runs a one-row read made on every request (who is calling), compiled once and kept
   * prepared; outside any transaction, it sees only what is committed (lookups.ts).
   */
  lookup<A extends unknown[], R>(query: LookupQuery<A, R>, ...args: A): Promise<R | undefined>;
  /**
   * How many lookups read the database, how many were answered from a row kept since (SQLite),
   * how many waited for a read shared with other callers (PostgreSQL), and how many looks at the
   * WAL-index header the kept rows took (SQLite).
   */
  readonly lookupCounts: Readonly<LookupCounts>;
  close(): Promise<void>;
}

export type Executor = Kysely<DB>;

// PostgreSQL returns int8 (our epoch-millisecond columns and counts) as strings by default;
// every such value we store fits in a double.
pg.types.setTypeParser(20, (value: string) => Number(value));

export interface OpenOptions {
  /** Size of the PostgreSQL pool (connections this process may hold); 10 when not given. */
  poolSize?: number;
  /** How the sessions are named in pg_stat_activity; `contacthub` when not given. */
  applicationName?: string;
  /** PostgreSQL: lookups as named prepared statements (decision 068); true when not given. */
  preparedLookups?: boolean;
  /** SQLite: lookups' rows kept until the next commit (decision 066); true when not given. */
  keptLookups?: boolean;
}

/** Longest wait for a PostgreSQL connection (a busy pool, a server down) before a query fails. */
export const CONNECT_TIMEOUT_MS = 10_000;

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error('DATABASE_URL must be sqlite:PATH or postgres://…');
}

function openSqlite(path: string, options: OpenOptions): Database {
  if (path !== ':memory:' && !path.startsWith('file:')) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Created 0600 like the key file beside it: the database holds password hashes and the
    // sealed outbox. SQLite gives the -wal and -shm files the mode of the main file.
    try {
      closeSync(openSync(path, 'wx', 0o600));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
  }
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (only a power loss may drop the last commits).
  sqlite.pragma('synchronous = NORMAL');
  // No busy_timeout: WaitingSqliteDialect waits for locks without blocking the thread.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<DB>({ dialect: new WaitingSqliteDialect(sqlite) });
  const lookups = sqliteLookups(path, db, options.keptLookups !== false);
  return {
    db,
    dialect: 'sqlite',
    lookup: (query, ...args) => lookups.run(query, args),
    lookupCounts: lookups.counts,
    async close() {
      lookups.close();
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A connection killed by the server (restart, pg_terminate_backend) is dropped from the pool
    // and replaced on the next query instead of crashing the process.
    idleTimeoutMillis: 30_000,
    // While the server is down a query fails after this instead of waiting for ever, so HTTP
    // answers an error and the worker retries at its next tick.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    // Names our sessions in pg_stat_activity (operators, and the multi-process test).
    application_name: options.applicationName ?? 'contacthub',
  });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  // A client in use (inside a transaction, between two queries) whose connection dies emits
  // 'error' with no listener of the pool attached, which would crash the process. The error
  // also fails the query in hand or the next one; the pool then discards the client.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const lookups = postgresLookups(pool, db, { prepared: options.preparedLookups !== false });
  return {
    db,
    dialect: 'postgres',
    lookup: (query, ...args) => lookups.run(query, args),
    lookupCounts: lookups.counts,
    close: () => db.destroy(),
  };
}

/**
 * Locks the selected rows for the rest of the transaction where the database has row locks
 * (PostgreSQL). SQLite has one writer at a time, so its transactions need no row lock.
 */
export function forUpdate<QB extends SelectQueryBuilder<DB, keyof DB, object>>(
  database: Database,
  query: QB,
  options: { skipLocked?: boolean } = {},
): QB {
  if (database.dialect !== 'postgres') return query;
  const locked = query.forUpdate() as QB;
  return options.skipLocked ? (locked.skipLocked() as QB) : locked;
}

/** True when the error is a unique or primary-key violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === '23505'
  );
}

/** SQLSTATE classes and codes that mean "the server is unreachable or going away". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'SQLITE_BUSY',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed',
];

/**
 * True when the error says the database cannot be reached right now (server restarting,
 * connection killed, pool exhausted for CONNECT_TIMEOUT_MS, SQLite locked): the request may
 * succeed if retried, so HTTP answers 503 rather than 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true; // connection exception class
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) {
    return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  return isDatabaseUnavailable(cause, depth + 1);
}
