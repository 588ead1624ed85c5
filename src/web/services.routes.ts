import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { contactHistory, contactsAsOf } from '../audit/contact-history.js';
import { isDomainError } from '../shared/errors.js';
import { INPUT_MAX } from '../shared/input-bounds.js';
import { listServicesOf } from '../services/list-services.js';
import { errorText } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { HistoryPage } from './pages/history.page.js';
import { ServicesPage, type ServiceFilters } from './pages/services.page.js';
import { ExportGate, EXPORT_LIMITS, servicesCsv } from './services-csv.js';
import { serviceTypesOf } from '../services/listing.repository.js';
import { queryField, sendPage, webHandler } from './web-request.js';

function filtersOf(request: FastifyRequest): ServiceFilters {
  return {
    search: queryField(request, 'search').slice(0, INPUT_MAX.search),
    serviceType: queryField(request, 'serviceType').slice(0, INPUT_MAX.serviceType),
    role: queryField(request, 'role').slice(0, 16),
    cursor: queryField(request, 'cursor').slice(0, INPUT_MAX.cursor),
  };
}

/** What a 503 of the CSV export tells the client to wait before trying again. */
const EXPORT_RETRY_AFTER_SECONDS = 5;

/** "Mes services": the list, its CSV export, and a service's history (R17). */
export const servicesRoutes: FastifyPluginAsync<WebOptions> = (server, { app }) => {
  const ctx = app.ctx;

  server.get('/contacts', async (_request, reply) => reply.redirect('/contacts/services', 303));

  server.get(
    '/contacts/services',
    webHandler(ctx, async (web, request, reply) => {
      const filters = filtersOf(request);
      const serviceTypes = await serviceTypesOf(ctx.database.db, web.caller);
      try {
        const page = await listServicesOf(ctx, web.caller, filters);
        return sendPage(reply, ServicesPage, {
          ctx: web.page,
          filters,
          serviceTypes,
          items: page.items,
          nextCursor: page.nextCursor,
        });
      } catch (error) {
        if (!isDomainError(error, 'INVALID_INPUT')) throw error;
        return sendPage(
          reply,
          ServicesPage,
          {
            ctx: web.page,
            filters,
            serviceTypes,
            items: [],
            nextCursor: null,
            error: errorText(web.lang, error.code),
          },
          400,
        );
      }
    }),
  );

  // Exports take their turn, a few at a time per process (decision 108).
  const exports = new ExportGate(EXPORT_LIMITS);
  server.get(
    '/contacts/services.csv',
    webHandler(ctx, async (web, request, reply) => {
      const { search, serviceType, role } = filtersOf(request);
      const gone = new AbortController();
      const onClose = () => gone.abort();
      reply.raw.once('close', onClose);
      const release = await exports.enter(gone.signal);
      reply.raw.off('close', onClose);
      if (release === undefined) {
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .header('retry-after', String(EXPORT_RETRY_AFTER_SECONDS))
          .type('application/json; charset=utf-8')
          .send({
            class: 'Server::ServiceUnavailable',
            errorCode: 'INTERNAL_ERROR',
            message: 'too many exports at once, try again shortly',
          });
      }
      let stream;
      try {
        stream = await servicesCsv(ctx, web.caller, { search, serviceType, role });
      } catch (error) {
        release();
        throw error;
      }
      // 'close' comes once the stream ended, failed or was destroyed (the client went away).
      stream.once('close', release);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="services.csv"')
        .type('text/csv; charset=utf-8')
        .send(stream);
    }),
  );

  server.get<{ Params: { serviceType: string; serviceName: string } }>(
    '/contacts/services/:serviceType/:serviceName/history',
    webHandler(ctx, async (web, request, reply) => {
      const { serviceType, serviceName } = request.params as {
        serviceType: string;
        serviceName: string;
      };
      const history = await contactHistory(ctx, web.caller, serviceType, serviceName);
      const at = queryField(request, 'at');
      let asOf;
      if (/^\d{4}-\d{2}-\d{2}$/.test(at) && !Number.isNaN(Date.parse(`${at}T00:00:00Z`))) {
        // The contacts at the end of that day (UTC), as the person would read "on that date".
        const end = Date.parse(`${at}T23:59:59.999Z`);
        asOf = { date: at, contacts: contactsAsOf(history, end) };
      }
      return sendPage(reply, HistoryPage, {
        ctx: web.page,
        serviceType,
        serviceName,
        history,
        asOf,
      });
    }),
  );
  return Promise.resolve();
};
