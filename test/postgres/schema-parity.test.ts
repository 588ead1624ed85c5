import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/database/database.js';
import { migrateToLatest } from '../../src/platform/database/migrate.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

/*
 * One set of migrations runs on both databases, with a few dialect branches (id types, …).
 * This keeps the branches honest: the same tables, columns, nullability and indexed column lists
 * on SQLite and on PostgreSQL.
 */

interface Column {
  table: string;
  column: string;
  nullable: boolean;
}

let app: TestApp | undefined;
let sqliteDir: string | undefined;

afterEach(async () => {
  await app?.close();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
});

/**
 * The search's indexes are the one structure that differs by design (migrations 004, 006 and
 * 007): FTS5 tables, their shadow tables, an account numbering and each row's place in its
 * account's order (service_contacts.search_key and its index) on SQLite; GIN expression indexes
 * on PostgreSQL (an expression has no column, so the index list below leaves them out).
 */
async function sqliteSchema(database: Database) {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'
      and name not like 'service_search%'
    order by name`.execute(database.db);
  const columns: Column[] = [];
  const indexes: string[] = [];
  for (const { name } of tables.rows) {
    const info = await sql<{ name: string; notnull: number; pk: number }>`
      select name, "notnull", pk from pragma_table_info(${name})`.execute(database.db);
    for (const c of info.rows) {
      if (name === 'service_contacts' && c.name === 'search_key') continue;
      // SQLite lets a non-integer primary key column hold NULL; PostgreSQL never does.
      columns.push({ table: name, column: c.name, nullable: c.notnull === 0 && c.pk === 0 });
    }
    const list = await sql<{ name: string }>`
      select name from pragma_index_list(${name}) where origin <> 'pk'`.execute(database.db);
    for (const index of list.rows) {
      if (index.name === 'service_contacts_search_key') continue;
      const cols = await sql<{ name: string }>`
        select name from pragma_index_info(${index.name}) order by seqno`.execute(database.db);
      indexes.push(`${name}(${cols.rows.map((c) => c.name).join(',')})`);
    }
  }
  return { columns, indexes };
}

async function postgresSchema(database: Database) {
  const columns = await sql<{ table: string; column: string; nullable: string }>`
    select table_name as "table", column_name as "column", is_nullable as nullable
    from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(database.db);
  const indexes = await sql<{ table: string; cols: string }>`
    select t.relname as "table",
           string_agg(a.attname, ',' order by k.ord) as cols
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    cross join lateral unnest(x.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where n.nspname = current_schema() and t.relname not like 'kysely_%' and not x.indisprimary
    group by x.indexrelid, t.relname`.execute(database.db);
  return {
    columns: columns.rows.map((c) => ({
      table: c.table,
      column: c.column,
      nullable: c.nullable === 'YES',
    })),
    indexes: indexes.rows.map((i) => `${i.table}(${i.cols})`),
  };
}

const byName = (a: Column, b: Column) =>
  a.table.localeCompare(b.table) || a.column.localeCompare(b.column);

test('SQLite and PostgreSQL have the same tables, columns, nullability and indexes', async () => {
  app = await makeTestApp();
  expect(app.dialect).toBe('postgres');
  sqliteDir = mkdtempSync(join(tmpdir(), 'contacthub-parity-'));
  const sqlite = openDatabase(`sqlite:${join(sqliteDir, 'parity.db')}`);
  try {
    await migrateToLatest(sqlite);
    const lite = await sqliteSchema(sqlite);
    const pg = await postgresSchema(app.ctx.database);
    expect(pg.columns.sort(byName)).toEqual(lite.columns.sort(byName));
    // Primary keys are left out: SQLite has no index for an integer (rowid) key.
    expect(pg.indexes.sort()).toEqual(lite.indexes.sort());
  } finally {
    await sqlite.close();
  }
});
