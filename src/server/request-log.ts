import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Query parameters whose values never reach a log line (the e-mail link carries `token`). */
const SECRET_PARAMS = /^(token|password|access_token|api_key)$/i;

/** The URL of a request with the values of secret query parameters replaced. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const raw = eq < 0 ? pair : pair.slice(0, eq);
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        /* a malformed name is logged as sent */
      }
      return SECRET_PARAMS.test(name.trim()) ? `${raw}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** Pino options: no request/response serializer ever prints headers (cookies, Authorization). */
export const loggerSerializers = {
  req: (request: FastifyRequest) => ({ method: request.method, url: loggableUrl(request.url) }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * One structured line per request, written when the answer is sent: method, URL without secrets,
 * status, time taken. Fastify's two default lines are turned off in buildServer.
 */
export function logRequests(server: FastifyInstance): void {
  server.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: loggableUrl(request.url),
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
