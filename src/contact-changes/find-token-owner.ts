import type { AppContext } from '../platform/context.js';
import { hashSecret } from '../platform/crypto.js';
import { pendingValidatorByCode } from './change.repository.js';

/**
 * Whose current code this is on a request: the validator the e-mail link was sent to, or
 * undefined when the code is used, replaced or wrong. Only the person holding the e-mail can ask
 * (the code has 160 random bits), so naming its account reveals nothing to anyone else. Looking
 * never uses the code and never counts as a try (R9, R10).
 */
export async function findTokenOwner(
  ctx: AppContext,
  requestId: number,
  token: string,
): Promise<string | undefined> {
  const trimmed = token.trim();
  if (trimmed === '' || trimmed.length > 200) return undefined;
  return pendingValidatorByCode(ctx.database.db, requestId, hashSecret(trimmed));
}
