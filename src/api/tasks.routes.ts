import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { cancelChange } from '../contact-changes/cancel-change.js';
import { acceptChange, refuseChange } from '../contact-changes/decide-change.js';
import { getChange, listChangeIds } from '../contact-changes/get-change.js';
import { resendEmail } from '../contact-changes/resend-email.js';
import { requireCaller } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { Empty, errors, Ids, Task, TaskListQuery, TaskParams, TokenBody } from './schemas.js';

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/** The contact-change requests (tasks) the caller is a party of, and their transitions. */
export const tasksRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;

  server.get(
    '/me/task/contactChange',
    {
      schema: {
        operationId: 'listContactChanges',
        tags: ['requests'],
        summary: 'ids of the requests where the caller is asker, old or new contact, newest first',
        security,
        querystring: TaskListQuery,
        response: { 200: Ids, ...errors(400, 401) },
      },
    },
    async (request) => listChangeIds(ctx, await requireCaller(request), request.query),
  );

  server.get(
    '/me/task/contactChange/:id',
    {
      schema: {
        operationId: 'getContactChange',
        tags: ['requests'],
        summary: 'one request',
        security,
        params: TaskParams,
        response: { 200: Task, ...errors(400, 401, 404) },
      },
    },
    async (request) => getChange(ctx, await requireCaller(request), request.params.id),
  );

  const decision = (summary: string, decide: typeof acceptChange) =>
    server.post(
      `/me/task/contactChange/:id/${summary}`,
      {
        schema: {
          operationId: `${summary}ContactChange`,
          tags: ['requests'],
          summary: `${summary} a request with the caller's own validation code`,
          security,
          params: TaskParams,
          body: TokenBody,
          response: { 204: Empty, ...errors(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request, reply) => {
        const caller = await requireCaller(request);
        await limiter.check('decisionsPerAccount', caller);
        await decide(ctx, caller, request.params.id, request.body.token);
        return reply.code(204).send(null);
      },
    );
  decision('accept', acceptChange);
  decision('refuse', refuseChange);

  server.post(
    '/me/task/contactChange/:id/resendEmail',
    {
      schema: {
        operationId: 'resendContactChangeEmail',
        tags: ['requests'],
        summary: 'send the validation e-mail again with a new code; the old one stops working',
        security,
        params: TaskParams,
        response: { 204: Empty, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const caller = await requireCaller(request);
      await limiter.check('decisionsPerAccount', caller);
      await resendEmail(ctx, caller, request.params.id);
      return reply.code(204).send(null);
    },
  );

  server.post(
    '/me/task/contactChange/:id/cancel',
    {
      schema: {
        operationId: 'cancelContactChange',
        tags: ['requests'],
        summary: 'cancel an open request (its asker only)',
        security,
        params: TaskParams,
        response: { 204: Empty, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await cancelChange(ctx, await requireCaller(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  done();
};
