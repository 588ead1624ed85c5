import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../shared/errors.js';
import { countWrongCode } from './batch.repository.js';
import { codeMatches } from '../shared/validate.js';
import { closeChange } from './close-change.js';
import { countWrongCodeOn, markAnswered } from './change.repository.js';
import { mayDecide } from './change.policy.js';
import { loadForValidator, parseRequestId } from './load-for-validator.js';
import { announce } from './notify.js';
import { startApplying } from './transitions.js';

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
    const { change, mine, all, facts } = await loadForValidator(ctx, trx, caller, id);
    if (!mayDecide(facts, caller)) {
      throw mine === undefined
        ? new DomainError('NOT_ALLOWED', `you are not asked to validate request ${id}`)
        : new DomainError('ALREADY_DECIDED', `you have already ${mine.status} request ${id}`);
    }
    const validation = mine!;
    if (validation.failed_attempts >= MAX_TOKEN_ATTEMPTS) {
      throw new DomainError(
        'TOO_MANY_ATTEMPTS',
        'too many wrong codes: ask for the e-mail again (resend)',
        { reason: 'locked' },
      );
    }
    if (!codeMatches(token, validation.token_hash)) {
      // A request of a batch shares its validator's code: the lock (R10) is per batch too.
      if (change.batch_id !== null) await countWrongCode(trx, Number(change.batch_id), caller);
      else await countWrongCodeOn(trx, id, caller, validation.failed_attempts);
      await recordEvent(trx, ctx, {
        event: 'token.rejected',
        actor: caller,
        requestId: id,
        serviceId: change.service_id,
      });
      return { attemptsLeft: MAX_TOKEN_ATTEMPTS - validation.failed_attempts - 1 };
    }

    const now = ctx.clock.now();
    if (!(await markAnswered(trx, id, caller, decision, now))) {
      throw new DomainError('ALREADY_DECIDED', `you have already answered request ${id}`);
    }
    if (decision === 'refused') {
      // R11: one refusal ends the request.
      if (!(await closeChange(trx, ctx, change, { to: 'refused', actor: caller, now }))) {
        throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
      }
      return 'refused' as const;
    }
    await recordEvent(trx, ctx, {
      event: 'request.accepted',
      actor: caller,
      requestId: id,
      serviceId: change.service_id,
    });
    await announce(trx, ctx, 'request.accepted', change, { by: caller });
    const waiting = all.filter((v) => v.account !== caller && v.status !== 'accepted');
    if (waiting.length > 0) return 'waiting' as const;
    // Everyone has accepted: the worker applies it (R12, R13).
    if (!(await startApplying(trx, id))) {
      throw new DomainError('TASK_NOT_PENDING', `request ${id} is no longer open`);
    }
    return 'doing' as const;
  });

  if (typeof outcome === 'object') {
    throw new DomainError(
      'INVALID_TOKEN',
      'this validation code is not valid for you on this request',
      outcome,
    );
  }
  if (outcome === 'doing') ctx.wakeWorker();
}
