import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Query parameters whose values never reach a log line (the e-mail link carries `token`). */
const SECRET_PARAMS = /^(token|password|access_token|api_key|client_secret|code|_csrf)$/i;

/** How deep a URL inside a parameter inside a URL… is followed (`next` holds the e-mail link). */
const MAX_DEPTH = 4;

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * A query string with secret values replaced, and every other value that is itself a URL or a
 * query (the `next` of the login redirect: `/login?next=%2Fcontacts%2Frequests%3FtaskId%3D1%26token%3D…`)
 * redacted the same way, once decoded, then encoded again.
 */
function redactQuery(query: string, depth: number): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decode(rawName) ?? rawName;
      if (SECRET_PARAMS.test(name.trim())) return `${rawName}=[redacted]`;
      if (eq < 0) return pair;
      const rawValue = pair.slice(eq + 1);
      const value = decode(rawValue);
      // A value that cannot be decoded cannot be read as a URL either: nothing secret is seen in
      // it, but it is dropped rather than trusted when it looks like one.
      if (value === undefined) return /[?&=]|%3d/i.test(rawValue) ? `${rawName}=[redacted]` : pair;
      if (value === rawValue && !/[?&=]/.test(value)) return pair;
      const inner = redactNested(value, depth + 1);
      return inner === value ? pair : `${rawName}=${encodeURIComponent(inner)}`;
    })
    .join('&');
}

/** A URL, or a bare query string inside a parameter, with its secrets redacted. */
function redactNested(text: string, depth: number): string {
  if (depth > MAX_DEPTH) return /[?&=]/.test(text) ? '[redacted]' : text;
  const hash = text.indexOf('#');
  const beforeHash = hash < 0 ? text : text.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactQuery(text.slice(hash + 1), depth)}`;
  const q = beforeHash.indexOf('?');
  if (q >= 0) {
    return `${beforeHash.slice(0, q)}?${redactQuery(beforeHash.slice(q + 1), depth)}${fragment}`;
  }
  if (beforeHash.includes('=')) return `${redactQuery(beforeHash, depth)}${fragment}`;
  return `${beforeHash}${fragment}`;
}

/**
 * The URL of a request with the values of secret query parameters replaced, wherever they sit:
 * in the query, or in a URL carried (percent-encoded, any number of times) by another parameter.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return `${url.slice(0, q)}?${redactQuery(url.slice(q + 1), 0)}`;
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
