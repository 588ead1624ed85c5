import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * A trigram index over the names in service_contacts, keyed by account, so that a search for a
 * string few of an account's names contain finds them without reading the account's other rows
 * (decision 067).
 *
 * PostgreSQL: a GIN index over an array of the name's trigrams, each one prefixed with the
 * account (service_name_trigrams): a key is "this account's names holding this trigram", so a
 * list holds one account's names, not every account's. (A pg_trgm index with the account beside
 * it, through btree_gin, answers the same, but its cost estimate counts the account's whole list
 * and the planner did not pick it in our tests.) The database keeps it in step.
 *
 * SQLite: a contentless FTS5 table with the trigram tokenizer. Its rowid is
 * `account number × 2³² + service id`, so that one rowid range is one account's names (FTS5 seeks
 * within a term's list by rowid). service_search_accounts numbers the accounts (an INTEGER PRIMARY
 * KEY: VACUUM keeps it). Triggers on service_contacts keep the table in step with every write, the
 * import and the domain's alike.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create function service_name_trigrams(account text, name text) returns text[]
      language sql immutable strict parallel safe
      as $$ select array(select account || ' ' || substr(name, i, 3)
                         from generate_series(1, length(name) - 2) as i) $$`.execute(db);
    // New keys wait in a pending list that every search reads through until it is merged: a
    // small one (256 kB, not 4 MB) keeps that read well under a millisecond.
    await sql`create index service_contacts_search on service_contacts
      using gin (service_name_trigrams(account, lower(service_name)))
      with (gin_pending_list_limit = 256)`.execute(db);
    return;
  }
  await sql`create table service_search_accounts (
    number integer primary key,
    account text not null unique
  )`.execute(db);
  await sql`create virtual table service_search using fts5(
    service_name, tokenize = 'trigram', detail = 'none', content = '', contentless_delete = 1
  )`.execute(db);
  const rowidOf = (row: 'new' | 'old') =>
    sql.raw(
      `(select number from service_search_accounts where account = ${row}.account) * 4294967296
       + ${row}.service_id`,
    );
  const insert = sql`
    select raise(abort, 'service id beyond the search index range') where new.service_id < 1
      or new.service_id > 4294967295;
    insert or ignore into service_search_accounts (account) values (new.account);
    insert into service_search (rowid, service_name) values (${rowidOf('new')}, new.service_name);`;
  const remove = sql`delete from service_search where rowid = ${rowidOf('old')};`;
  await sql`create trigger service_contacts_search_insert after insert on service_contacts
    begin ${insert} end`.execute(db);
  await sql`create trigger service_contacts_search_delete after delete on service_contacts
    begin ${remove} end`.execute(db);
  await sql`create trigger service_contacts_search_update
    after update of account, service_name, service_id on service_contacts
    begin ${remove} ${insert} end`.execute(db);

  await sql`insert into service_search_accounts (account)
    select distinct account from service_contacts order by account`.execute(db);
  await sql`insert into service_search (rowid, service_name)
    select a.number * 4294967296 + sc.service_id, sc.service_name
    from service_contacts sc join service_search_accounts a on a.account = sc.account`.execute(db);
}
