import type SqliteDatabase from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';

/** How long a statement waits for another connection's write lock before giving up. */
const LOCK_WAIT_MS = 10_000;
/**
 * The longest pause between two tries for the lock (a try waits this much to twice this much).
 * A writer that works back to back, such as `import` (5,000 rows a transaction), leaves the lock
 * free only while it reads its next batch, some tens of milliseconds: a waiter tries several
 * times in that window rather than sleep through it (decision 108). A failed try costs a few
 * microseconds.
 */
const LOCK_RETRY_MAX_MS = 4;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Two changes to how Kysely talks to SQLite, both about a second connection to the same file
 * (another process, or another App in this one):
 *
 * - Transactions start with BEGIN IMMEDIATE. Kysely's plain BEGIN is deferred: a transaction that
 *   reads, then writes — every use-case here — fails with SQLITE_BUSY at its first write when
 *   another connection committed in between, whatever the busy timeout. Taking the write lock
 *   first makes the second one wait, then read what the first committed.
 * - Waiting for the lock happens here, asynchronously, not in SQLite's busy handler (the
 *   connection's busy_timeout is 0): that handler blocks the thread, so a connection of this same
 *   process holding the lock could never finish, and every wait would run to its timeout.
 *   A statement is retried only when it is not inside a transaction (BEGIN itself, or a lone
 *   statement): it then had no effect, and inside an IMMEDIATE transaction none can be busy.
 */
class WaitingSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: withStatementCache(sqlite) });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: <R>(query: CompiledQuery) => this.waitingForLock<R>(connection, query),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) =>
        connection.streamQuery<R>(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  private async waitingForLock<R>(
    connection: DatabaseConnection,
    query: CompiledQuery,
  ): Promise<QueryResult<R>> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let delay = 1; ; delay = Math.min(delay * 2, LOCK_RETRY_MAX_MS)) {
      try {
        return await connection.executeQuery<R>(query);
      } catch (error) {
        if (!isBusy(error) || this.sqlite.inTransaction || Date.now() > deadline) throw error;
      }
      await sleep(delay + Math.random() * delay);
    }
  }
}

/** Statements kept prepared per connection; short ones only (multi-row inserts vary endlessly). */
const CACHED_STATEMENTS = 300;
const CACHEABLE_SQL_LENGTH = 4_000;

/**
 * Kysely prepares every statement again on each query; preparing costs about as much as running
 * the indexed lookups this application makes. The same few hundred SQL texts recur (Kysely
 * compiles a query to the same text with different parameters), so they stay prepared. Safe on
 * one connection: Kysely runs one query at a time on it, and a statement is only reused once the
 * previous run has returned.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (sql: string) => {
    if (sql.length > CACHEABLE_SQL_LENGTH) return sqlite.prepare(sql);
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = sqlite.prepare(sql);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get: (target, property) => {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, target) as unknown;
      // Native methods (close, pragma…) must run on the real object, not on the proxy.
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

export class WaitingSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: sqlite });
    sqlite.pragma('busy_timeout = 0');
  }

  override createDriver(): Driver {
    return new WaitingSqliteDriver(this.sqlite);
  }
}
