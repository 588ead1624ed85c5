import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { notFound } from '../shared/errors.js';
import { presentService } from './get-service.js';
import { findService, type Service } from './service.repository.js';
import { parseServiceType } from './service-names.js';

/** States in which a request still holds its roles (SPEC §3: not final). */
const OPEN = ['todo', 'checkValidity', 'validatingByCustomers', 'doing'] as const;

/**
 * A service by type and name for the operator, whoever its contacts: no R1, but the same
 * NOT_FOUND for a name that is malformed or that no service bears.
 */
export async function findServiceForOperator(
  db: Executor,
  serviceType: unknown,
  serviceName: unknown,
): Promise<Service> {
  if (typeof serviceType !== 'string' || typeof serviceName !== 'string')
    throw notFound('No such service');
  let type: string;
  try {
    type = parseServiceType(serviceType);
  } catch {
    throw notFound('No such service');
  }
  const service = await findService(db, type, serviceName);
  if (!service) throw notFound('No such service');
  return service;
}

export async function openRequestsOf(db: Executor, serviceId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('contact_changes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('state', 'in', OPEN)
    .orderBy('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

/** GET /api/admin/services/{serviceType}/{serviceName}: serviceInfos plus `openRequests`. */
export async function getOperatorService(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
) {
  const db = ctx.database.db;
  const service = await findServiceForOperator(db, serviceType, serviceName);
  return { ...presentService(service), openRequests: await openRequestsOf(db, service.id) };
}
