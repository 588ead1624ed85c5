import type { FastifyRequest } from 'fastify';
import { callerOfApiToken } from '../accounts/api-tokens.js';
import { ACCESS_TOKEN_PREFIX, callerOfAccessToken } from '../accounts/oauth2-tokens.js';
import type { Caller } from '../accounts/caller.js';
import type { App } from '../app.js';
import { callerOfSession } from '../auth/sessions.js';
import { DomainError } from '../shared/errors.js';

/** Name of the cookie that carries the web session id (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'contacthub_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** The running application every route works with. */
    contacthub: App;
  }
  interface FastifyRequest {
    /** Memo of the caller of this request. */
    callerPromise: Promise<Caller | undefined> | undefined;
  }
}

/** The bearer credential of the Authorization header, if any. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

async function findCaller(request: FastifyRequest): Promise<Caller | undefined> {
  const ctx = request.server.contacthub.ctx;
  // An Authorization header wins over the cookie: a script says who it is explicitly.
  if (request.headers.authorization !== undefined) {
    const token = bearerOf(request);
    if (token === undefined) return undefined;
    // An OAuth2 access token (SPEC §10) acts as its application's account, like an API token.
    return token.startsWith(ACCESS_TOKEN_PREFIX)
      ? callerOfAccessToken(ctx, token)
      : callerOfApiToken(ctx, token);
  }
  const sessionId = request.cookies?.[SESSION_COOKIE];
  if (typeof sessionId !== 'string' || sessionId === '') return undefined;
  return callerOfSession(ctx, sessionId);
}

/**
 * The account behind a request, with its contacts version: the web session cookie, or an API
 * token or OAuth2 access token in `Authorization: Bearer`. Undefined when neither is valid. Checked once per request.
 */
export function callerOf(request: FastifyRequest): Promise<Caller | undefined> {
  request.callerPromise ??= findCaller(request);
  return request.callerPromise;
}

/** The caller with its contacts version, or NOT_AUTHENTICATED (401). */
export async function requireCallerAccount(request: FastifyRequest): Promise<Caller> {
  const caller = await callerOf(request);
  if (caller === undefined) {
    throw new DomainError('NOT_AUTHENTICATED', 'log in or give an API token');
  }
  return caller;
}

/** The caller's nichandle, or NOT_AUTHENTICATED (401). */
export async function requireCaller(request: FastifyRequest): Promise<string> {
  return (await requireCallerAccount(request)).nichandle;
}
