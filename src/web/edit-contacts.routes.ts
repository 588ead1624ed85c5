import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { changeContact } from '../contact-changes/change-contact.js';
import { getChanges, listChangeIds } from '../contact-changes/get-change.js';
import { hasUnpaidInvoices } from '../invoices/invoice.repository.js';
import type { AppContext } from '../platform/context.js';
import { getVisibleService } from '../services/get-service.js';
import {
  CONTACT_TYPE,
  roleOfContactType,
  ROLES,
  rolesOf,
  type Contacts,
  type Role,
} from '../services/roles.js';
import { contactsOf } from '../services/service.repository.js';
import { HTTP_STATUS, isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { EditContactsPage } from './pages/edit-contacts.page.js';
import { formField, sendPage, webHandler, type SignedIn } from './web-request.js';

type Params = { serviceType: string; serviceName: string };

/** R2–R3: the admin may change every role, a tech or billing contact only its own. */
export function editableRoles(myRoles: Role[]): Role[] {
  return myRoles.includes('admin') ? [...ROLES] : myRoles.filter((r) => r !== 'admin');
}

/** Open requests on the roles of one service that the caller can see, by role. */
async function pendingRoles(
  ctx: AppContext,
  caller: string,
  serviceType: string,
  serviceName: string,
) {
  const ids = await listChangeIds(ctx, caller, { state: 'validatingByCustomers', limit: 500 });
  const views = await getChanges(ctx, caller, ids);
  const pending: Partial<Record<Role, number>> = {};
  for (const view of views) {
    if (view.serviceType !== serviceType || view.serviceDomain !== serviceName) continue;
    for (const type of view.contactTypes) pending[roleOfContactType(type)] ??= view.id;
  }
  return pending;
}

/** "Modifier les contacts": the form (GET) and the request it makes (POST, changeContact). */
export const editContactsRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;
  const path = '/contacts/services/:serviceType/:serviceName/edit';

  async function showForm(
    web: SignedIn,
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<Role, string>,
    error?: { message: string; status: number },
  ) {
    const { serviceType, serviceName } = request.params as Params;
    const service = await getVisibleService(ctx, web.caller, serviceType, serviceName);
    const current: Contacts = contactsOf(service);
    const myRoles = rolesOf(current, web.caller);
    const editable = editableRoles(myRoles);
    let unpaidWarning: string | undefined;
    if (
      editable.includes('billing') &&
      (await hasUnpaidInvoices(ctx.database.db, current.billing))
    ) {
      const t = translator(web.lang);
      unpaidWarning =
        current.billing === web.caller
          ? t('unpaidSelf')
          : t('unpaidOther', { account: current.billing });
    }
    return sendPage(
      reply,
      EditContactsPage,
      {
        ctx: web.page,
        serviceType: service.service_type,
        serviceName: service.service_name,
        current,
        myRoles,
        editable,
        values: values ?? current,
        unpaidWarning,
        pending: await pendingRoles(ctx, web.caller, service.service_type, service.service_name),
        error: error?.message,
      },
      error?.status ?? 200,
    );
  }

  server.get(
    path,
    webHandler(ctx, (web, request, reply) => showForm(web, request, reply)),
  );

  server.post(
    path,
    webHandler(ctx, async (web, request, reply) => {
      const { serviceType, serviceName } = request.params as Params;
      const service = await getVisibleService(ctx, web.caller, serviceType, serviceName);
      const current = contactsOf(service);
      const typed = { ...current };
      const wish: Partial<Record<(typeof CONTACT_TYPE)[Role], string>> = {};
      for (const role of ROLES) {
        const field = CONTACT_TYPE[role];
        const value = formField(request.body, field).trim().slice(0, 200);
        if (value === '') continue;
        typed[role] = value;
        // A field left as it was is not a wish: only what the person changed is asked for.
        if (value.toLowerCase() !== current[role]) wish[field] = value;
      }
      if (Object.keys(wish).length === 0) {
        const t = translator(web.lang);
        return showForm(web, request, reply, typed, { message: t('noChange'), status: 400 });
      }
      try {
        if (limiter) await limiter.check('changesPerAccount', web.caller);
        const ids = await changeContact(ctx, web.caller, serviceType, serviceName, wish);
        return reply.redirect(`/contacts/requests?created=${ids.join(',')}`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.code === 'NOT_FOUND') throw error;
        return showForm(web, request, reply, typed, {
          message: errorText(web.lang, error.code),
          status: HTTP_STATUS[error.code],
        });
      }
    }),
  );
  return Promise.resolve();
};
