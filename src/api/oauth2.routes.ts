import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createOAuth2Client,
  getOAuth2Client,
  listOAuth2Clients,
  revokeOAuth2Client,
} from '../accounts/oauth2-clients.js';
import { requireCaller } from '../server/authenticate.js';
import { Empty, errors, text } from './schemas.js';
import { CUSTOMER_SECURITY as security } from './service.routes.js';

const NewClientBody = Type.Object({
  name: text(100, 'what the application is, for its owner'),
  description: Type.Optional(text(500, 'OVH: accepted and ignored')),
  flow: Type.Optional(Type.Literal('CLIENT_CREDENTIALS', { description: 'OVH: the only flow' })),
  callbackUrls: Type.Optional(
    Type.Array(Type.String({ maxLength: 2000 }), {
      maxItems: 0,
      description: 'OVH: none for client credentials',
    }),
  ),
});
const NewClientAnswer = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.String({ description: 'shown once; only its hash is kept' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
const Client = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  flow: Type.Literal('CLIENT_CREDENTIALS'),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const ClientParams = Type.Object({ clientId: Type.String({ maxLength: 100 }) });

/** The caller's OAuth2 API applications, at OVH's paths (SPEC §10). */
export const oauth2Routes: FastifyPluginCallbackTypebox = (server, _options, done) => {
  const ctx = server.contacthub.ctx;

  server.post(
    '/me/api/oauth2/client',
    {
      schema: {
        operationId: 'createOAuthClient',
        tags: ['oauth2'],
        summary: 'a new API application: its client id, and its secret shown this once',
        security,
        body: NewClientBody,
        response: { 200: NewClientAnswer, ...errors(400, 401) },
      },
    },
    async (request) => createOAuth2Client(ctx, await requireCaller(request), request.body.name),
  );

  server.get(
    '/me/api/oauth2/client',
    {
      schema: {
        operationId: 'listOAuthClients',
        tags: ['oauth2'],
        summary: "client ids of the caller's live applications, newest first",
        security,
        response: { 200: Type.Array(Type.String()), ...errors(401) },
      },
    },
    async (request) =>
      (await listOAuth2Clients(ctx, await requireCaller(request))).map((c) => c.clientId),
  );

  server.get(
    '/me/api/oauth2/client/:clientId',
    {
      schema: {
        operationId: 'getOAuthClient',
        tags: ['oauth2'],
        summary: 'one application (never its secret)',
        security,
        params: ClientParams,
        response: { 200: Client, ...errors(401, 404) },
      },
    },
    async (request) => ({
      ...(await getOAuth2Client(ctx, await requireCaller(request), request.params.clientId)),
      flow: 'CLIENT_CREDENTIALS' as const,
    }),
  );

  server.delete(
    '/me/api/oauth2/client/:clientId',
    {
      schema: {
        operationId: 'revokeOAuthClient',
        tags: ['oauth2'],
        summary: 'revoke an application: its credentials and access tokens stop working',
        security,
        params: ClientParams,
        response: { 204: Empty, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      await revokeOAuth2Client(ctx, await requireCaller(request), request.params.clientId);
      return reply.code(204).send(null);
    },
  );
  done();
};
