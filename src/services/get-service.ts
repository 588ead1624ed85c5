import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { notFound } from '../shared/errors.js';
import { rolesOf } from './roles.js';
import { contactsOf, findService, type Service } from './service.repository.js';
import { serviceKeyOrNotFound } from './service-names.js';

/**
 * serviceInfos: SPEC §5's fields and OVH's `domain`, `serviceId`, `expiration` and `renew`
 * (SPEC §10). contacthub keeps no expiry or renewal terms, so those two are null (decision 099).
 */
export function presentService(service: Service) {
  return {
    serviceType: service.service_type,
    serviceName: service.service_name,
    status: service.status,
    contactAdmin: service.contact_admin,
    contactTech: service.contact_tech,
    contactBilling: service.contact_billing,
    creation: new Date(service.created_at).toISOString(),
    domain: service.service_name,
    serviceId: Number(service.id),
    expiration: null,
    renew: null,
  };
}

/**
 * A service by type and name, whoever its contacts (the operator's view: no R1). A name that is
 * malformed or that no service bears is the same NOT_FOUND.
 */
export async function findServiceByName(
  db: Executor,
  serviceType: unknown,
  serviceName: unknown,
): Promise<Service> {
  const { type, name } = serviceKeyOrNotFound(serviceType, serviceName);
  const service = await findService(db, type, name);
  if (!service) throw notFound('No such service');
  return service;
}

/**
 * A service as its caller may see it (R1): only when the caller holds a role on it. Anything
 * else is NOT_FOUND, so that nobody learns which services exist.
 */
export async function getVisibleService(
  ctx: AppContext,
  caller: string,
  serviceType: unknown,
  serviceName: unknown,
): Promise<Service> {
  const service = await findServiceByName(ctx.database.db, serviceType, serviceName);
  if (rolesOf(contactsOf(service), caller).length === 0) throw notFound('No such service');
  return service;
}

export async function getServiceInfos(
  ctx: AppContext,
  caller: string,
  serviceType: unknown,
  serviceName: unknown,
) {
  return presentService(await getVisibleService(ctx, caller, serviceType, serviceName));
}
