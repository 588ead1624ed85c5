import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * A second search index beside migration 004's, over the names' five-character pieces, keyed by
 * account the same way (decision 071). A search of five characters or more asks it instead of
 * the trigram index: a trigram of a number is held by one name in a hundred or a thousand among
 * sequentially numbered names, a five-gram by one in a hundred thousand, and asking the index
 * costs the length of the lists it reads.
 *
 * PostgreSQL: a GIN index over service_name_fivegrams, the five-character twin of
 * service_name_trigrams.
 *
 * SQLite: FTS5 makes only trigrams, so the five-grams are made in SQL, each written as the hex of
 * its UTF-8 bytes (letters and digits only: one token for the `ascii` tokenizer, whatever the
 * name holds), into a contentless FTS5 table with migration 004's rowids.
 * service_search_positions numbers 1 to 1,024 for the triggers to cut a name with (a name has 255
 * characters at most; a trigger cannot use a recursive CTE). Migration 004's triggers are replaced
 * by ones that keep both tables, so that the account is numbered before either table's rowid is
 * made from it (SQLite promises no order between triggers).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create function service_name_fivegrams(account text, name text) returns text[]
      language sql immutable strict parallel safe
      as $$ select array(select account || ' ' || substr(name, i, 5)
                         from generate_series(1, length(name) - 4) as i) $$`.execute(db);
    await sql`create index service_contacts_search_fivegrams on service_contacts
      using gin (service_name_fivegrams(account, lower(service_name)))
      with (gin_pending_list_limit = 256)`.execute(db);
    return;
  }
  await sql`create table service_search_positions (i integer primary key)`.execute(db);
  await sql`insert into service_search_positions (i)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < 1024)
    select i from n`.execute(db);
  await sql`create virtual table service_search_fivegrams using fts5(
    grams, tokenize = 'ascii', detail = 'none', content = '', contentless_delete = 1
  )`.execute(db);

  const rowidOf = (row: 'new' | 'old') =>
    `(select number from service_search_accounts where account = ${row}.account) * 4294967296
       + ${row}.service_id`;
  const gramsOf = (name: string) =>
    `(select group_concat(hex(substr(lower(${name}), p.i, 5)), ' ')
       from service_search_positions p where p.i <= length(${name}) - 4)`;
  const insert = `
    select raise(abort, 'service id beyond the search index range') where new.service_id < 1
      or new.service_id > 4294967295;
    insert or ignore into service_search_accounts (account) values (new.account);
    insert into service_search (rowid, service_name) values (${rowidOf('new')}, new.service_name);
    insert into service_search_fivegrams (rowid, grams)
      values (${rowidOf('new')}, ${gramsOf('new.service_name')});`;
  const remove = `
    delete from service_search where rowid = ${rowidOf('old')};
    delete from service_search_fivegrams where rowid = ${rowidOf('old')};`;
  for (const event of ['insert', 'delete', 'update']) {
    await sql.raw(`drop trigger service_contacts_search_${event}`).execute(db);
  }
  await sql
    .raw(
      `create trigger service_contacts_search_insert after insert on service_contacts
       begin ${insert} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger service_contacts_search_delete after delete on service_contacts
       begin ${remove} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger service_contacts_search_update
       after update of account, service_name, service_id on service_contacts
       begin ${remove} ${insert} end`,
    )
    .execute(db);

  await sql
    .raw(
      `insert into service_search_fivegrams (rowid, grams)
       select a.number * 4294967296 + sc.service_id, ${gramsOf('sc.service_name')}
       from service_contacts sc join service_search_accounts a on a.account = sc.account`,
    )
    .execute(db);
}
