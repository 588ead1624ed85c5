import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { cancelAsOperator } from '../contact-changes/cancel-as-operator.js';
import { listAllChanges } from '../contact-changes/list-all-changes.js';
import { supportChange } from '../contact-changes/support-change.js';
import { deleteService } from '../services/delete-service.js';
import {
  AllChangesAnswer,
  AllChangesQuery,
  AppliedIds,
  CancelBody,
  SupportChangeBody,
} from './operator.schemas.js';
import { Empty, errors, ServiceParams, TaskParams } from './schemas.js';

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

  server.post(
    '/contactChanges/:id/cancel',
    {
      schema: {
        operationId: 'cancelContactChangeAsOperator',
        tags,
        summary: 'end an open request (aborted); every party is told, with the reason if given',
        security,
        params: TaskParams,
        body: CancelBody,
        response: { 204: Empty, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await cancelAsOperator(ctx, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  server.post(
    '/services/:serviceType/:serviceName/changeContact',
    {
      schema: {
        operationId: 'changeContactAsOperator',
        tags,
        summary: "the support desk's change: applied at once, with a reason",
        description:
          'No validation by the customers: the change is made and applied in one transaction, ends `done`, and every party is told by e-mail. R4, R5 (403 UNPAID_INVOICES) and R7 (409 CHANGE_PENDING) still hold. The operator and the reason are in the audit log (contactHistory, the event feed).',
        security,
        params: ServiceParams,
        body: SupportChangeBody,
        response: { 200: AppliedIds, ...errors(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      supportChange(ctx, request.params.serviceType, request.params.serviceName, request.body),
  );

  server.delete(
    '/services/:serviceType/:serviceName',
    {
      schema: {
        operationId: 'deleteService',
        tags,
        summary: 'end a service: its open requests aborted and their parties told; history kept',
        description:
          'The service leaves its contacts’ listings and every customer route answers 404 for it. Its history stays readable at the operator’s contactHistory, also once its name is given to a new service.',
        security,
        params: ServiceParams,
        response: { 204: Empty, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await deleteService(ctx, request.params.serviceType, request.params.serviceName);
      return reply.code(204).send(null);
    },
  );
  done();
};
