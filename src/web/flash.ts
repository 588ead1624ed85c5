import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import type { ErrorCode } from '../shared/errors.js';
import { cookieOptions } from './web-request.js';

/** The cookie that carries what a POST has to say to the page it redirects to (decision 096). */
export const FLASH_COOKIE = 'contacthub_flash';

/** What the page after a POST shows once: an error of the domain, what was typed, a new secret. */
export interface Flash {
  error?: ErrorCode;
  details?: Readonly<Record<string, string | number>>;
  /** Form values to show again (nichandles, a validation code); never a password. */
  values?: Record<string, string>;
  /** A form's errors, already in the page's words, each tied to its field. */
  errors?: { message: string; field?: string }[];
  /** A new API token, shown once. */
  created?: { name: string; token: string };
  /** A new OAuth2 API application and its secret, shown once (SPEC §10). */
  createdApp?: { name: string; clientId: string; clientSecret: string };
}

interface Sealed extends Flash {
  for: string;
  at: string;
}

/**
 * Post/redirect/get: the answer to a POST is always a redirect, and what it has to say travels in
 * a short-lived cookie, sealed with SECRET_KEY (it may hold a code or a new token), for one
 * account and one page. Reloading the page shows the page again, never the action.
 */
export function setFlash(
  ctx: AppContext,
  reply: FastifyReply,
  account: string,
  path: string,
  flash: Flash,
): void {
  const sealed: Sealed = { ...flash, for: account, at: path };
  reply.setCookie(FLASH_COOKIE, ctx.box.seal(JSON.stringify(sealed)), {
    ...cookieOptions(ctx),
    maxAge: 300,
  });
}

/** The flash left for this account on this page, removed as it is read. */
export function takeFlash(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  account: string,
  path: string,
): Flash | undefined {
  const cookie = request.cookies[FLASH_COOKIE];
  if (typeof cookie !== 'string' || cookie === '' || cookie.length > 8000) return undefined;
  let sealed: Sealed;
  try {
    sealed = JSON.parse(ctx.box.open(cookie)) as Sealed;
  } catch {
    reply.clearCookie(FLASH_COOKIE, cookieOptions(ctx));
    return undefined;
  }
  if (sealed.for !== account || sealed.at !== path) return undefined;
  reply.clearCookie(FLASH_COOKIE, cookieOptions(ctx));
  return {
    error: sealed.error,
    details: sealed.details,
    values: sealed.values,
    errors: sealed.errors,
    created: sealed.created,
    createdApp: sealed.createdApp,
  };
}
