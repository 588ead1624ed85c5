import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { secretMatches } from '../platform/crypto.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError } from '../shared/errors.js';
import { moveState, partiesOf, releaseRoles, type ContactChange } from './change.repository.js';
import { loadForValidator, parseRequestId, requireValidator } from './load-for-validator.js';
import { announce, emailAccounts } from './notify.js';

/** R10: wrong tokens a validator may give before its token is locked until a resend. */
export const MAX_TOKEN_ATTEMPTS = 5;

type Decision = 'accepted' | 'refused';

export function acceptChange(ctx: AppContext, caller: string, id: unknown, token: unknown) {
  return decide(ctx, caller, id, token, 'accepted');
}

export function refuseChange(ctx: AppContext, caller: string, id: unknown, token: unknown) {
  return decide(ctx, caller, id, token, 'refused');
}

async function decide(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
  token: unknown,
  decision: Decision,
): Promise<void> {
  const id = parseRequestId(idInput);
  // A wrong token must be counted even though the call fails: the transaction commits the count
  // and the error is thrown once it has.
  const outcome = await ctx.database.db.transaction().execute(async (trx) => {
    const { change, mine, all } = await loadForValidator(ctx, trx, caller, id);
    const validation = requireValidator(mine, id);
    if (validation.status !== 'pending') {
      throw new DomainError(
        'ALREADY_DECIDED',
        `you have already ${validation.status} request ${id}`,
      );
    }
    if (validation.failed_attempts >= MAX_TOKEN_ATTEMPTS) {
      throw new DomainError(
        'TOO_MANY_ATTEMPTS',
        'too many wrong codes: ask for the e-mail again (resend)',
      );
    }
    if (
      typeof token !== 'string' ||
      token.length > 200 ||
      !secretMatches(token.trim(), validation.token_hash)
    ) {
      await trx
        .updateTable('validations')
        .set({ failed_attempts: validation.failed_attempts + 1 })
        .where('request_id', '=', id)
        .where('account', '=', caller)
        .execute();
      await recordEvent(trx, ctx, {
        event: 'token.rejected',
        actor: caller,
        requestId: id,
        serviceId: change.service_id,
      });
      return 'invalid-token' as const;
    }

    const now = ctx.clock.now();
    const marked = await trx
      .updateTable('validations')
      .set({ status: decision, decided_at: now, token_hash: null })
      .where('request_id', '=', id)
      .where('account', '=', caller)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) {
      throw new DomainError('ALREADY_DECIDED', `you have already answered request ${id}`);
    }
    await recordEvent(trx, ctx, {
      event: decision === 'accepted' ? 'request.accepted' : 'request.refused',
      actor: caller,
      requestId: id,
      serviceId: change.service_id,
    });
    if (decision === 'refused') return refuse(trx, ctx, change, caller, now);

    await announce(trx, ctx, 'request.accepted', change, { by: caller });
    const waiting = all.filter((v) => v.account !== caller && v.status !== 'accepted');
    if (waiting.length > 0) return 'waiting' as const;
    // Everyone has accepted: the worker applies it (R12, R13).
    if (!(await moveState(trx, id, 'validatingByCustomers', 'doing'))) {
      throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
    }
    return 'doing' as const;
  });

  if (outcome === 'invalid-token') {
    throw new DomainError(
      'INVALID_TOKEN',
      'this validation code is not valid for you on this request',
    );
  }
  if (outcome === 'doing') ctx.wakeWorker();
}

async function refuse(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  caller: string,
  now: number,
) {
  if (!(await moveState(trx, change.id, 'validatingByCustomers', 'refused', { date_done: now }))) {
    throw new DomainError('TASK_NOT_PENDING', `request ${change.id} is no longer open`);
  }
  await releaseRoles(trx, change.id);
  const refused = { ...change, state: 'refused' as const, date_done: now };
  await emailAccounts(trx, ctx, refused, 'request-refused', partiesOf(change), { actor: caller });
  await announce(trx, ctx, 'request.refused', refused, { by: caller });
  return 'refused' as const;
}
