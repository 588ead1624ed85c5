import type { AppContext } from '../platform/context.js';
import { notFound } from '../shared/errors.js';
import { batchChanges } from './batch.repository.js';
import { isPartyTo } from './change.policy.js';
import { parseBatchId } from './decide-batch.js';

/** GET /api/me/task/contactChange/batch/{batchId}: the ids of the batch's requests the caller may see (R1). */
export async function getBatch(
  ctx: AppContext,
  caller: string,
  batchInput: unknown,
): Promise<{ batchId: number; ids: number[] }> {
  const batchId = parseBatchId(batchInput);
  const changes = await batchChanges(ctx.database.db, batchId);
  const ids = changes.filter((change) => isPartyTo(change, caller)).map((c) => Number(c.id));
  if (ids.length === 0) throw notFound('No such batch');
  return { batchId, ids };
}
