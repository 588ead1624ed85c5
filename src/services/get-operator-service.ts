import type { AppContext } from '../platform/context.js';
import { findServiceByName, presentService } from './get-service.js';
import { openRequestsOf } from './service.repository.js';

/** GET /api/admin/services/{serviceType}/{serviceName}: serviceInfos plus `openRequests`. */
export async function getOperatorService(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
) {
  const db = ctx.database.db;
  const service = await findServiceByName(db, serviceType, serviceName);
  return { ...presentService(service), openRequests: await openRequestsOf(db, service.id) };
}
