import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { contactHistory } from '../audit/contact-history.js';
import { changeContact } from '../contact-changes/change-contact.js';
import { getServiceInfos } from '../services/get-service.js';
import { listServices, parseListQuery } from '../services/list-services.js';
import { requireCaller, requireCallerAccount } from '../server/authenticate.js';
import { ListingCache, sendListing } from './listing-cache.js';
import type { RateLimiter } from '../server/rate-limit.js';
import {
  ChangeContactBody,
  errors,
  HistoryAnswer,
  Ids,
  ServiceInfos,
  ServiceListAnswer,
  ServiceListQuery,
  ServiceParams,
} from './schemas.js';

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/**
 * The customer's services. Under /api/{serviceType}/{serviceName}/…, a service name that holds
 * a `/` travels percent-encoded (%2F); the router decodes it into one parameter.
 */
export const servicesRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;
  const listings = new ListingCache(ctx.config.listingCacheBytes);

  server.get(
    '/me/contacts/services',
    {
      schema: {
        operationId: 'listMyServices',
        tags: ['services'],
        summary: 'services the caller is a contact of, by name then type',
        security,
        querystring: ServiceListQuery,
        response: {
          200: ServiceListAnswer,
          304: Type.Null({ description: "not modified: If-None-Match holds the page's ETag" }),
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const caller = await requireCallerAccount(request);
      const page = await listings.page(caller, request.query, () =>
        listServices(ctx, caller.nichandle, parseListQuery(request.query)),
      );
      return sendListing(request, reply, page);
    },
  );

  server.get(
    '/:serviceType/:serviceName/serviceInfos',
    {
      schema: {
        operationId: 'getServiceInfos',
        tags: ['services'],
        summary: 'a service and its three contacts',
        security,
        params: ServiceParams,
        response: { 200: ServiceInfos, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { serviceType, serviceName } = request.params;
      return getServiceInfos(ctx, await requireCaller(request), serviceType, serviceName);
    },
  );

  server.post(
    '/:serviceType/:serviceName/changeContact',
    {
      schema: {
        operationId: 'changeContact',
        tags: ['services'],
        summary: 'ask for a change of contacts; one request per (from, to) pair',
        security,
        params: ServiceParams,
        body: ChangeContactBody,
        response: { 200: Ids, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      await limiter.check('changesPerAccount', caller);
      const { serviceType, serviceName } = request.params;
      return changeContact(ctx, caller, serviceType, serviceName, request.body);
    },
  );

  server.get(
    '/:serviceType/:serviceName/contactHistory',
    {
      schema: {
        operationId: 'getContactHistory',
        tags: ['services'],
        summary: 'the audit events of a service, oldest first',
        security,
        params: ServiceParams,
        response: { 200: HistoryAnswer, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { serviceType, serviceName } = request.params;
      return contactHistory(ctx, await requireCaller(request), serviceType, serviceName);
    },
  );
  done();
};
