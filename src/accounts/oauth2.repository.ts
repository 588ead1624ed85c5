import type { Insertable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { OAuth2ClientTable, OAuth2TokenTable } from '../platform/database/schema.js';

/** Writes a new API application (its secret's hash, never the secret) and returns its id. */
export async function insertOAuth2Client(
  db: Executor,
  values: Insertable<OAuth2ClientTable>,
): Promise<number> {
  const row = await db
    .insertInto('oauth2_clients')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The account's live applications, newest first; never a secret's hash. */
export function liveOAuth2ClientsOf(db: Executor, account: string) {
  return db
    .selectFrom('oauth2_clients')
    .select(['client_id', 'name', 'created_at', 'last_used_at'])
    .where('account', '=', account)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes a live application of the account; false when it has none of this client id. */
export async function revokeOAuth2ClientOf(
  db: Executor,
  account: string,
  clientId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('oauth2_clients')
    .set({ revoked_at: now })
    .where('client_id', '=', clientId)
    .where('account', '=', account)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A live application by its client id. */
export function findLiveClient(db: Executor, clientId: string) {
  return db
    .selectFrom('oauth2_clients')
    .select(['id', 'secret_hash', 'account'])
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Drops an application's access tokens that have expired by `now`. */
export async function dropExpiredAccessTokens(
  db: Executor,
  clientId: number,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('oauth2_tokens')
    .where('client', '=', clientId)
    .where('expires_at', '<=', now)
    .execute();
}

/** Writes a new access token (its hash, never the token). */
export async function insertAccessToken(
  db: Executor,
  values: Insertable<OAuth2TokenTable>,
): Promise<void> {
  await db.insertInto('oauth2_tokens').values(values).execute();
}

export async function markClientUsed(db: Executor, clientId: number, now: number): Promise<void> {
  await db
    .updateTable('oauth2_clients')
    .set({ last_used_at: now })
    .where('id', '=', clientId)
    .execute();
}

/**
 * An access token's row, through its live application, with the account's contacts version: a
 * lookup (docs/lookups.md), run on every request that carries an access token. Its expiry is
 * compared after the lookup: a lookup's answer depends only on committed rows.
 */
export function liveAccessTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('oauth2_tokens as t')
    .innerJoin('oauth2_clients as c', 'c.id', 't.client')
    .innerJoin('accounts as a', 'a.nichandle', 'c.account')
    .select(['c.account', 't.expires_at', 'a.contacts_version'])
    .where('t.token_hash', '=', tokenHash)
    .where('c.revoked_at', 'is', null);
}
