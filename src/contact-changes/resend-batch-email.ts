import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError, notFound } from '../shared/errors.js';
import { lockBatchChanges, replaceBatchCode, validationsOfMany } from './batch.repository.js';
import { isPartyTo } from './change.policy.js';
import type { ContactChange } from './change.repository.js';
import { parseBatchId } from './decide-batch.js';
import { emailBatch } from './notify-batch.js';

/**
 * "Renvoyer la demande" for a batch (R14 per validator and batch): a validator that still has
 * requests of the batch to answer gets one new e-mail with one new code for all of them, and its
 * old code stops working. The asker, or a validator that has answered everything, resends to the
 * validators still awaited. `requestId`: the single-request route, on a request of the batch.
 */
export async function resendBatchEmail(
  ctx: AppContext,
  caller: string,
  batchInput: unknown,
  requestId?: number,
): Promise<string[]> {
  const batchId = parseBatchId(batchInput);
  return ctx.database.db.transaction().execute(async (trx) => {
    const changes = await lockBatchChanges(ctx.database, trx, batchId);
    const visible = changes.filter((change) => isPartyTo(change, caller));
    if (
      visible.length === 0 ||
      (requestId !== undefined && !visible.some((c) => c.id === requestId))
    )
      throw notFound(requestId === undefined ? 'No such batch' : 'No such request');
    const now = ctx.clock.now();
    const open = changes.filter((c) => c.state === 'validatingByCustomers' && c.expires_at > now);
    if (open.length === 0) {
      throw new DomainError('TASK_NOT_PENDING', `no request of batch ${batchId} is open`);
    }
    const validations = await validationsOfMany(
      trx,
      open.map((c) => c.id),
    );
    const mine = validations.filter((v) => v.account === caller);
    const pending = validations.filter((v) => v.status === 'pending');
    const minePending = pending.some((v) => v.account === caller);
    if (mine.length === 0 && !open.some((c) => c.asking_account === caller)) {
      throw new DomainError('NOT_ALLOWED', `you are not asked to validate batch ${batchId}`);
    }
    const targets = minePending ? [caller] : [...new Set(pending.map((v) => v.account))];
    if (targets.length === 0) {
      throw new DomainError('ALREADY_DECIDED', 'every validator has already answered');
    }
    const cooldown = ctx.config.resendCooldownSeconds * 1000;
    for (const target of targets) {
      const sent = Math.max(
        ...pending.filter((v) => v.account === target).map((v) => v.token_sent_at),
      );
      if (now < sent + cooldown) {
        const wait = Math.ceil((sent + cooldown - now) / 1000);
        throw new DomainError(
          'TOO_MANY_ATTEMPTS',
          `the e-mail to ${target} was just sent; try again in ${wait} s`,
        );
      }
    }
    const byId = new Map(open.map((c) => [c.id, c]));
    const items: { account: string; token: string; changes: ContactChange[] }[] = [];
    for (const account of targets) {
      const token = newSecret();
      await replaceBatchCode(trx, batchId, account, hashSecret(token), now);
      const waiting = pending
        .filter((v) => v.account === account)
        .map((v) => byId.get(Number(v.request_id))!);
      items.push({ account, token, changes: waiting });
    }
    await emailBatch(trx, ctx, batchId, 'batch-resent', items);
    await recordEvents(
      trx,
      ctx,
      items.flatMap(({ account, changes: waiting }) =>
        waiting.map((change) => ({
          event: 'request.resent' as const,
          actor: caller,
          requestId: change.id,
          serviceId: change.service_id,
          data: { to: account, batchId },
        })),
      ),
    );
    return targets;
  });
}
