import { OPERATOR } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import { lockChange } from './change.repository.js';
import { closeChange } from './close-change.js';
import { parseRequestId } from './load-for-validator.js';

function parseReason(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidInput('the body must be an object with an optional reason');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (key !== 'reason') throw invalidInput(`unknown field ${key}`);
  return input.reason === undefined ? undefined : parseText(input.reason, 'reason', 500);
}

/**
 * POST /api/admin/contactChanges/{id}/cancel: the provider ends an open request (`aborted`),
 * whoever asked it; every party is told, with the reason when one is given (R15's e-mail).
 */
export async function cancelAsOperator(
  ctx: AppContext,
  idInput: unknown,
  body: unknown,
): Promise<void> {
  const id = parseRequestId(idInput);
  const reason = parseReason(body);
  await ctx.database.db.transaction().execute(async (trx) => {
    const change = await lockChange(ctx.database, trx, id);
    if (!change) throw notFound('No such request');
    const open = change.state === 'validatingByCustomers' && change.expires_at > ctx.clock.now();
    const closed =
      open &&
      (await closeChange(trx, ctx, change, {
        to: 'aborted',
        actor: OPERATOR,
        ...(reason === undefined ? {} : { reason }),
      }));
    if (!closed) throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
  });
}
