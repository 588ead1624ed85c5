import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentType } from 'preact';
import { findAccount } from '../accounts/account.repository.js';
import { callerOfSession } from '../auth/sessions.js';
import type { AppContext } from '../platform/context.js';
import { newSecret, safeEqual } from '../platform/crypto.js';
import { SESSION_COOKIE } from '../server/authenticate.js';
import { HTTP_STATUS, isDomainError, type ErrorCode } from '../shared/errors.js';
import { errorText, isLanguage, translator, type Language } from './i18n.js';
import { pageContext, renderPage, type PageContext } from './layout.js';
import { ErrorPage } from './pages/error.page.js';

/** The language the person chose with `?lang=`, kept for a year. */
export const LANG_COOKIE = 'contacthub_lang';
/** A random value that ties the login form to this browser (login CSRF). */
export const LOGIN_COOKIE = 'contacthub_login';

/** What the web pages know about one request. */
export interface WebRequest {
  page: PageContext;
  lang: Language;
  /** The logged-in account and its session id, when there is one. */
  caller?: string;
  sessionId?: string;
}

function secureCookies(ctx: AppContext): boolean {
  return ctx.config.publicUrl.startsWith('https:');
}

function cookieOptions(ctx: AppContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: secureCookies(ctx) };
}

function acceptedLanguage(request: FastifyRequest): Language | undefined {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return undefined;
}

/** The CSRF token of a session: an HMAC of its id, so nothing has to be stored. */
export function csrfTokenFor(ctx: AppContext, sessionId: string): string {
  return ctx.box.sign(`csrf:${sessionId}`);
}

function loginCsrf(ctx: AppContext, nonce: string): string {
  return ctx.box.sign(`login:${nonce}`);
}

/**
 * Reads the session, the language and the CSRF token of a request. The language is the one
 * chosen with `?lang=` (then kept in a cookie), else the account's, else the browser's, else
 * French.
 */
export async function webRequest(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<WebRequest> {
  const sessionId = request.cookies[SESSION_COOKIE];
  const caller =
    typeof sessionId === 'string' && sessionId !== ''
      ? (await callerOfSession(ctx, sessionId))?.nichandle
      : undefined;
  const account = caller === undefined ? undefined : await findAccount(ctx.database.db, caller);

  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  let lang: Language | undefined;
  if (isLanguage(asked)) {
    lang = asked;
    reply.setCookie(LANG_COOKIE, asked, { ...cookieOptions(ctx), maxAge: 365 * 24 * 3600 });
  } else {
    const kept = request.cookies[LANG_COOKIE];
    if (isLanguage(kept)) lang = kept;
  }
  lang ??= account?.language ?? acceptedLanguage(request) ?? 'fr';

  let csrf: string;
  if (account && typeof sessionId === 'string') {
    csrf = csrfTokenFor(ctx, sessionId);
  } else {
    let nonce = request.cookies[LOGIN_COOKIE];
    if (typeof nonce !== 'string' || nonce.length < 20 || nonce.length > 100) {
      nonce = newSecret();
      reply.setCookie(LOGIN_COOKIE, nonce, cookieOptions(ctx));
    }
    csrf = loginCsrf(ctx, nonce);
  }
  const page = pageContext(
    lang,
    request.url,
    csrf,
    account ? { nichandle: account.nichandle, name: account.name } : undefined,
  );
  return account
    ? { page, lang, caller: account.nichandle, sessionId: sessionId as string }
    : { page, lang };
}

/** Whether a posted form carries the CSRF token of this session (or of this login form). */
export function csrfValid(ctx: AppContext, request: FastifyRequest, web: WebRequest): boolean {
  const given = formField(request.body, '_csrf');
  if (given === '') return false;
  if (web.sessionId !== undefined) return safeEqual(given, csrfTokenFor(ctx, web.sessionId));
  const nonce = request.cookies[LOGIN_COOKIE];
  return typeof nonce === 'string' && safeEqual(given, loginCsrf(ctx, nonce));
}

/** One text field of a posted form (urlencoded); '' when absent or repeated. */
export function formField(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** One text parameter of the query string; '' when absent or repeated. */
export function queryField(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The error code a redirect after a form put in `?error=`; undefined when it is none. */
export function queryErrorCode(request: FastifyRequest): ErrorCode | undefined {
  const value = queryField(request, 'error');
  // Own keys only: `'toString' in HTTP_STATUS` is true through the prototype.
  return Object.hasOwn(HTTP_STATUS, value) ? (value as ErrorCode) : undefined;
}

/**
 * A return path after login: only a path of this site (no scheme, no host, no `//` or `/\`
 * that a browser would read as another host).
 */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  if (value.startsWith('/login') || value.startsWith('/logout')) return undefined;
  return value;
}

/** Sends a page. Pages hold personal data and sometimes a code: never cached. */
export function sendPage<P>(
  reply: FastifyReply,
  component: ComponentType<P>,
  props: P,
  status = 200,
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderPage(h(component as ComponentType<object>, props as object)));
}

/** The page of a refused action: the domain's code decides the words and the status. */
export function sendErrorPage(reply: FastifyReply, web: WebRequest, error: unknown): FastifyReply {
  const t = translator(web.lang);
  if (isDomainError(error, 'NOT_FOUND')) {
    return sendPage(
      reply,
      ErrorPage,
      { ctx: web.page, title: t('notFoundTitle'), message: t('notFoundText') },
      404,
    );
  }
  if (isDomainError(error)) {
    return sendPage(
      reply,
      ErrorPage,
      { ctx: web.page, title: t('errorTitle'), message: errorText(web.lang, error.code) },
      HTTP_STATUS[error.code],
    );
  }
  throw error;
}

export function loginRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = safeNext(request.url);
  return reply
    .header('cache-control', 'no-store')
    .redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login', 303);
}

export { cookieOptions };

type Handler<W> = (web: W, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type SignedIn = WebRequest & { caller: string; sessionId: string };

/**
 * A page or form of the web UI. Pages that need a session send the person through the login
 * and back; every POST must carry the CSRF token of the form it comes from; refusals of the
 * domain become a page in the person's language (never JSON).
 */
export function webHandler(
  ctx: AppContext,
  handler: Handler<SignedIn>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  return async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    if (web.caller === undefined || web.sessionId === undefined) {
      if (request.method === 'GET') return loginRedirect(request, reply);
      return reply.header('cache-control', 'no-store').redirect('/login', 303);
    }
    if (request.method === 'POST' && !csrfValid(ctx, request, web)) return sendBadForm(reply, web);
    try {
      return await handler(web as SignedIn, request, reply);
    } catch (error) {
      // An error page after a POST switches language on the home page, not on the POST's URL.
      if (request.method !== 'GET') web.page.url = '/contacts/services';
      if (isDomainError(error)) return sendErrorPage(reply, web, error);
      // Anything else is our fault: logged, and a page that reveals nothing of the cause.
      request.log.error({ err: error }, 'web page failed');
      const t = translator(web.lang);
      return sendPage(
        reply,
        ErrorPage,
        { ctx: web.page, title: t('errorTitle'), message: errorText(web.lang, 'INTERNAL_ERROR') },
        500,
      );
    }
  };
}

export function sendBadForm(reply: FastifyReply, web: WebRequest): FastifyReply {
  const t = translator(web.lang);
  return sendPage(
    reply,
    ErrorPage,
    { ctx: web.page, title: t('badFormTitle'), message: t('badForm') },
    403,
  );
}
