import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { presentAccount } from '../accounts/account.presenter.js';
import { findAccount } from '../accounts/account.repository.js';
import { checkLogin, createSession, deleteSession } from '../auth/sessions.js';
import { DomainError } from '../shared/errors.js';
import { requireCaller, SESSION_COOKIE } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { Empty, errors, LoginAnswer, LoginBody, Me } from './schemas.js';

/** POST /api/auth/login, POST /api/auth/logout, GET /api/me. */
export const authRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;
  const secure = ctx.config.publicUrl.startsWith('https:');

  server.post(
    '/auth/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'log in; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginAnswer, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { nichandle, password } = request.body;
      await limiter.checkLogin(nichandle, request.ip);
      const account = await checkLogin(ctx, nichandle, password);
      const session = await createSession(ctx, account);
      // No Expires: the cookie ends with the browser; the database ends idle sessions.
      reply.setCookie(SESSION_COOKIE, session.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
      });
      return { nichandle: account, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  server.post(
    '/auth/logout',
    {
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'log out; ends the session of the cookie',
        response: { 204: Empty },
      },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (typeof sessionId === 'string' && sessionId !== '' && sessionId.length <= 100) {
        await deleteSession(ctx, sessionId);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
      return reply.code(204).send(null);
    },
  );

  server.get(
    '/me',
    {
      schema: {
        operationId: 'getMe',
        tags: ['me'],
        summary: 'the account of the caller',
        security: [{ session: [] }, { apiToken: [] }, { oauth2: [] }] as Record<string, string[]>[],
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      const account = await findAccount(ctx.database.db, caller);
      if (!account) throw new DomainError('NOT_AUTHENTICATED', 'this account no longer exists');
      return presentAccount(account);
    },
  );
  done();
};
