import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.js';
import { checkLogin, createSession, deleteSession } from '../auth/sessions.js';
import { SESSION_COOKIE } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import { LoginPage } from './pages/login.page.js';
import {
  cookieOptions,
  csrfValid,
  formField,
  LOGIN_COOKIE,
  queryField,
  safeNext,
  sendBadForm,
  sendPage,
  webRequest,
} from './web-request.js';
import { INPUT_MAX } from '../shared/input-bounds.js';

export interface WebOptions {
  app: App;
  /** The limits of the JSON API, shared so that the login form is no easier to brute-force. */
  limiter?: RateLimiter;
}

const HOME = '/contacts/services';

/** GET /, GET and POST /login, POST /logout. */
export const loginRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  server.get('/', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    return reply.header('cache-control', 'no-store').redirect(web.caller ? HOME : '/login', 303);
  });

  server.get('/login', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    const next = safeNext(queryField(request, 'next'));
    if (web.caller) return reply.redirect(next ?? HOME, 303);
    const t = translator(web.lang);
    const notice = queryField(request, 'bye')
      ? t('loggedOut')
      : queryField(request, 'reset')
        ? t('resetDone')
        : next
          ? t('loginToContinue')
          : undefined;
    return sendPage(reply, LoginPage, { ctx: web.page, next, notice });
  });

  server.post('/login', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    if (!csrfValid(ctx, request, web)) return sendBadForm(reply, web);
    const nichandle = formField(request.body, 'nichandle');
    const password = formField(request.body, 'password');
    const next = safeNext(formField(request.body, 'next'));
    web.page.url = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
    try {
      if (limiter) {
        await limiter.checkLogin(nichandle, request.ip);
      }
      const account = await checkLogin(ctx, nichandle, password);
      // A new session at each login: an id planted before login is never promoted.
      const old = request.cookies[SESSION_COOKIE];
      if (typeof old === 'string' && old !== '' && old.length <= 100) await deleteSession(ctx, old);
      const session = await createSession(ctx, account);
      reply.setCookie(SESSION_COOKIE, session.sessionId, cookieOptions(ctx));
      reply.clearCookie(LOGIN_COOKIE, cookieOptions(ctx));
      return reply.header('cache-control', 'no-store').redirect(next ?? HOME, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const t = translator(web.lang);
      const rateLimited = error.code === 'RATE_LIMITED';
      return sendPage(
        reply,
        LoginPage,
        {
          ctx: web.page,
          next,
          nichandle: nichandle.slice(0, INPUT_MAX.nichandle),
          error: rateLimited ? errorText(web.lang, error.code) : t('wrongLogin'),
        },
        rateLimited ? 429 : 401,
      );
    }
  });

  server.post('/logout', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    if (web.sessionId !== undefined) {
      if (!csrfValid(ctx, request, web)) return sendBadForm(reply, web);
      await deleteSession(ctx, web.sessionId);
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
    // "Changer de compte": log out, then log in and come back to the same page (an e-mail link).
    const next = safeNext(formField(request.body, 'next'));
    const to = next ? `/login?next=${encodeURIComponent(next)}` : '/login?bye=1';
    return reply.header('cache-control', 'no-store').redirect(to, 303);
  });
  return Promise.resolve();
};
