import { OPERATOR, recordEvent } from '../audit/audit.repository.js';
import { closeChange } from '../contact-changes/close-change.js';
import { FAILURE_REASONS } from '../contact-changes/failure-reasons.js';
import type { AppContext } from '../platform/context.js';
import { notFound } from '../shared/errors.js';
import { bumpContactsVersion } from './contacts-version.repository.js';
import { findServiceByName } from './get-service.js';
import { ROLES } from './roles.js';
import {
  contactsOf,
  lockService,
  markServiceDeleted,
  removeFromListings,
  unfinishedChangesOf,
} from './service.repository.js';

/**
 * DELETE /api/admin/services/{serviceType}/{serviceName}: the provider ends a service. In one
 * transaction its open requests end (`aborted`, or `error` for one being applied) and their
 * parties are told; it leaves its contacts' listings; its history stays, readable by the operator
 * (decision 094). Its row is kept, renamed, because its requests and events refer to it; its name
 * is free for a new service, whose contacts see nothing of the old one.
 */
export async function deleteService(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
): Promise<void> {
  const found = await findServiceByName(ctx.database.db, serviceType, serviceName);
  await ctx.database.db.transaction().execute(async (trx) => {
    const service = await lockService(ctx.database, trx, found.id);
    if (!service) throw notFound('No such service');
    const now = ctx.clock.now();
    const open = await unfinishedChangesOf(trx, service.id);
    for (const change of open) {
      await closeChange(trx, ctx, change, {
        to: change.state === 'doing' ? 'error' : 'aborted',
        actor: OPERATOR,
        reason: FAILURE_REASONS.serviceDeleted(),
        now,
      });
    }
    const contacts = contactsOf(service);
    await removeFromListings(
      trx,
      service,
      ROLES.map((role) => contacts[role]),
    );
    await bumpContactsVersion(
      ctx.database,
      trx,
      ROLES.map((role) => contacts[role]),
    );
    await markServiceDeleted(trx, service, now);
    await recordEvent(trx, ctx, {
      event: 'service.deleted',
      actor: OPERATOR,
      serviceId: service.id,
      data: {
        status: service.status,
        contactAdmin: contacts.admin,
        contactTech: contacts.tech,
        contactBilling: contacts.billing,
      },
    });
  });
}
