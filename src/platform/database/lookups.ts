import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Builds a one-row read from its arguments. The query's shape must not depend on the argument
 * values, and the values must appear in the SQL in the order of the arguments: the query is
 * compiled once, then run with each call's arguments in place of the first call's.
 */
export type LookupQuery<A extends unknown[], R> = (db: Kysely<DB>, ...args: A) => Compilable<R>;

/** Runs lookups: reads made on every request (who is calling), kept compiled and prepared. */
export interface Lookups {
  run<A extends unknown[], R>(query: LookupQuery<A, R>, args: A): Promise<R | undefined>;
  close(): void;
}

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

/**
 * Lookups run by Kysely, compiled once: PostgreSQL (through the pool; the round trip is the
 * cost, not Kysely), and an in-memory SQLite database, which has no second connection.
 */
export function kyselyLookups(db: Kysely<DB>): Lookups {
  const compiled = new CompiledLookups(db);
  return {
    run: async (query, args) => compiled.viaKysely(compiled.of(query, args), args),
    close() {},
  };
}

/**
 * SQLite: on a second, read-only connection of this process, with each statement prepared once
 * and run synchronously: a few microseconds instead of about fifteen through Kysely and its
 * connection mutex. The second connection sees only what is committed, like a connection of
 * another process; it never runs inside a transaction this process has open on its main
 * connection (reading a write that may still roll back). In the rare moment SQLite answers BUSY
 * to a reader, the lookup runs on the main connection instead.
 */
export function sqliteLookups(path: string, db: Kysely<DB>): Lookups {
  if (path === ':memory:' || path === '') return kyselyLookups(db);
  const compiled = new CompiledLookups(db);
  let reader: SqliteDatabase.Database | undefined;
  const statements = new Map<Compiled, SqliteDatabase.Statement>();
  return {
    async run<A extends unknown[], R>(query: LookupQuery<A, R>, args: A) {
      const lookup = compiled.of(query, args);
      // Opened at the first lookup: the main connection has made the file and its WAL by then.
      reader ??= new SqliteDatabase(path, { readonly: true, fileMustExist: true, timeout: 0 });
      let statement = statements.get(lookup);
      if (statement === undefined) {
        statement = reader.prepare(lookup.sql);
        statements.set(lookup, statement);
      }
      try {
        return statement.get(...args) as R | undefined;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error;
        return compiled.viaKysely<R>(lookup, args);
      }
    },
    close() {
      reader?.close();
      reader = undefined;
      statements.clear();
    },
  };
}
