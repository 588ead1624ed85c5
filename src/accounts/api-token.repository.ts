import type { Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { ApiTokenTable } from '../platform/database/schema.js';

/** Writes a new API token (its hash, never the token) and returns its id. */
export async function insertApiToken(
  db: Executor,
  values: Insertable<ApiTokenTable>,
): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * A live (not revoked) token, by the hash of its value, with its account's contacts version: a
 * lookup (docs/lookups.md), run on every request that carries an API token.
 */
export function liveTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.nichandle', 't.account')
    .select(['t.id', 't.account', 't.last_used_at', 'a.contacts_version'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null);
}

export async function markApiTokenUsed(db: Executor, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** The account's live tokens, newest first; never a hash. */
export function liveApiTokensOf(db: Executor, account: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('account', '=', account)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes a live token of the account; false when it has none of this id (or it was revoked). */
export async function revokeApiTokenOf(
  db: Executor,
  account: string,
  id: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('account', '=', account)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
