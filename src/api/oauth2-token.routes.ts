import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ACCESS_TOKEN_SECONDS, issueAccessToken } from '../accounts/oauth2-tokens.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { ovhClassOf } from '../server/errors.js';
import type { ErrorCode } from '../shared/errors.js';

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

const STATUS: Record<OAuthError, number> = {
  invalid_request: 400,
  invalid_client: 401,
  unsupported_grant_type: 400,
};
const CODE: Record<OAuthError, ErrorCode> = {
  invalid_request: 'INVALID_INPUT',
  invalid_client: 'NOT_AUTHENTICATED',
  unsupported_grant_type: 'INVALID_INPUT',
};

/**
 * An error of RFC 6749 §5.2, as JSON: `error` and `error_description` for OAuth2 clients, and
 * contacthub's `errorCode`, `message` and OVH's `class` beside them like every other error.
 */
function refuse(reply: FastifyReply, error: OAuthError, description: string, basic = false) {
  const status = STATUS[error];
  if (basic) void reply.header('www-authenticate', 'Basic realm="contacthub"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error,
      error_description: description,
      class: ovhClassOf(status),
      errorCode: CODE[error],
      message: description,
    });
}

/** Form-encoding's decoding (RFC 6749 §2.3.1: the Basic credentials are form-encoded first). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The client credentials of HTTP Basic, or undefined when the header is not Basic. */
function basicCredentials(request: FastifyRequest): { id?: string; secret?: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return /^Basic\b/i.test(header) ? {} : undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

const TokenForm = Type.Object({
  grant_type: Type.String({ examples: ['client_credentials'] }),
  scope: Type.Optional(Type.String({ description: 'ignored; OVH clients send all' })),
  client_id: Type.Optional(Type.String({ description: 'when not in HTTP Basic' })),
  client_secret: Type.Optional(Type.String({ description: 'when not in HTTP Basic' })),
});
const TokenAnswer = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ examples: [ACCESS_TOKEN_SECONDS] }),
});
const OAuthErrorAnswer = Type.Object({
  error: Type.String({ examples: ['invalid_client'] }),
  error_description: Type.String(),
  class: Type.String(),
  errorCode: Type.String(),
  message: Type.String(),
});

/**
 * POST /api/oauth2/token: the client-credentials grant of RFC 6749 §4.4 (SPEC §10), where OVH's
 * Node client asks with `tokenURL: https://host:port/api/`. Client authentication by HTTP Basic
 * (what that client sends) or by client_id and client_secret in the form. Mounted beside the
 * JSON-only API: its body is a form.
 */
export const oauth2TokenRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;
  // Any other body reaches the handler unparsed, which answers in RFC 6749's terms.
  server.removeContentTypeParser(['application/json', 'text/plain']);
  server.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));

  server.post(
    '/oauth2/token',
    {
      attachValidation: true,
      schema: {
        operationId: 'getOAuthToken',
        tags: ['oauth2'],
        summary: 'an access token for an API application (client credentials, RFC 6749 §4.4)',
        description:
          'HTTP Basic with the form-encoded client id and secret (or client_id and ' +
          'client_secret in the form), body grant_type=client_credentials. The access token ' +
          'acts as the application’s account; it expires after expires_in seconds and stops ' +
          'working when the application is revoked.',
        consumes: ['application/x-www-form-urlencoded'],
        body: TokenForm,
        response: { 200: TokenAnswer, 400: OAuthErrorAnswer, 401: OAuthErrorAnswer },
      },
    },
    async (request, reply) => {
      // Guessing a secret is hopeless (192 bits), but each token is a row: bounded per address.
      await limiter.check('loginPerAddress', `oauth2:${request.ip}`);
      const type = request.headers['content-type'] ?? '';
      const form = request.body as Record<string, unknown> | undefined;
      if (!/^application\/x-www-form-urlencoded\b/i.test(type) || typeof form !== 'object') {
        return refuse(reply, 'invalid_request', 'send a form (application/x-www-form-urlencoded)');
      }
      if (Object.values(form).some((value) => typeof value !== 'string')) {
        return refuse(reply, 'invalid_request', 'each parameter must appear once');
      }
      const fields = form as Record<string, string | undefined>;
      if (!fields.grant_type) return refuse(reply, 'invalid_request', 'grant_type is missing');
      if (fields.grant_type !== 'client_credentials') {
        return refuse(reply, 'unsupported_grant_type', 'only client_credentials is supported');
      }
      const basic = basicCredentials(request);
      const inBody = fields.client_id !== undefined || fields.client_secret !== undefined;
      if (basic !== undefined && inBody) {
        return refuse(reply, 'invalid_request', 'authenticate the client one way only');
      }
      const id = basic ? basic.id : fields.client_id;
      const secret = basic ? basic.secret : fields.client_secret;
      const issued =
        id && secret !== undefined ? await issueAccessToken(ctx, id, secret) : undefined;
      if (!issued) {
        return refuse(reply, 'invalid_client', 'unknown client, wrong secret or revoked', !!basic);
      }
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
      });
    },
  );
  done();
};
