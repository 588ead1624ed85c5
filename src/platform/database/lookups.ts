import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import { WalChangeStamp } from './wal-stamp.js';
/**
 * Builds a one-row read from its arguments. The query's shape must not depend on the argument
 * values, and the values must appear in the SQL in the order of the arguments: the query is
 * compiled once, then run with each call's arguments in place of the first call's.
 */
export type LookupQuery<A extends unknown[], R> = (db: Kysely<DB>, ...args: A) => Compilable<R>;

export interface LookupCounts {
  reads: number;
  kept: number;
  shared: number;
  /** SQLite: looks at the WAL-index header, each shared by the lookups of one turn. */
  looks: number;
}

/** Runs lookups: reads made on every request (who is calling), kept compiled and prepared. */
export interface Lookups {
  run<A extends unknown[], R>(query: LookupQuery<A, R>, args: A): Promise<R | undefined>;
  /**
   * How many lookups read the database, how many were answered from a kept row (SQLite), how
   * many waited for a read sent for them and others (PostgreSQL), and how many looks at the
   * WAL-index header answered them (SQLite).
   */
  readonly counts: LookupCounts;
  close(): void;
}

/** Rows kept at most, for all lookups: past this the kept rows are dropped and read again. */
const KEPT_ROWS_MAX = 10_000;
interface Compiled {
  sql: string;
}

/** Compiles each lookup once, checking that its parameters are its arguments, in order. */
class CompiledLookups {
  private readonly compiled = new Map<LookupQuery<never[], unknown>, Compiled>();

  constructor(private readonly db: Kysely<DB>) {}

  of<A extends unknown[], R>(query: LookupQuery<A, R>, args: A): Compiled {
    const key = query as unknown as LookupQuery<never[], unknown>;
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      const { sql, parameters } = query(this.db, ...args).compile();
      if (parameters.length !== args.length || parameters.some((p, i) => p !== args[i])) {
        throw new Error(`lookup ${query.name}: its SQL parameters are not its arguments in order`);
      }
      compiled = { sql };
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  async viaKysely<R>(compiled: Compiled, args: readonly unknown[]): Promise<R | undefined> {
    const result = await this.db.executeQuery<R>(CompiledQuery.raw(compiled.sql, [...args]));
    return result.rows[0];
  }
}

/** Lookups run by Kysely, compiled once: an in-memory SQLite database has no second connection. */
export function kyselyLookups(db: Kysely<DB>): Lookups {
  const compiled = new CompiledLookups(db);
  const counts = { reads: 0, kept: 0, shared: 0, looks: 0 };
  return {
    run: async (query, args) => {
      counts.reads++;
      return compiled.viaKysely(compiled.of(query, args), args);
    },
    counts,
    close() {},
  };
}

interface Slot {
  /** Settles when the read in flight ends, whether it answered or failed. */
  ended: Promise<void>;
  /** The read that starts when it ends, for those who asked meanwhile. */
  next: Promise<unknown> | undefined;
}

/**
 * Shares a read among the callers that ask for the same row while it runs, and never answers a
 * caller with a read sent before it asked. Per key, at most one read is in flight: a caller that
 * finds none sends its own; one that finds a read in flight does not take that read's answer
 * (sent earlier, it may predate a revocation the caller must see) but waits for the next read of
 * the key, which starts once the one in flight ends and answers every caller that asked
 * meanwhile. A burst of requests with one credential thus costs about one read per round trip
 * instead of one per request, and each still sees everything committed before it asked.
 */
export class SharedReads {
  private readonly slots = new Map<string, Slot>();

  /** `counts.shared` counts the callers that waited for a read another caller sends. */
  constructor(private readonly counts: { shared: number }) {}

  run<R>(key: string, read: () => Promise<R>): Promise<R> {
    const slot = this.slots.get(key);
    if (slot === undefined) return this.start(key, read);
    this.counts.shared++;
    // Joined: the first caller to wait sends the next read, for all who wait with it.
    slot.next ??= slot.ended.then(() => this.start(key, read));
    return slot.next as Promise<R>;
  }

  private start<R>(key: string, read: () => Promise<R>): Promise<R> {
    const current = read();
    const ended = current.then(
      () => undefined,
      () => undefined,
    );
    const slot: Slot = { ended, next: undefined };
    this.slots.set(key, slot);
    // Runs before the next read starts (registered first): the slot stays while one waits.
    void ended.then(() => {
      if (this.slots.get(key) === slot && slot.next === undefined) this.slots.delete(key);
    });
    return current;
  }
}

/**
 * One look shared by every caller that asks while the event loop runs one phase: the look is
 * taken in the check phase that follows (`setImmediate`), once every request whose bytes that
 * phase read has asked, and answers them all. Each caller thus gets a look taken after it asked,
 * which sees everything committed before its request arrived, as its own look would; a burst of
 * requests read from the network together costs one look instead of one each (decision 076).
 */
export class LookAfterTurn<S> {
  private pending: Promise<S> | undefined;

  constructor(private readonly look: () => S) {}

  next(): Promise<S> {
    this.pending ??= new Promise<S>((resolve, reject) => {
      setImmediate(() => {
        this.pending = undefined;
        try {
          resolve(this.look());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    return this.pending;
  }
}

/**
 * PostgreSQL: through the pool, each lookup a named prepared statement, which the server parses
 * and plans once per connection instead of at every request: about twice the lookups a second
 * on this machine, and less of the process's time each (decision 068; Kysely sends every query
 * unnamed). With `prepared` false (a pooler that cannot carry prepared statements) the lookups
 * are sent unnamed, through Kysely. Either way, concurrent lookups of the same row share their
 * reads (SharedReads, decision 069): rows are then shared, and frozen; callers must not change
 * them.
 */
export function postgresLookups(
  pool: pg.Pool,
  db: Kysely<DB>,
  options: { prepared: boolean },
): Lookups {
  const compiled = new CompiledLookups(db);
  const names = new Map<Compiled, string>();
  const sharing = new Map<Compiled, SharedReads>();
  const counts = { reads: 0, kept: 0, shared: 0, looks: 0 };
  async function read<R>(lookup: Compiled, args: readonly unknown[]): Promise<R | undefined> {
    counts.reads++;
    let row: R | undefined;
    if (options.prepared) {
      let name = names.get(lookup);
      if (name === undefined) names.set(lookup, (name = `contacthub_lookup_${names.size + 1}`));
      const result = await pool.query<R & pg.QueryResultRow>({
        name,
        text: lookup.sql,
        values: [...args],
      });
      row = result.rows[0];
    } else {
      row = await compiled.viaKysely<R>(lookup, args);
    }
    return row === undefined ? undefined : Object.freeze(row);
  }
  return {
    async run<A extends unknown[], R>(query: LookupQuery<A, R>, args: A) {
      const lookup = compiled.of(query, args);
      let reads = sharing.get(lookup);
      if (reads === undefined) sharing.set(lookup, (reads = new SharedReads(counts)));
      return reads.run(keyOf(args), () => read<R>(lookup, args));
    },
    counts,
    close() {},
  };
}

/** The key of a lookup's kept row among those of the same lookup. */
function keyOf(args: readonly unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : JSON.stringify(args);
}

/**
 * SQLite: on a second, read-only connection of this process, with each statement prepared once
 * and run synchronously: a few microseconds instead of about fifteen through Kysely and its
 * connection mutex. The second connection sees only what is committed, like a connection of
 * another process; it never runs inside a transaction this process has open on its main
 * connection (reading a write that may still roll back). In the rare moment SQLite answers BUSY
 * to a reader, the lookup runs on the main connection instead.
 *
 * A row read is kept until the next commit to the database, by any process: before each lookup
 * one read of the WAL-index header (wal-stamp.ts) tells whether anything has committed since,
 * and if nothing has, the kept row is what a read would return. A revoked token or a deleted
 * session is refused at the first request after the commit, as without the kept rows (decision
 * 066). The lookups asked for while the event loop handles one batch of ready sockets share one
 * look, taken once they have all asked (LookAfterTurn, decision 076). Kept rows are shared:
 * callers must not change them. `keep` false (DATABASE_KEPT_LOOKUPS=off): every lookup reads.
 */
export function sqliteLookups(path: string, db: Kysely<DB>, keep = true): Lookups {
  if (path === ':memory:' || path === '') return kyselyLookups(db);
  const compiled = new CompiledLookups(db);
  let reader: SqliteDatabase.Database | undefined;
  const statements = new Map<Compiled, SqliteDatabase.Statement>();
  const stamp = new WalChangeStamp(`${path}-shm`);
  const kept = new Map<Compiled, Map<string, unknown>>();
  let keptRows = 0;
  const counts = { reads: 0, kept: 0, shared: 0, looks: 0 };
  // Looked at before the reads: a commit between the look and a read makes the next look find a
  // new header, so a row is never kept past a commit it may not have seen. A header that moved
  // drops every kept row once, before any caller of that look reads: the rows kept after it were
  // all read since it.
  let closed = false;
  const looks = new LookAfterTurn(() => {
    // A look due after close would open the -shm file again, and nothing would close it.
    if (closed) return 'unknown';
    counts.looks++;
    const state = stamp.look();
    if (state !== 'same' && keptRows > 0) {
      kept.clear();
      keptRows = 0;
    }
    return state;
  });
  return {
    async run<A extends unknown[], R>(query: LookupQuery<A, R>, args: A) {
      const lookup = compiled.of(query, args);
      const state = keep ? await looks.next() : 'unknown';
      if (closed) throw new Error('lookup after the database was closed');
      // Opened at the first lookup: the main connection has made the file and its WAL by then.
      reader ??= new SqliteDatabase(path, { readonly: true, fileMustExist: true, timeout: 0 });
      let statement = statements.get(lookup);
      if (statement === undefined) {
        statement = reader.prepare(lookup.sql);
        statements.set(lookup, statement);
      }
      const key = keyOf(args);
      let rows = kept.get(lookup);
      if (state !== 'unknown') {
        const row = rows?.get(key);
        if (row !== undefined) {
          counts.kept++;
          return row as R;
        }
      }
      counts.reads++;
      let row: R | undefined;
      try {
        row = statement.get(...args) as R | undefined;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error;
        return compiled.viaKysely<R>(lookup, args);
      }
      if (row !== undefined && state !== 'unknown') {
        if (keptRows >= KEPT_ROWS_MAX) {
          kept.clear();
          keptRows = 0;
          rows = undefined;
        }
        if (rows === undefined) kept.set(lookup, (rows = new Map<string, unknown>()));
        const size = rows.size;
        rows.set(key, Object.freeze(row));
        keptRows += rows.size - size;
      }
      return row;
    },
    counts,
    close() {
      closed = true;
      reader?.close();
      reader = undefined;
      statements.clear();
      stamp.close();
      kept.clear();
      keptRows = 0;
    },
  };
}
