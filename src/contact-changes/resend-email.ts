import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { DomainError } from '../shared/errors.js';
import { mayResend } from './change.policy.js';
import { findChange, renewCode } from './change.repository.js';
import { loadForValidator, parseRequestId } from './load-for-validator.js';
import { resendBatchEmail } from './resend-batch-email.js';
import { emailTokens } from './notify.js';

/**
 * "Renvoyer la demande" (R14). A validator that has not answered gets a new e-mail with a new
 * token, and its old token stops working. A party that has answered (or the asker) may resend to
 * the validators still awaited: the guide's case of a contact who never got the e-mail.
 * At most one resend per validator per RESEND_COOLDOWN_SECONDS.
 */
export async function resendEmail(
  ctx: AppContext,
  caller: string,
  idInput: unknown,
): Promise<string[]> {
  const id = parseRequestId(idInput);
  // A request of a batch shares its validators' codes with the batch: a resend renews the code,
  // and the e-mail, of the whole batch (R14 per validator and batch, R22).
  const batchId = (await findChange(ctx.database.db, id))?.batch_id;
  if (batchId !== null && batchId !== undefined) {
    return resendBatchEmail(ctx, caller, Number(batchId), id);
  }
  return ctx.database.db.transaction().execute(async (trx) => {
    const { change, mine, all, facts } = await loadForValidator(ctx, trx, caller, id);
    if (!mayResend(facts, caller)) {
      throw mine === undefined && caller !== change.asking_account
        ? new DomainError('NOT_ALLOWED', `you are not asked to validate request ${id}`)
        : new DomainError('ALREADY_DECIDED', 'every validator has already answered');
    }
    // A validator not yet answered: its own e-mail; else every validator still awaited.
    const targets = mine?.status === 'pending' ? [mine] : all.filter((v) => v.status === 'pending');
    const now = ctx.clock.now();
    const cooldown = ctx.config.resendCooldownSeconds * 1000;
    for (const target of targets) {
      if (now < target.token_sent_at + cooldown) {
        const wait = Math.ceil((target.token_sent_at + cooldown - now) / 1000);
        throw new DomainError(
          'TOO_MANY_ATTEMPTS',
          `the e-mail to ${target.account} was just sent; try again in ${wait} s`,
          { reason: 'cooldown', account: target.account, retryAfterSeconds: wait },
        );
      }
    }
    const tokens = new Map<string, string>();
    for (const target of targets) {
      const token = newSecret();
      tokens.set(target.account, token);
      await renewCode(trx, id, target.account, hashSecret(token), now);
    }
    await emailTokens(trx, ctx, change, 'token-resent', tokens);
    await recordEvents(
      trx,
      ctx,
      targets.map((target) => ({
        event: 'request.resent' as const,
        actor: caller,
        requestId: id,
        serviceId: change.service_id,
        data: { to: target.account },
      })),
    );
    return targets.map((t) => t.account);
  });
}
