import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { createApiToken } from '../accounts/api-tokens.js';
import { createAccount } from '../accounts/create-account.js';
import { createInvoice, payInvoice } from '../invoices/manage-invoices.js';
import { safeEqual } from '../platform/crypto.js';
import { createService } from '../services/create-service.js';
import { DomainError } from '../shared/errors.js';
import { bearerOf } from '../server/authenticate.js';
import { operatorChangeRoutes } from './operator-changes.routes.js';
import { operatorReadRoutes } from './operator-reads.routes.js';
import {
  Empty,
  errors,
  IdAnswer,
  InvoiceParams,
  Me,
  NewAccountBody,
  NewInvoiceBody,
  NewServiceBody,
  NewTokenAnswer,
  NewTokenBody,
  NichandleParams,
  ServiceInfos,
} from './schemas.js';

const security: Record<string, string[]>[] = [{ adminToken: [] }];

/**
 * The operator API (billing and provisioning systems), behind `Authorization: Bearer
 * $ADMIN_TOKEN`. Registered only when ADMIN_TOKEN is set; otherwise these paths are 404.
 */
export const adminRoutes: FastifyPluginCallbackTypebox<{ adminToken: string }> = (
  server,
  { adminToken },
  done,
) => {
  const ctx = server.contacthub.ctx;

  server.addHook('onRequest', (request, _reply, next) => {
    const presented = bearerOf(request);
    // safeEqual hashes both sides first: the time taken says nothing about the token.
    if (presented === undefined || !safeEqual(presented, adminToken)) {
      next(new DomainError('NOT_AUTHENTICATED', 'the operator API needs the admin token'));
      return;
    }
    next();
  });

  server.post(
    '/accounts',
    {
      schema: {
        operationId: 'createAccount',
        tags: ['operator'],
        summary: 'create an account (a nichandle is made when none is given)',
        security,
        body: NewAccountBody,
        response: { 201: Me, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createAccount(ctx, request.body)),
  );

  server.post(
    '/accounts/:nichandle/tokens',
    {
      schema: {
        operationId: 'createApiToken',
        tags: ['operator'],
        summary: 'make an API token for an account; the token is shown this once',
        security,
        params: NichandleParams,
        body: NewTokenBody,
        response: { 201: NewTokenAnswer, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const made = await createApiToken(ctx, request.params.nichandle, request.body?.name);
      return reply.code(201).send(made);
    },
  );

  server.post(
    '/services',
    {
      schema: {
        operationId: 'createService',
        tags: ['operator'],
        summary: 'create a service; tech and billing default to the admin',
        security,
        body: NewServiceBody,
        response: { 201: ServiceInfos, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createService(ctx, request.body)),
  );

  server.post(
    '/invoices',
    {
      schema: {
        operationId: 'createInvoice',
        tags: ['operator'],
        summary: 'record an invoice of an account (unpaid by default)',
        security,
        body: NewInvoiceBody,
        response: { 201: IdAnswer, ...errors(400, 401) },
      },
    },
    async (request, reply) => reply.code(201).send(await createInvoice(ctx, request.body)),
  );

  server.post(
    '/invoices/:id/pay',
    {
      schema: {
        operationId: 'payInvoice',
        tags: ['operator'],
        summary: 'mark an invoice paid',
        security,
        params: InvoiceParams,
        response: { 204: Empty, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await payInvoice(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Inside this plugin, so that the ADMIN_TOKEN hook above guards them too.
  void server.register(operatorReadRoutes);
  void server.register(operatorChangeRoutes);
  done();
};
