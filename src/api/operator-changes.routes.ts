import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { listAllChanges } from '../contact-changes/list-all-changes.js';
import { AllChangesAnswer, AllChangesQuery } from './operator.schemas.js';
import { errors } from './schemas.js';

const security: Record<string, string[]>[] = [{ adminToken: [] }];
const tags = ['operator'];

/** The operator's view of requests across the platform, and what it may do to them. */
export const operatorChangeRoutes: FastifyPluginCallbackTypebox = (server, _options, done) => {
  const ctx = server.contacthub.ctx;

  server.get(
    '/contactChanges',
    {
      schema: {
        operationId: 'listAllContactChanges',
        tags,
        summary: 'every request of the platform, newest first, with filters and a cursor',
        security,
        querystring: AllChangesQuery,
        response: { 200: AllChangesAnswer, ...errors(400, 401) },
      },
    },
    (request) => listAllChanges(ctx, request.query),
  );
  done();
};
