import { recordEvent, recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { secretMatches } from '../platform/crypto.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError, notFound, type ErrorCode } from '../shared/errors.js';
import { parsePositiveId } from '../shared/validate.js';
import {
  countWrongCode,
  lockBatchChanges,
  markDecided,
  releaseRolesOf,
  validationsInBatch,
} from './batch.repository.js';
import { isPartyTo } from './change.policy.js';
import { partiesOf, type ContactChange, type Validation } from './change.repository.js';
import { MAX_TOKEN_ATTEMPTS } from './decide-change.js';
import { emailBatch } from './notify-batch.js';
import { announceMany } from './notify.js';
import { refuseMany, startApplyingMany } from './transitions.js';

type Decision = 'accepted' | 'refused';

export interface BatchDecision {
  decided: number[];
  skipped: { id: number; errorCode: ErrorCode }[];
}

export function parseBatchId(value: unknown): number {
  try {
    return parsePositiveId(value, 'batch id');
  } catch {
    throw notFound('No such batch');
  }
}

/** "Accepter toutes les demandes" (R22): every request of the batch the caller still has to answer. */
export function acceptBatch(ctx: AppContext, caller: string, batchId: unknown, token: unknown) {
  return decideBatch(ctx, caller, batchId, token, 'accepted');
}

/** "Refuser toutes les demandes" (R22). */
export function refuseBatch(ctx: AppContext, caller: string, batchId: unknown, token: unknown) {
  return decideBatch(ctx, caller, batchId, token, 'refused');
}

/** Why a validation of the batch cannot be answered now, if it cannot. */
function obstacle(change: ContactChange, mine: Validation, now: number): ErrorCode | undefined {
  if (change.state !== 'validatingByCustomers' || change.expires_at <= now)
    return 'TASK_NOT_PENDING';
  if (mine.status !== 'pending') return 'ALREADY_DECIDED';
  return undefined;
}

async function decideBatch(
  ctx: AppContext,
  caller: string,
  batchInput: unknown,
  token: unknown,
  decision: Decision,
): Promise<BatchDecision> {
  const batchId = parseBatchId(batchInput);
  // As for one request (decide-change.ts), a wrong code is counted even though the call fails:
  // the transaction commits the count and the error is thrown once it has.
  const outcome = await ctx.database.db.transaction().execute(async (trx) => {
    // Locks every request of the batch (PostgreSQL, in id order): the two validators' accepts
    // queue up, so the second sees the first's answers and moves the requests to `doing`.
    const changes = await lockBatchChanges(ctx.database, trx, batchId);
    if (!changes.some((change) => isPartyTo(change, caller))) throw notFound('No such batch');
    const mine = await validationsInBatch(trx, batchId, caller);
    if (mine.length === 0) {
      throw new DomainError('NOT_ALLOWED', `you are not asked to validate batch ${batchId}`);
    }
    const now = ctx.clock.now();
    const byId = new Map(changes.map((change) => [Number(change.id), change]));
    const skipped: BatchDecision['skipped'] = [];
    const pending: Validation[] = [];
    for (const validation of mine.sort((a, b) => Number(a.request_id) - Number(b.request_id))) {
      const id = Number(validation.request_id);
      const code = obstacle(byId.get(id)!, validation, now);
      if (code) skipped.push({ id, errorCode: code });
      else pending.push(validation);
    }
    if (pending.length === 0) {
      const decided = skipped.some((s) => s.errorCode === 'ALREADY_DECIDED');
      throw new DomainError(
        decided ? 'ALREADY_DECIDED' : 'TASK_NOT_PENDING',
        decided
          ? `you have already answered every open request of batch ${batchId}`
          : `no request of batch ${batchId} is open`,
      );
    }
    if (pending.some((v) => v.failed_attempts >= MAX_TOKEN_ATTEMPTS)) {
      throw new DomainError(
        'TOO_MANY_ATTEMPTS',
        'too many wrong codes: ask for the e-mail again (resend)',
      );
    }
    const given = typeof token === 'string' && token.length <= 200 ? token.trim() : undefined;
    // Every pending validation of one validator holds the same hash: compare each hash once.
    const verdicts = new Map<string | null, boolean>();
    const matches = (hash: string | null) => {
      if (!verdicts.has(hash))
        verdicts.set(hash, given !== undefined && secretMatches(given, hash));
      return verdicts.get(hash)!;
    };
    const valid = pending.filter((v) => matches(v.token_hash));
    if (valid.length === 0) {
      await countWrongCode(trx, batchId, caller);
      await recordEvent(trx, ctx, {
        event: 'token.rejected',
        actor: caller,
        requestId: Number(pending[0]!.request_id),
        data: { batchId },
      });
      return 'invalid-token' as const;
    }
    for (const v of pending) {
      if (!matches(v.token_hash))
        skipped.push({ id: Number(v.request_id), errorCode: 'INVALID_TOKEN' });
    }

    const won = await markDecided(
      trx,
      caller,
      valid.map((v) => Number(v.request_id)),
      decision,
      now,
    );
    const decided = won.map((id) => byId.get(id)!);
    await recordEvents(
      trx,
      ctx,
      decided.map((change) => ({
        event:
          decision === 'accepted' ? ('request.accepted' as const) : ('request.refused' as const),
        actor: caller,
        requestId: change.id,
        serviceId: change.service_id,
        data: { batchId },
      })),
    );
    const moved =
      decision === 'accepted'
        ? await accept(trx, ctx, decided, caller)
        : await refuse(trx, ctx, batchId, decided, caller, now);
    skipped.sort((a, b) => a.id - b.id);
    return { decided: won, skipped, moved };
  });

  if (outcome === 'invalid-token') {
    throw new DomainError(
      'INVALID_TOKEN',
      'this validation code is not valid for you on this batch',
    );
  }
  if (decision === 'accepted' && outcome.moved > 0) ctx.wakeWorker();
  return { decided: outcome.decided, skipped: outcome.skipped };
}

/** R12 for each request: those every validator has now accepted go to `doing` (the worker applies them). */
async function accept(trx: Executor, ctx: AppContext, decided: ContactChange[], caller: string) {
  await announceMany(trx, ctx, 'request.accepted', decided, () => ({ by: caller }));
  const doing = await startApplyingMany(
    trx,
    decided.map((c) => c.id),
  );
  return doing.length;
}

/** R11 for each request: refused, its roles freed, every party told once for the whole batch. */
async function refuse(
  trx: Executor,
  ctx: AppContext,
  batchId: number,
  decided: ContactChange[],
  caller: string,
  now: number,
) {
  const ids = await refuseMany(
    trx,
    decided.map((c) => c.id),
    now,
  );
  await releaseRolesOf(trx, ids);
  const set = new Set(ids);
  const refused = decided
    .filter((c) => set.has(c.id))
    .map((c) => ({ ...c, state: 'refused' as const, date_done: now }));
  const byParty = new Map<string, ContactChange[]>();
  for (const change of refused) {
    for (const party of partiesOf(change))
      byParty.set(party, [...(byParty.get(party) ?? []), change]);
  }
  await emailBatch(
    trx,
    ctx,
    batchId,
    'batch-refused',
    [...byParty].map(([account, changes]) => ({ account, changes })),
    { actor: caller },
  );
  await announceMany(trx, ctx, 'request.refused', refused, () => ({ by: caller }));
  return ids.length;
}
