import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { DomainError } from '../shared/errors.js';
import { sendErrorPage, webRequest } from './web-request.js';

/**
 * Whether an unknown URL should answer a page rather than the API's JSON (SPEC §6): a browser
 * says so with `Accept: text/html`; the panel's own paths always get a page; `/api` never does.
 */
export function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/')) return false;
  if (/^\/(contacts|account)(\/|$)/.test(path)) return true;
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\btext\/html\b/.test(accept);
}

/** The "page not found" page, in the reader's language, with a way back. */
export async function sendNotFoundPage(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const web = await webRequest(app.ctx, request, reply);
  return sendErrorPage(reply, web, new DomainError('NOT_FOUND', 'Not found'));
}
