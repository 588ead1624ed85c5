import { OPERATOR, recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { bumpContactsVersion } from './contacts-version.repository.js';
import { findServiceByName, presentService } from './get-service.js';
import {
  contactsOf,
  lockServiceById,
  openRequestsOf,
  updateServiceStatus,
} from './service.repository.js';
import { ROLES } from './roles.js';
import { parseServiceStatus } from './service-names.js';

function parseStatusBody(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidInput('the body must be an object with status');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (key !== 'status') throw invalidInput(`unknown field ${key}`);
  return parseServiceStatus(input.status);
}

/**
 * PATCH /api/admin/services/{serviceType}/{serviceName}: the provider's billing or provisioning
 * sets a service's status (ok, expired, inCreation, pendingDebt, unPaid). The listings of its
 * contacts show the status, so their contacts version moves on (decision 062).
 */
export async function setServiceStatus(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
  body: unknown,
) {
  const status = parseStatusBody(body);
  const found = await findServiceByName(ctx.database.db, serviceType, serviceName);
  return ctx.database.db.transaction().execute(async (trx) => {
    const service = await lockServiceById(ctx.database, trx, found.id);
    if (!service || service.service_type !== found.service_type) throw notFound('No such service');
    if (service.status !== status) {
      await updateServiceStatus(trx, service.id, status);
      await bumpContactsVersion(
        ctx.database,
        trx,
        ROLES.map((role) => contactsOf(service)[role]),
      );
      await recordEvent(trx, ctx, {
        event: 'service.status',
        actor: OPERATOR,
        serviceId: service.id,
        data: { status, previousStatus: service.status },
      });
    }
    const after = { ...service, status };
    return { ...presentService(after), openRequests: await openRequestsOf(trx, service.id) };
  });
}
