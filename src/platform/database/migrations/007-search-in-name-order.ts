import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { KEY_SPAN } from '../search-keys.js';

/** Account numbers stay under 2²³, so that every key fits in SQLite's 63 bits. */
const MAX_ACCOUNT_NUMBER = 2 ** 23 - 1;
/** Where an account's first row goes: the middle, with room on both sides. */
const FIRST = 2 ** 39;
/** The step between rows added after the last or before the first: 2⁴⁰ holds 8,388,608 of them. */
const STEP = 2 ** 16;
/**
 * How fast the density a range may hold falls with its size: a range of 2^level positions is
 * relabelled only if it holds at most (2 / T)^level rows (Bender et al., "Two simplified
 * algorithms for maintaining order in a list", 2002). At most 2^0.4 ≈ 1.32, so that rows one
 * STEP apart (an import) stay within every level's bound: 40 × log₂ T ≤ 16. A larger T would
 * send a relabel among imported rows straight to the whole account.
 */
const T = 1.3;

/**
 * The most rows (the new one included) a range of 2^level positions may hold once relabelled:
 * the density bound, and at most half the positions so that every two rows stay two apart.
 */
export function levelCap(level: number): number {
  const spaced = 2 ** (level - 1) - 1;
  return level === 40 ? spaced : Math.min(Math.floor((2 / T) ** level), spaced);
}

/**
 * SQLite: the search indexes' rowids follow the names' order, so that a search reads its page
 * from the index in the listing's order and stops when the page is full (decision 073).
 *
 * Each service_contacts row gets a `search_key`: `account number × 2⁴⁰ + position`, where the
 * positions rise with (service_name, service_type) within the account. Both FTS5 tables of
 * migrations 004 and 006 take it as their rowid. An FTS5 query with a rowid range and
 * `ORDER BY rowid` walks its lists in rowid order, which is now the page's order: a search costs
 * the page and the index entries it passes, not the number of matches or of names.
 *
 * Keeping the positions in order is the order-maintenance problem, solved here in the triggers:
 *   - a new row takes the middle of the gap between its neighbours' positions, or one step past
 *     the last or before the first (an import in name order never relabels);
 *   - when its neighbours are adjacent, the smallest aligned range of 2^level positions around
 *     it that is sparse enough (service_search_levels) is relabelled evenly, in two passes
 *     through negative keys so that no two rows of an FTS5 table share a rowid on the way; the
 *     densities allowed fall with the range's size, which bounds the relabelling a row costs
 *     (amortised: about ten rows an insertion for a run of names into one gap, measured).
 * The FTS5 rows follow search_key: a trigger on its updates moves them.
 *
 * PostgreSQL keeps its GIN indexes, whose lists are not ordered: nothing to do there.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') return;
  const run = (text: string) => sql.raw(text).execute(db);

  await run(`alter table service_contacts add column search_key integer`);
  await run(`create table service_search_levels (level integer primary key, cap integer not null)`);
  const levels = Array.from({ length: 40 }, (_, i) => `(${i + 1}, ${levelCap(i + 1)})`);
  await run(`insert into service_search_levels (level, cap) values ${levels.join(', ')}`);

  for (const event of ['insert', 'delete', 'update']) {
    await run(`drop trigger service_contacts_search_${event}`);
  }
  // The rows there are: positions one step apart (closer in an account too large for that), in
  // order, and both tables again under them.
  await run(`update service_contacts set search_key = k.base + ${FIRST}
      + (k.rank - 1) * min(${STEP}, ${FIRST - 1} / k.count)
    from (
      select sc.rowid as target, a.number * ${KEY_SPAN} as base,
        row_number() over (partition by sc.account order by sc.service_name, sc.service_type)
          as rank,
        count(*) over (partition by sc.account) as count
      from service_contacts sc join service_search_accounts a on a.account = sc.account
    ) k where service_contacts.rowid = k.target`);
  await run(`create index service_contacts_search_key on service_contacts (search_key)`);
  for (const table of ['service_search', 'service_search_fivegrams']) {
    await run(`insert into ${table} (${table}) values ('delete-all')`);
  }
  await run(`insert into service_search (rowid, service_name)
    select search_key, service_name from service_contacts`);
  await run(`insert into service_search_fivegrams (rowid, grams)
    select search_key, ${gramsOf('service_name')} from service_contacts`);
  await run(`create trigger service_contacts_search_insert after insert on service_contacts
    begin ${placeRow} end`);
  await run(`create trigger service_contacts_search_move
    after update of account, service_name, service_type on service_contacts
    begin
      update service_contacts set search_key = null where rowid = new.rowid;
      ${placeRow}
    end`);
  await run(`create trigger service_contacts_search_key after update of search_key on service_contacts
    begin
      delete from service_search where rowid = old.search_key and old.search_key > 0;
      delete from service_search_fivegrams where rowid = old.search_key and old.search_key > 0;
      insert into service_search (rowid, service_name)
        select new.search_key, new.service_name where new.search_key > 0;
      insert into service_search_fivegrams (rowid, grams)
        select new.search_key, ${gramsOf('new.service_name')} where new.search_key > 0;
    end`);
  // A row placed where no gap is left keeps its null key: the range around it is relabelled.
  await run(`create trigger service_contacts_search_relabel after update of search_key
    on service_contacts when old.search_key is null and new.search_key is null
    begin ${relabel} end`);
  await run(`create trigger service_contacts_search_delete after delete on service_contacts
    begin
      delete from service_search where rowid = old.search_key;
      delete from service_search_fivegrams where rowid = old.search_key;
    end`);
}

/** The name's five-grams as migration 006 writes them. */
function gramsOf(name: string) {
  return `(select group_concat(hex(substr(lower(${name}), p.i, 5)), ' ')
    from service_search_positions p where p.i <= length(${name}) - 4)`;
}

const base = `((select number from service_search_accounts where account = new.account)
  * ${KEY_SPAN})`;
const before = `(select search_key from service_contacts where account = new.account
  and (service_name, service_type) < (new.service_name, new.service_type)
  order by service_name desc, service_type desc limit 1)`;
const after = `(select search_key from service_contacts where account = new.account
  and (service_name, service_type) > (new.service_name, new.service_type)
  order by service_name, service_type limit 1)`;
/**
 * A relabelled row's key goes through `key - 2⁶³` (negative, in the same order) and back: no two
 * rows of an FTS5 table share a rowid on the way, and the second pass, reading the negative keys
 * in order, gives FTS5 its rowids in ascending order (a lower one makes it write out what it holds).
 * Written as two steps so that no literal or sum leaves SQLite's 64-bit integers.
 */
const SHIFT = '- 9223372036854775807 - 1';
const UNSHIFT = '+ 9223372036854775807 + 1';

/** The smallest aligned range around the new row's place sparse enough to be relabelled. */
const range = `(select b.base + (((b.low - b.base) >> l.level) << l.level) as r0, 1 << l.level as size
  from service_search_levels l, (select ${base} as base, coalesce(${before}, ${base}) as low) b
  where (select count(*) from service_contacts c
         where c.search_key >= b.base + (((b.low - b.base) >> l.level) << l.level)
           and c.search_key < b.base + ((((b.low - b.base) >> l.level) + 1) << l.level))
      < l.cap
  order by l.level limit 1)`;

/**
 * Gives the new row (new.rowid, search_key null) its place in its account's order: numbers the
 * account and takes the gap between its neighbours. When there is none the key stays null, and
 * that update fires service_contacts_search_relabel.
 */
const placeRow = `
  insert or ignore into service_search_accounts (account) values (new.account);
  select raise(abort, 'too many accounts for the search index')
    where (select number from service_search_accounts where account = new.account)
      > ${MAX_ACCOUNT_NUMBER};
  update service_contacts set search_key = (
    select case
      when k.high - k.low < 2 then null
      when k.prev is null and k.next is null then k.base + ${FIRST}
      when k.next is null then k.low + min(${STEP}, (k.high - k.low) / 2)
      when k.prev is null then k.high - min(${STEP}, (k.high - k.low) / 2)
      else k.low + (k.high - k.low) / 2 end
    from (select prev, next, base, coalesce(prev, base) as low,
            coalesce(next, base + ${KEY_SPAN}) as high
          from (select ${before} as prev, ${after} as next, ${base} as base)) k)
  where rowid = new.rowid;
`;

/**
 * Relabels the smallest sparse enough range around a row that found no gap between its
 * neighbours (its key stayed null), the row included.
 */
const relabel = `
  update service_contacts set search_key = w.r0 + w.rank * (w.size / (w.count + 1)) ${SHIFT} from (
    select x.target, x.r0, x.size,
      row_number() over (order by x.service_name, x.service_type) as rank,
      count(*) over () as count
    from (
      select sc.rowid as target, sc.service_name, sc.service_type, r.r0, r.size
        from ${range} r join service_contacts sc
          on sc.search_key >= r.r0 and sc.search_key < r.r0 + r.size
      union all
      select new.rowid, new.service_name, new.service_type, r.r0, r.size from ${range} r
    ) x
  ) w where service_contacts.rowid = w.target;
  update service_contacts set search_key = search_key ${UNSHIFT} where search_key < 0;`;
