import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listServices, parseListQuery } from '../services/list-services.js';
import { requireCallerAccount } from '../server/authenticate.js';
import { ListingCache, sendListing } from './listing-cache.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { errors, ServiceListAnswer, ServiceListQuery } from './schemas.js';
import { CUSTOMER_SECURITY as security, serviceRoutes } from './service.routes.js';

/**
 * OVH's multi-segment service paths and the service type each names (SPEC §10), with the name
 * OVH's schema gives the path parameter.
 */
const OVH_PATHS = [
  { prefix: '/domain/zone', serviceType: 'zone', param: 'zoneName', suffix: 'DomainZone' },
  { prefix: '/hosting/web', serviceType: 'hosting', param: 'serviceName', suffix: 'HostingWeb' },
  {
    prefix: '/dedicated/server',
    serviceType: 'server',
    param: 'serviceName',
    suffix: 'DedicatedServer',
  },
  { prefix: '/email/domain', serviceType: 'email', param: 'domain', suffix: 'EmailDomain' },
] as const;

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

  serviceRoutes(server, limiter, { prefix: '/:serviceType', nameParam: 'serviceName' });
  for (const ovh of OVH_PATHS) {
    serviceRoutes(server, limiter, {
      prefix: ovh.prefix,
      serviceType: ovh.serviceType,
      nameParam: ovh.param,
      operationSuffix: ovh.suffix,
    });
  }
  done();
};
