import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { changeContact } from '../contact-changes/change-contact.js';
import { rolesItMayChange } from '../contact-changes/change.policy.js';
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
import { isDomainError, type DomainError } from '../shared/errors.js';
import { isNichandle } from '../accounts/nichandle.js';
import { setFlash, takeFlash } from './flash.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { EditContactsPage, type FormError } from './pages/edit-contacts.page.js';
import { formField, sendPage, webHandler, type SignedIn } from './web-request.js';

type Params = { serviceType: string; serviceName: string };

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

/** A refused change in the page's words, tied to the field it concerns (decision 097). */
async function formErrors(
  ctx: AppContext,
  web: SignedIn,
  error: DomainError,
  typed: Record<Role, string>,
  current: Contacts,
): Promise<FormError[]> {
  const t = translator(web.lang);
  const changed = ROLES.filter((role) => typed[role].toLowerCase() !== current[role]);
  const fieldOf = (test: (value: string) => boolean) => {
    const role = changed.find((r) => test(typed[r].trim().toLowerCase()));
    return role ? CONTACT_TYPE[role] : undefined;
  };
  if (error.code === 'UNPAID_INVOICES') {
    const to = typed.billing.trim().toLowerCase();
    if (changed.includes('billing') && (await hasUnpaidInvoices(ctx.database.db, to))) {
      return [{ message: t('unpaidNewContact', { account: to }), field: 'contactBilling' }];
    }
  }
  const message = errorText(web.lang, error.code);
  if (error.code === 'INVALID_INPUT') return [{ message, field: fieldOf((v) => !isNichandle(v)) }];
  if (error.code === 'UNKNOWN_ACCOUNT') {
    const account = String(error.details.account ?? '');
    return [{ message, field: fieldOf((v) => v === account) }];
  }
  return [{ message }];
}

/** "Modifier les contacts": the form (GET) and the request it makes (POST, changeContact). */
export const editContactsRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;
  const path = '/contacts/services/:serviceType/:serviceName/edit';

  async function showForm(web: SignedIn, request: FastifyRequest, reply: FastifyReply) {
    const { serviceType, serviceName } = request.params as Params;
    const flash = takeFlash(ctx, request, reply, web.caller, request.url.split('?')[0]!);
    const values = flash?.values as Record<Role, string> | undefined;
    const service = await getVisibleService(ctx, web.caller, serviceType, serviceName);
    const current: Contacts = contactsOf(service);
    const myRoles = rolesOf(current, web.caller);
    const editable = rolesItMayChange(myRoles);
    let unpaidBlock: string | undefined;
    if (
      editable.includes('billing') &&
      (await hasUnpaidInvoices(ctx.database.db, current.billing))
    ) {
      const t = translator(web.lang);
      const account = current.billing;
      unpaidBlock = t(account === web.caller ? 'unpaidBlockedSelf' : 'unpaidBlockedOther', {
        account,
      });
    }
    return sendPage(reply, EditContactsPage, {
      ctx: web.page,
      serviceType: service.service_type,
      serviceName: service.service_name,
      current,
      myRoles,
      editable,
      values: values ? { ...current, ...values } : current,
      unpaidBlock,
      pending: await pendingRoles(ctx, web.caller, service.service_type, service.service_name),
      errors: flash?.errors ?? [],
      handoverConfirmed: flash?.values?.confirmHandover === 'yes',
    });
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
      const t = translator(web.lang);
      const confirmed = formField(request.body, 'confirmHandover') === 'yes';
      // Post/redirect/get: an error goes back to the form through a flash (decision 096).
      const back = (errors: FormError[]) => {
        const path = request.url.split('?')[0]!;
        setFlash(ctx, reply, web.caller, path, {
          values: { ...typed, confirmHandover: confirmed ? 'yes' : '' },
          errors,
        });
        return reply.header('cache-control', 'no-store').redirect(path, 303);
      };
      if (Object.keys(wish).length === 0) return back([{ message: t('noChange') }]);
      // Handing over the admin role gives away control of the service: it is asked for twice.
      if (wish.contactAdmin !== undefined && !confirmed) {
        return back([{ message: t('handoverNotConfirmed'), field: 'confirmHandover' }]);
      }
      try {
        if (limiter) await limiter.check('changesPerAccount', web.caller);
        const ids = await changeContact(ctx, web.caller, serviceType, serviceName, wish);
        return reply.redirect(`/contacts/requests?created=${ids.join(',')}`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.code === 'NOT_FOUND') throw error;
        return back(await formErrors(ctx, web, error, typed, current));
      }
    }),
  );
  return Promise.resolve();
};
