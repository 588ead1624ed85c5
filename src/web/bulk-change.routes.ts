import type { FastifyPluginAsync } from 'fastify';
import { changeContactsInBulk } from '../contact-changes/change-contacts-in-bulk.js';
import { MAX_BATCH_SERVICES, type ServiceRef } from '../contact-changes/parse-bulk-change.js';
import type { AppContext } from '../platform/context.js';
import { listServicesOf } from '../services/list-services.js';
import { isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { BulkChangePage, type BulkSelection } from './pages/bulk-change.page.js';
import { sendPage, webHandler, type SignedIn } from './web-request.js';

const FIELDS = ['contactAdmin', 'contactTech', 'contactBilling'] as const;

function text(source: unknown, name: string, max: number): string {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function selectionOf(source: unknown): BulkSelection {
  const raw = (source as Record<string, unknown> | undefined)?.service;
  const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return {
    services: list.slice(0, MAX_BATCH_SERVICES + 1).map((v) => v.slice(0, 1100)),
    all: text(source, 'all', 1) === '1',
    filter: {
      search: text(source, 'search', 255),
      serviceType: text(source, 'serviceType', 32),
      role: text(source, 'role', 16),
    },
  };
}

/** The services a selection names: those ticked ("type/name"), or every one the filter matches. */
async function servicesOf(
  ctx: AppContext,
  caller: string,
  selection: BulkSelection,
): Promise<ServiceRef[]> {
  if (!selection.all) {
    return selection.services.flatMap((value) => {
      const slash = value.indexOf('/');
      return slash > 0
        ? [{ serviceType: value.slice(0, slash), serviceName: value.slice(slash + 1) }]
        : [];
    });
  }
  const found: ServiceRef[] = [];
  let cursor = '';
  do {
    const page = await listServicesOf(ctx, caller, { ...selection.filter, limit: 500, cursor });
    found.push(
      ...page.items.map((i) => ({ serviceType: i.serviceType, serviceName: i.serviceName })),
    );
    cursor = page.nextCursor ?? '';
  } while (cursor && found.length <= MAX_BATCH_SERVICES);
  return found;
}

/** "Modifier les contacts de la sélection" (R22): the form, its summary (GET) and Valider (POST). */
export const bulkChangeRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  async function show(web: SignedIn, source: unknown, preview: boolean, error?: string) {
    const t = translator(web.lang);
    const selection = selectionOf(source);
    const services = await servicesOf(ctx, web.caller, selection);
    const contacts = Object.fromEntries(FIELDS.map((f) => [f, text(source, f, 64)])) as Record<
      (typeof FIELDS)[number],
      string
    >;
    const props = { ctx: web.page, selection, count: services.length, contacts, error };
    if (services.length === 0) return { props: { ...props, error: t('bulkNothing') }, status: 400 };
    if (services.length > MAX_BATCH_SERVICES)
      return { props: { ...props, error: t('bulkTooMany') }, status: 400 };
    if (!preview || error) return { props, status: error ? 400 : 200, services, contacts };
    const wish = Object.fromEntries(
      FIELDS.filter((f) => contacts[f] !== '').map((f) => [f, contacts[f]]),
    );
    if (Object.keys(wish).length === 0)
      return { props: { ...props, error: t('bulkNoContact') }, status: 400 };
    try {
      const summary = await changeContactsInBulk(
        ctx,
        web.caller,
        { services, ...wish },
        { preview: true },
      );
      return { props: { ...props, summary }, status: 200, services, contacts, wish };
    } catch (failure) {
      if (!isDomainError(failure)) throw failure;
      return { props: { ...props, error: errorText(web.lang, failure.code) }, status: 400 };
    }
  }

  server.get(
    '/contacts/services/bulk',
    webHandler(ctx, async (web, request, reply) => {
      const shown = await show(web, request.query, text(request.query, 'preview', 1) === '1');
      return sendPage(reply, BulkChangePage, shown.props, shown.status);
    }),
  );

  server.post(
    '/contacts/services/bulk',
    webHandler(ctx, async (web, request, reply) => {
      const shown = await show(web, request.body, true);
      if (!shown.wish || !shown.services)
        return sendPage(reply, BulkChangePage, shown.props, shown.status);
      try {
        if (limiter) await limiter.check('changesPerAccount', web.caller);
        const made = await changeContactsInBulk(ctx, web.caller, {
          services: shown.services,
          ...shown.wish,
        });
        if (made.batchId === null)
          return sendPage(reply, BulkChangePage, { ...shown.props, summary: made }, 400);
        return reply.redirect(`/contacts/requests?batchId=${made.batchId}&made=1`, 303);
      } catch (failure) {
        if (!isDomainError(failure)) throw failure;
        return sendPage(
          reply,
          BulkChangePage,
          { ...shown.props, error: errorText(web.lang, failure.code) },
          400,
        );
      }
    }),
  );
  return Promise.resolve();
};
