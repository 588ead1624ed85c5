import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contactHistory } from '../audit/contact-history.js';
import { changeContact } from '../contact-changes/change-contact.js';
import { getServiceInfos } from '../services/get-service.js';
import { requireCaller } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { ChangeContactBody, errors, HistoryAnswer, Ids, ServiceInfos, text } from './schemas.js';

/** Who may call the customer API: the web session, an API token, an OAuth2 access token. */
export const CUSTOMER_SECURITY: Record<string, string[]>[] = [
  { session: [] },
  { apiToken: [] },
  { oauth2: [] },
];
const security = CUSTOMER_SECURITY;

export interface ServicePath {
  /** `/:serviceType`, or one of OVH's fixed prefixes such as `/domain/zone`. */
  prefix: string;
  /** The service type a fixed prefix names; absent when the path carries it. */
  serviceType?: string;
  /** The path parameter holding the service's name (OVH names it per product). */
  nameParam: string;
  /** Appended to the operation ids of an alias, which must be unique in the document. */
  operationSuffix?: string;
}

/**
 * serviceInfos, changeContact and contactHistory of one service, under SPEC §5's path or one of
 * OVH's (SPEC §10). Both run the same use-cases; an alias only fixes the service type.
 */
export function serviceRoutes(server: FastifyInstance, limiter: RateLimiter, path: ServicePath) {
  const ctx = server.contacthub.ctx;
  const params = Type.Object({
    ...(path.serviceType === undefined
      ? { serviceType: text(64, 'domain, zone, hosting, …') }
      : {}),
    [path.nameParam]: text(1024, 'URL-encoded; may contain / as %2F'),
  });
  const base = `${path.prefix}/:${path.nameParam}`;
  const suffix = path.operationSuffix ?? '';
  const alias =
    path.serviceType === undefined ? '' : ` (OVH's path for the ${path.serviceType} service)`;
  const serviceOf = (request: { params: unknown }) => {
    const values = request.params as Record<string, string>;
    return {
      serviceType: path.serviceType ?? values.serviceType,
      serviceName: values[path.nameParam],
    };
  };

  server.get(
    `${base}/serviceInfos`,
    {
      schema: {
        operationId: `getServiceInfos${suffix}`,
        tags: ['services'],
        summary: `a service and its three contacts${alias}`,
        security,
        params,
        response: { 200: ServiceInfos, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { serviceType, serviceName } = serviceOf(request);
      return getServiceInfos(ctx, await requireCaller(request), serviceType, serviceName);
    },
  );

  server.post(
    `${base}/changeContact`,
    {
      schema: {
        operationId: `changeContact${suffix}`,
        tags: ['services'],
        summary: `ask for a change of contacts; one request per (from, to) pair${alias}`,
        security,
        params,
        body: ChangeContactBody,
        response: { 200: Ids, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      await limiter.check('changesPerAccount', caller);
      const { serviceType, serviceName } = serviceOf(request);
      return changeContact(ctx, caller, serviceType, serviceName, request.body);
    },
  );

  server.get(
    `${base}/contactHistory`,
    {
      schema: {
        operationId: `getContactHistory${suffix}`,
        tags: ['services'],
        summary: `the audit events of a service, oldest first${alias}`,
        security,
        params,
        response: { 200: HistoryAnswer, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { serviceType, serviceName } = serviceOf(request);
      return contactHistory(ctx, await requireCaller(request), serviceType, serviceName);
    },
  );
}
