import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { cancelChange } from '../contact-changes/cancel-change.js';
import { acceptChange, refuseChange } from '../contact-changes/decide-change.js';
import { getChange, listChangeIds } from '../contact-changes/get-change.js';
import { listChangesPage } from '../contact-changes/list-changes-page.js';
import { resendEmail } from '../contact-changes/resend-email.js';
import { invalidInput } from '../shared/errors.js';
import { requireCaller } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import {
  Empty,
  errors,
  Ids,
  PagingHeaders,
  Task,
  TaskListQuery,
  TaskParams,
  TokenBody,
} from './schemas.js';

/** OVH's paging by pages of full objects (SPEC §10). */
const PAGES_MODE = 'CachedObjectList-Pages';

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }, { oauth2: [] }];

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
        description:
          "With OVH's paging headers (X-Pagination-Mode: CachedObjectList-Pages, " +
          'X-Pagination-Size, X-Pagination-Number), one page of full requests instead, and ' +
          'X-Pagination-Elements (how many in all), X-Pagination-Number, X-Pagination-Size.',
        security,
        querystring: TaskListQuery,
        headers: PagingHeaders,
        response: { 200: Type.Union([Ids, Type.Array(Task)]), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const caller = await requireCaller(request);
      const mode = request.headers['x-pagination-mode'];
      if (mode === undefined) return listChangeIds(ctx, caller, request.query);
      if (mode !== PAGES_MODE) throw invalidInput(`X-Pagination-Mode must be ${PAGES_MODE}`);
      const page = await listChangesPage(ctx, caller, request.query, {
        number: request.headers['x-pagination-number'],
        size: request.headers['x-pagination-size'],
      });
      void reply.headers({
        'x-pagination-mode': PAGES_MODE,
        'x-pagination-elements': String(page.total),
        'x-pagination-number': String(page.number),
        'x-pagination-size': String(page.size),
      });
      return page.items;
    },
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
