import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { changeContactsInBulk } from '../contact-changes/change-contacts-in-bulk.js';
import { acceptBatch, refuseBatch } from '../contact-changes/decide-batch.js';
import { getBatch } from '../contact-changes/get-batch.js';
import { requireCaller } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import {
  BatchAccepted,
  BatchAnswer,
  BatchParams,
  BatchRefused,
  BulkChangeAnswer,
  BulkChangeBody,
  errors,
  TokenBody,
} from './schemas.js';

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/** R22: one change on many services, and its batch accepted or refused with one code. */
export const batchesRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;

  server.post(
    '/me/contacts/changeContact',
    {
      bodyLimit: 512 * 1024,
      schema: {
        operationId: 'changeContactsInBulk',
        tags: ['services'],
        summary: 'ask one change on 1 to 1,000 services; failures reported per service (R22)',
        security,
        body: BulkChangeBody,
        response: { 200: BulkChangeAnswer, ...errors(400, 401, 409, 429) },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      await limiter.check('changesPerAccount', caller);
      return changeContactsInBulk(ctx, caller, request.body);
    },
  );

  server.get(
    '/me/task/contactChange/batch/:batchId',
    {
      schema: {
        operationId: 'getContactChangeBatch',
        tags: ['requests'],
        summary: 'the ids of the requests of a batch',
        security,
        params: BatchParams,
        response: { 200: BatchAnswer, ...errors(400, 401, 404) },
      },
    },
    async (request) => getBatch(ctx, await requireCaller(request), request.params.batchId),
  );

  const decision = (action: 'accept' | 'refuse') =>
    server.post(
      `/me/task/contactChange/batch/:batchId/${action}`,
      {
        schema: {
          operationId: `${action}ContactChangeBatch`,
          tags: ['requests'],
          summary: `${action} every request of a batch the caller still has to answer, with its batch code`,
          security,
          params: BatchParams,
          body: TokenBody,
          response: {
            200: action === 'accept' ? BatchAccepted : BatchRefused,
            ...errors(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (request) => {
        const caller = await requireCaller(request);
        await limiter.check('decisionsPerAccount', caller);
        const decide = action === 'accept' ? acceptBatch : refuseBatch;
        const { decided, skipped } = await decide(
          ctx,
          caller,
          request.params.batchId,
          request.body.token,
        );
        return action === 'accept' ? { accepted: decided, skipped } : { refused: decided, skipped };
      },
    );
  decision('accept');
  decision('refuse');
  done();
};
