import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { mailboxRoutes } from '../web/mailbox.routes.js';
import { sendNotFoundPage, wantsPage, webRoutes } from '../web/web.routes.js';
import { apiRoutes } from '../api/api.routes.js';
import { oauth2TokenRoutes } from '../api/oauth2-token.routes.js';
import { acceptJsonOnly } from './api-bodies.js';
import { limitBodyTime } from './body-timeout.js';
import { healthRoutes } from './health.routes.js';
import { DomainError } from '../shared/errors.js';
import { SESSION_COOKIE } from './authenticate.js';
import { makeRateLimiter, type RateLimits } from './rate-limit.js';
import { addSecurityHeaders } from './security-headers.js';
import { handleClientError, handleError, sendError } from './errors.js';
import { STRICT_AJV, strictInput } from './strict-input.js';
import { loggerSerializers, logRequests, REDACTED_PATHS } from './request-log.js';

/** Time a client has to send its request: a contact change is a few hundred bytes. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Largest request body accepted: a contact change or an account is a few hundred bytes. */
export const BODY_LIMIT = 64 * 1024;

export interface ServerOptions {
  /** Where log lines go (one JSON line per request); no logging when omitted. */
  logStream?: { write(line: string): void };
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  bodyLimit?: number;
  /** Time a client has to send a whole request, headers and body (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Overrides of the default rate limits (tests, benchmarks). */
  rateLimits?: Partial<RateLimits>;
}

/**
 * The HTTP face of contacthub, not yet listening: the JSON API of SPEC §5 under /api, its
 * OpenAPI document, and the web UI. Errors everywhere have SPEC's shape {errorCode, message}.
 */
export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const tls = app.ctx.config.tls;
  // With TLS_CERT_FILE and TLS_KEY_FILE, HTTPS directly (SPEC §7): OVH's clients speak nothing else.
  const tlsOptions = tls && { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
  // Node checks the request timeout on this interval (30 s by default): once a second, so that a
  // client dripping a byte every few seconds is cut close to the limit.
  const timeoutChecks = { connectionsCheckingInterval: 1000 };
  const server = Fastify({
    ...(tlsOptions ? { https: { ...tlsOptions, ...timeoutChecks } } : { http: timeoutChecks }),
    // A whole request (headers and body) must arrive within this time, or 408 and the connection
    // is closed: a slow client cannot hold a connection (issue 24). Answers are not bounded.
    requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    logger: options.logStream
      ? {
          level: options.logLevel ?? 'info',
          stream: options.logStream,
          serializers: loggerSerializers,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        }
      : false,
    // Fastify's two lines per request are replaced by one of ours (request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? BODY_LIMIT,
    // Service names may be 255 characters, more once percent-encoded.
    routerOptions: { maxParamLength: 1024 },
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default):
    // otherwise any client could choose its address and escape the limits per address.
    // Links never use the Host header.
    trustProxy: app.ctx.config.trustProxy.length ? app.ctx.config.trustProxy : false,
    clientErrorHandler: handleClientError,
    // A malformed percent-encoding or an over-long parameter, caught before routing.
    frameworkErrors: (error, _request, reply) => void sendError(reply, error),
    // Nothing coerced, unknown fields refused (R4); strict-input.ts reads numbers in query strings.
    ajv: { customOptions: STRICT_AJV },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  server.decorate('contacthub', app);
  server.decorateRequest('callerPromise', undefined);
  server.setErrorHandler(handleError);
  // A browser gets a page in its language; API clients get SPEC's JSON.
  server.setNotFoundHandler((request, reply) =>
    wantsPage(request)
      ? sendNotFoundPage(app, request, reply)
      : sendError(reply, new DomainError('NOT_FOUND', 'Not found')),
  );
  logRequests(server);
  strictInput(server);
  limitBodyTime(server, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);

  const https = app.ctx.config.publicUrl.startsWith('https:');
  addSecurityHeaders(
    server,
    {
      // Tokens travel in links (R9): no page may hand its URL to another site.
      referrerPolicy: { policy: 'no-referrer' },
      hsts: https,
      contentSecurityPolicy: {
        directives: {
          // On a plain-http deployment (the demo) upgrading would break every stylesheet.
          upgradeInsecureRequests: https ? [] : null,
        },
      },
    },
    https,
  );
  await server.register(cookie, { secret: app.ctx.box.sign('cookie-secret') });
  await server.register(formbody, { bodyLimit: options.bodyLimit ?? BODY_LIMIT });

  await server.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'contacthub',
        description:
          'Contacts (administrator, technical, billing) of services, changed through two-party validated requests.',
        version: '1',
      },
      servers: [{ url: app.ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: { type: 'http', scheme: 'bearer' },
          adminToken: { type: 'http', scheme: 'bearer' },
          oauth2: {
            type: 'oauth2',
            description:
              'An API application (POST /api/me/api/oauth2/client) gets access tokens by the ' +
              'client-credentials grant; each acts as the account, like an API token.',
            flows: {
              clientCredentials: {
                tokenUrl: `${app.ctx.config.publicUrl}/api/oauth2/token`,
                scopes: { all: 'everything the account may do (OVH clients ask for it)' },
              },
            },
          },
        },
      },
    },
    hideUntagged: true,
  });
  await server.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets inline styles (nothing else on the docs page may); on plain http, upgrading
    // requests would break the page.
    transformStaticCSP: (header) => {
      const withStyles = header.replace(/style-src ([^;]*);/, "style-src $1 'unsafe-inline';");
      return https ? withStyles : withStyles.replace(/\s*upgrade-insecure-requests;?/, '');
    },
  });

  healthRoutes(server, app);
  const limiter = makeRateLimiter(app.ctx, { ...app.ctx.config.rateLimits, ...options.rateLimits });
  server.addHook('onClose', () => limiter.close());
  await server.register(
    async (api) => {
      acceptJsonOnly(api);
      await api.register(apiRoutes, { app, limiter });
    },
    { prefix: '/api' },
  );
  // Its body is a form (RFC 6749), outside the JSON-only API.
  await server.register(oauth2TokenRoutes, { prefix: '/api', limiter });
  if (!app.ctx.config.production) await server.register(mailboxRoutes, { app });
  await server.register(webRoutes, { app, limiter });
  return server;
}
