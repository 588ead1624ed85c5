import { findAccount, setEmail } from '../accounts/account.repository.js';
import { recordEvent, recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { DomainError } from '../shared/errors.js';
import { codeMatches } from '../shared/validate.js';
import {
  closeEmailChange,
  countWrongEmailCode,
  effectiveState,
  findEmailChange,
  MAX_EMAIL_CODE_ATTEMPTS,
  type EmailChange,
} from './email-change.repository.js';
import { endEmailChange } from './end-email-change.js';
import { announceEmailChange, emailChangedNotice } from './notify.js';

type Decision = 'done' | 'refused';

/** The account accepts its e-mail change with the code sent to the new address (R19). */
export function acceptEmailChange(ctx: AppContext, caller: string, id: unknown, token: unknown) {
  return decide(ctx, caller, id, token, 'done');
}

/** The account refuses it with the same code (someone else typed its address, say). */
export function refuseEmailChange(ctx: AppContext, caller: string, id: unknown, token: unknown) {
  return decide(ctx, caller, id, token, 'refused');
}

async function decide(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
  token: unknown,
  decision: Decision,
): Promise<void> {
  // As in decide-change.ts: a wrong code is counted even though the call fails, so the
  // transaction commits the count and the error is thrown once it has.
  const outcome = await ctx.database.db.transaction().execute(async (trx) => {
    const change = await findEmailChange(trx, caller, idInput);
    const now = ctx.clock.now();
    const state = effectiveState(change, now);
    if (state === 'expired' && change.state === 'todo') {
      await endEmailChange(trx, ctx, change, { to: 'expired', actor: null, now });
      return 'not-pending' as const;
    }
    if (state !== 'todo') return 'not-pending' as const;
    if (change.failed_attempts >= MAX_EMAIL_CODE_ATTEMPTS) {
      throw new DomainError(
        'TOO_MANY_ATTEMPTS',
        'too many wrong codes: ask for the e-mail change again to get a new code',
      );
    }
    if (!codeMatches(token, change.token_hash)) {
      await countWrongEmailCode(trx, change);
      await recordEvent(trx, ctx, {
        event: 'emailChange.codeRejected',
        actor: caller,
        data: { emailChangeId: change.id },
      });
      return 'invalid-token' as const;
    }
    if (decision === 'refused') {
      const ended = await endEmailChange(trx, ctx, change, { to: 'refused', actor: caller, now });
      return ended ? ('refused' as const) : ('not-pending' as const);
    }
    if (!(await closeEmailChange(trx, change.id, 'done', now))) return 'not-pending' as const;
    await applyEmailChange(trx, ctx, change, now);
    return 'done' as const;
  });
  if (outcome === 'invalid-token') {
    throw new DomainError('INVALID_TOKEN', 'this code is not valid for this e-mail change');
  }
  if (outcome === 'not-pending') {
    throw new DomainError('TASK_NOT_PENDING', 'this e-mail change is no longer open');
  }
}

/**
 * The address changes and the old one is told (R19). From this commit on every e-mail queued for
 * the account, a resent validation code included (R14), goes to the new address.
 */
async function applyEmailChange(trx: Executor, ctx: AppContext, change: EmailChange, now: number) {
  const account = await findAccount(trx, change.account);
  if (!account) throw new DomainError('NOT_AUTHENTICATED', 'this account no longer exists');
  await setEmail(trx, change.account, change.new_email);
  await recordEvents(trx, ctx, [
    {
      event: 'emailChange.accepted',
      actor: change.account,
      data: { emailChangeId: change.id },
    },
    {
      event: 'account.emailChanged',
      actor: change.account,
      data: { nichandle: change.account, emailChangeId: change.id, at: now },
    },
  ]);
  await emailChangedNotice(trx, ctx, account, change);
  await announceEmailChange(trx, ctx, 'emailChange.done', change, 'done');
}
