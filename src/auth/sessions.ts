import { findAccount } from '../accounts/account.repository.js';
import type { Caller } from '../accounts/caller.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { verifyPassword } from '../accounts/password.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError } from '../shared/errors.js';
import {
  deleteSessionByHash,
  deleteSessionsExpiredBy,
  deleteSessionsOf,
  extendSession,
  insertSession,
  sessionByHash,
} from './session.repository.js';

/** How long a web session lasts without use. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const WRONG_LOGIN = 'wrong account ID or password';

/**
 * Checks a nichandle and password. Says the same thing, after the same work, whether the account
 * is unknown, has no password, or the password is wrong.
 */
export async function checkLogin(
  ctx: AppContext,
  nichandle: unknown,
  password: unknown,
): Promise<string> {
  let id: string | undefined;
  try {
    id = parseNichandle(nichandle);
  } catch {
    id = undefined;
  }
  const account = id === undefined ? undefined : await findAccount(ctx.database.db, id);
  const ok = await verifyPassword(
    account?.password_hash ?? null,
    typeof password === 'string' ? password.slice(0, 200) : '',
  );
  if (!account || !ok) throw new DomainError('NOT_AUTHENTICATED', WRONG_LOGIN);
  return account.nichandle;
}

/** Opens a session; the id goes in the cookie, only its hash in the database. */
export async function createSession(ctx: AppContext, nichandle: string) {
  const sessionId = newSecret(32);
  const now = ctx.clock.now();
  const expiresAt = now + SESSION_TTL_MS;
  await insertSession(ctx.database.db, {
    id_hash: hashSecret(sessionId),
    account: nichandle,
    created_at: now,
    expires_at: expiresAt,
  });
  return { sessionId, expiresAt };
}

/**
 * The account of a live session with its contacts version, or undefined. Sliding expiry, renewed
 * at most every minute.
 */
export async function callerOfSession(
  ctx: AppContext,
  sessionId: string,
): Promise<Caller | undefined> {
  if (sessionId.length === 0 || sessionId.length > 100) return undefined;
  const idHash = hashSecret(sessionId);
  const now = ctx.clock.now();
  const row = await ctx.database.lookup(sessionByHash, idHash);
  if (!row || row.expires_at <= now) return undefined;
  if (row.expires_at - now < SESSION_TTL_MS - 60_000) {
    await extendSession(ctx.database.db, idHash, now + SESSION_TTL_MS);
  }
  return { nichandle: row.account, contactsVersion: Number(row.contacts_version) };
}

export async function deleteSession(ctx: AppContext, sessionId: string): Promise<void> {
  await deleteSessionByHash(ctx.database.db, hashSecret(sessionId));
}

/**
 * Ends every session of an account but the one given (R20: after a password change or reset),
 * in the caller's transaction. Returns how many ended.
 */
export async function endOtherSessions(
  db: Executor,
  nichandle: string,
  keepSessionId?: string,
): Promise<number> {
  const keep = keepSessionId === undefined ? undefined : hashSecret(keepSessionId);
  return deleteSessionsOf(db, nichandle, keep);
}

/** Drops expired sessions; run by the worker. Returns whether it removed any. */
export async function purgeExpiredSessions(ctx: AppContext): Promise<boolean> {
  return (await deleteSessionsExpiredBy(ctx.database.db, ctx.clock.now())) > 0;
}
