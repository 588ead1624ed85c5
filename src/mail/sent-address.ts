import type { AppContext } from '../platform/context.js';
import { lastRecipientEmailed } from './mail.repository.js';

/**
 * The address the newest e-mail of a request to an account was sent to (the guide's "the e-mail
 * did not arrive: check your profile"). Undefined when none was sent.
 */
export async function lastAddressEmailed(
  ctx: AppContext,
  requestId: number,
  account: string,
): Promise<string | undefined> {
  return lastRecipientEmailed(ctx.database.db, requestId, account);
}

/** An address partly hidden, as shown on a page: `no•••@example.com`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = address.slice(0, at);
  const shown = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${shown}•••${address.slice(at)}`;
}
