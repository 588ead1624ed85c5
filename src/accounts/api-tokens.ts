import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError, notFound } from '../shared/errors.js';
import { parsePositiveId, parseText } from '../shared/validate.js';
import { accountExists } from './account.repository.js';
import {
  insertApiToken,
  liveApiTokensOf,
  liveTokenByHash,
  markApiTokenUsed,
  revokeApiTokenOf,
} from './api-token.repository.js';
import type { Caller } from './caller.js';
import { parseNichandle } from './nichandle.js';

/** API tokens start with this, so that secret scanners and people recognise them. */
export const API_TOKEN_PREFIX = 'cht_';

/** Makes an API token for an account; the token is returned this once and only its hash is kept. */
export async function createApiToken(ctx: AppContext, accountInput: unknown, nameInput?: unknown) {
  const account = parseNichandle(accountInput, 'nichandle');
  const name =
    nameInput === undefined || nameInput === '' ? 'API token' : parseText(nameInput, 'name', 100);
  const token = `${API_TOKEN_PREFIX}${newSecret(24)}`;
  const now = ctx.clock.now();
  const id = await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await accountExists(trx, account))) {
      throw new DomainError('UNKNOWN_ACCOUNT', `account ${account} does not exist`);
    }
    const tokenId = await insertApiToken(trx, {
      account,
      name,
      token_hash: hashSecret(token),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    await recordEvent(trx, ctx, {
      event: 'token.created',
      actor: account,
      data: { tokenId, name },
    });
    return tokenId;
  });
  return { id, name, token, createdAt: new Date(now).toISOString() };
}

/** The account an API token belongs to, with its contacts version; undefined when unknown or revoked. */
export async function callerOfApiToken(
  ctx: AppContext,
  token: string,
): Promise<Caller | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await ctx.database.lookup(liveTokenByHash, hashSecret(token));
  if (!row) return undefined;
  const now = ctx.clock.now();
  // Written at most once a minute: a busy script must not turn every read into a write.
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await markApiTokenUsed(ctx.database.db, row.id, now);
  }
  return { nichandle: row.account, contactsVersion: Number(row.contacts_version) };
}

export async function listApiTokens(ctx: AppContext, account: string) {
  const rows = await liveApiTokensOf(ctx.database.db, account);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
  }));
}

export async function revokeApiToken(
  ctx: AppContext,
  account: string,
  idInput: unknown,
): Promise<void> {
  const id = parsePositiveId(idInput, 'token id');
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await revokeApiTokenOf(trx, account, id, ctx.clock.now()))) {
      throw notFound('No such token');
    }
    await recordEvent(trx, ctx, { event: 'token.revoked', actor: account, data: { tokenId: id } });
  });
}
