import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret, secretMatches } from '../platform/crypto.js';
import type { Caller } from './caller.js';
import {
  dropExpiredAccessTokens,
  findLiveClient,
  insertAccessToken,
  liveAccessTokenByHash,
  markClientUsed,
} from './oauth2.repository.js';

/** Access tokens start with this: authentication tells them from API tokens by it. */
export const ACCESS_TOKEN_PREFIX = 'cha_';

/**
 * Lifetime of an access token. Short, so that a leaked one soon stops working (the application's
 * secret gets a new one); well above the 10 s before expiry at which OVH's Node client fetches
 * the next one (decision 100).
 */
export const ACCESS_TOKEN_SECONDS = 3600;

/**
 * The client-credentials grant (RFC 6749 §4.4): a new access token for a live application whose
 * secret matches, or undefined (unknown, revoked or wrong secret: the caller cannot tell which).
 * Only the token's hash is kept; the application's expired tokens are dropped at the same time.
 */
export async function issueAccessToken(
  ctx: AppContext,
  clientId: string,
  clientSecret: string,
): Promise<{ accessToken: string; expiresIn: number } | undefined> {
  if (clientId.length > 100 || clientSecret.length > 200) return undefined;
  const client = await findLiveClient(ctx.database.db, clientId);
  // Compared in constant time even for an unknown client, so timing tells nothing of a secret.
  const matches = secretMatches(clientSecret, client?.secret_hash ?? hashSecret('\u0000'));
  if (!client || !matches) return undefined;
  const accessToken = `${ACCESS_TOKEN_PREFIX}${newSecret(24)}`;
  const now = ctx.clock.now();
  await ctx.database.db.transaction().execute(async (trx) => {
    await dropExpiredAccessTokens(trx, client.id, now);
    await insertAccessToken(trx, {
      token_hash: hashSecret(accessToken),
      client: client.id,
      created_at: now,
      expires_at: now + ACCESS_TOKEN_SECONDS * 1000,
    });
    await markClientUsed(trx, client.id, now);
  });
  return { accessToken, expiresIn: ACCESS_TOKEN_SECONDS };
}

/** The account an access token acts as; undefined when unknown, expired or its app revoked. */
export async function callerOfAccessToken(
  ctx: AppContext,
  token: string,
): Promise<Caller | undefined> {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await ctx.database.lookup(liveAccessTokenByHash, hashSecret(token));
  if (!row || Number(row.expires_at) <= ctx.clock.now()) return undefined;
  return { nichandle: row.account, contactsVersion: Number(row.contacts_version) };
}
