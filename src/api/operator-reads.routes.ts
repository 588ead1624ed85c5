import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { getAccountForOperator } from '../accounts/get-account.js';
import { updateAccount } from '../accounts/update-account.js';
import { listEvents } from '../audit/event-feed.js';
import { operatorContactHistory } from '../audit/operator-history.js';
import { getOperatorService } from '../services/get-operator-service.js';
import { listAccountServices } from '../services/list-account-services.js';
import { setServiceStatus } from '../services/set-service-status.js';
import {
  AccountPatchBody,
  EventsAnswer,
  EventsQuery,
  OperatorAccount,
  OperatorService,
  StatusBody,
} from './operator.schemas.js';
import {
  errors,
  HistoryAnswer,
  NichandleParams,
  ServiceListAnswer,
  ServiceListQuery,
  ServiceParams,
} from './schemas.js';

const security: Record<string, string[]>[] = [{ adminToken: [] }];
const tags = ['operator'];

/**
 * The operator's reads and simple writes (SPEC §5, issue 26): accounts, services, histories and
 * the event feed. Registered inside adminRoutes, whose hook checks ADMIN_TOKEN first.
 */
export const operatorReadRoutes: FastifyPluginCallbackTypebox = (server, _options, done) => {
  const ctx = server.contacthub.ctx;

  server.get(
    '/accounts/:nichandle',
    {
      schema: {
        operationId: 'getAccount',
        tags,
        summary: 'an account, with how many invoices it has unpaid',
        security,
        params: NichandleParams,
        response: { 200: OperatorAccount, ...errors(400, 401, 404) },
      },
    },
    (request) => getAccountForOperator(ctx, request.params.nichandle),
  );

  server.patch(
    '/accounts/:nichandle',
    {
      schema: {
        operationId: 'updateAccount',
        tags,
        summary:
          "set an account's e-mail, name or language; a new e-mail is told to both addresses",
        security,
        params: NichandleParams,
        body: AccountPatchBody,
        response: { 200: OperatorAccount, ...errors(400, 401, 404) },
      },
    },
    (request) => updateAccount(ctx, request.params.nichandle, request.body),
  );

  server.get(
    '/accounts/:nichandle/services',
    {
      schema: {
        operationId: 'listAccountServices',
        tags,
        summary: "an account's services: the same filters, cursor and answer as its own listing",
        security,
        params: NichandleParams,
        querystring: ServiceListQuery,
        response: { 200: ServiceListAnswer, ...errors(400, 401, 404) },
      },
    },
    (request) => listAccountServices(ctx, request.params.nichandle, request.query),
  );

  server.get(
    '/services/:serviceType/:serviceName',
    {
      schema: {
        operationId: 'getService',
        tags,
        summary: 'a service, its contacts and its open requests',
        security,
        params: ServiceParams,
        response: { 200: OperatorService, ...errors(400, 401, 404) },
      },
    },
    (request) => getOperatorService(ctx, request.params.serviceType, request.params.serviceName),
  );

  server.patch(
    '/services/:serviceType/:serviceName',
    {
      schema: {
        operationId: 'setServiceStatus',
        tags,
        summary: "set a service's status",
        security,
        params: ServiceParams,
        body: StatusBody,
        response: { 200: OperatorService, ...errors(400, 401, 404) },
      },
    },
    (request) =>
      setServiceStatus(ctx, request.params.serviceType, request.params.serviceName, request.body),
  );

  server.get(
    '/services/:serviceType/:serviceName/contactHistory',
    {
      schema: {
        operationId: 'getServiceHistory',
        tags,
        summary: 'the audit events of any service, deleted ones included, oldest first',
        security,
        params: ServiceParams,
        response: { 200: HistoryAnswer, ...errors(400, 401, 404) },
      },
    },
    (request) =>
      operatorContactHistory(ctx, request.params.serviceType, request.params.serviceName),
  );

  server.get(
    '/events',
    {
      schema: {
        operationId: 'listEvents',
        tags,
        summary:
          'the audit log as a feed, oldest first: page with `after` = the previous nextCursor',
        description:
          'A page never changes once served and the next one starts exactly after it, even while events are written: an event is served only once every transaction that could still write an earlier one has ended (decision 093). Poll with the last nextCursor; an empty page keeps it.',
        security,
        querystring: EventsQuery,
        response: { 200: EventsAnswer, ...errors(400, 401) },
      },
    },
    (request) => listEvents(ctx, request.query),
  );
  done();
};
