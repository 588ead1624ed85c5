import type { Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { SessionTable } from '../platform/database/schema.js';

/** Writes a new session: the hash of its id, never the id. */
export async function insertSession(db: Executor, values: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

/**
 * A session by the hash of its id, with its account's contacts version: a lookup
 * (docs/lookups.md), run on every request that carries a session cookie. Its expiry is checked
 * by the caller: a query without the time of the call gives the same answer until the next
 * commit, so its row can be kept (decision 066).
 */
export function sessionByHash(db: Executor, idHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.nichandle', 's.account')
    .select(['s.account', 's.expires_at', 'a.contacts_version'])
    .where('s.id_hash', '=', idHash);
}

export async function extendSession(
  db: Executor,
  idHash: string,
  expiresAt: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSessionByHash(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Deletes the account's sessions but the one of this hash, if given; returns how many. */
export async function deleteSessionsOf(
  db: Executor,
  nichandle: string,
  keepIdHash?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('account', '=', nichandle);
  if (keepIdHash !== undefined) query = query.where('id_hash', '!=', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the sessions expired by `now`; returns how many. */
export async function deleteSessionsExpiredBy(db: Executor, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
