import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options, worked out once. @fastify/helmet builds helmet's
 * middleware again on every request (it re-parses the whole Content-Security-Policy each time),
 * which cost a fifth of the stack's time per request; our headers never depend on the request.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet 8 throws a bad option at once; the callback only says it is done.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return Object.freeze(headers);
}

/**
 * The headers of a JSON API answer (OWASP REST Security Cheat Sheet): a JSON document is never a
 * page, so the browser-page headers helmet adds for HTML (opener and resource policies, DNS
 * prefetch, XSS filter…) would only cost time on every call. No answer of the API may be stored
 * by a cache unless its route says so (the listing revalidates with its ETag).
 */
export function apiSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  });
}

/** Whether a route answers JSON under /api (its documentation page is HTML). */
function isJsonApiRoute(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * Sets the security headers on every answer: helmet's for pages, the API's for JSON routes.
 * A route may still set its own (its CSP, its cache policy).
 */
export function addSecurityHeaders(
  server: FastifyInstance,
  pageOptions: HelmetOptions,
  https: boolean,
): void {
  const page = securityHeaders(pageOptions);
  const api = apiSecurityHeaders(https);
  server.addHook('onRequest', (request, reply, done) => {
    reply.headers(isJsonApiRoute(request.routeOptions.url) ? api : page);
    done();
  });
}
