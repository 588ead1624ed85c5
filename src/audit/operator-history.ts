import type { AppContext } from '../platform/context.js';
import { notFound } from '../shared/errors.js';
import { serviceKeyOrNotFound } from '../services/service-names.js';
import { serviceIdsEverNamed } from './audit.repository.js';
import { historyOf, type HistoryEvent } from './contact-history.js';

/**
 * contactHistory for the operator: the same events as the customer's route, for any service,
 * and also for a deleted one (its history is kept, decision 094). When a name was deleted and
 * given to a new service, the events of every service that bore it come in one list, oldest
 * first: the support desk sees who held it before.
 */
export async function operatorContactHistory(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
): Promise<HistoryEvent[]> {
  const { type, name } = serviceKeyOrNotFound(serviceType, serviceName);
  const ids = await serviceIdsEverNamed(ctx.database.db, type, name);
  if (ids.length === 0) throw notFound('No such service');
  return historyOf(ctx.database.db, ids);
}
