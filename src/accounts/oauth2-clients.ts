import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError, notFound } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import { accountExists } from './account.repository.js';
import {
  insertOAuth2Client,
  liveOAuth2ClientsOf,
  revokeOAuth2ClientOf,
} from './oauth2.repository.js';

/** Client secrets start with this, so that secret scanners and people recognise them. */
export const CLIENT_SECRET_PREFIX = 'chs_';

/**
 * Makes an OAuth2 API application of an account (SPEC §10): a public client id and a secret,
 * returned this once; only the secret's hash is kept. Both are printable ASCII without any
 * character that form-encoding would change, as OVH's Node client requires.
 */
export async function createOAuth2Client(ctx: AppContext, account: string, nameInput: unknown) {
  const name = parseText(nameInput, 'name', 100);
  const clientId = newSecret(12);
  const clientSecret = `${CLIENT_SECRET_PREFIX}${newSecret(24)}`;
  const now = ctx.clock.now();
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await accountExists(trx, account))) {
      throw new DomainError('UNKNOWN_ACCOUNT', `account ${account} does not exist`);
    }
    const id = await insertOAuth2Client(trx, {
      client_id: clientId,
      secret_hash: hashSecret(clientSecret),
      name,
      account,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    await recordEvent(trx, ctx, {
      event: 'application.created',
      actor: account,
      data: { applicationId: id, clientId, name },
    });
  });
  return { clientId, clientSecret, name, createdAt: new Date(now).toISOString() };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** The account's live applications, newest first; never a secret. */
export async function listOAuth2Clients(ctx: AppContext, account: string) {
  const rows = await liveOAuth2ClientsOf(ctx.database.db, account);
  return rows.map((r) => ({
    clientId: r.client_id,
    name: r.name,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
  }));
}

/** One live application of the account, or NOT_FOUND (another account's looks unknown too). */
export async function getOAuth2Client(ctx: AppContext, account: string, clientId: unknown) {
  const found = (await listOAuth2Clients(ctx, account)).find((c) => c.clientId === clientId);
  if (!found) throw notFound('No such application');
  return found;
}

/**
 * Revokes an application: from the commit on, neither its credentials nor any access token it
 * was given work (tokens are read through their application, see oauth2-tokens.ts).
 */
export async function revokeOAuth2Client(
  ctx: AppContext,
  account: string,
  clientId: unknown,
): Promise<void> {
  if (typeof clientId !== 'string' || clientId.length > 100) throw notFound('No such application');
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await revokeOAuth2ClientOf(trx, account, clientId, ctx.clock.now()))) {
      throw notFound('No such application');
    }
    await recordEvent(trx, ctx, {
      event: 'application.revoked',
      actor: account,
      data: { clientId },
    });
  });
}
