import type { AppContext } from '../platform/context.js';

/**
 * The address the newest e-mail of a request to an account was sent to (the guide's "the e-mail
 * did not arrive: check your profile"). Undefined when none was sent.
 */
export async function lastAddressEmailed(
  ctx: AppContext,
  requestId: number,
  account: string,
): Promise<string | undefined> {
  const row = await ctx.database.db
    .selectFrom('outbox')
    .select('recipient')
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('channel', '=', 'email')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.recipient;
}

/** An address partly hidden, as shown on a page: `no•••@example.com`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = address.slice(0, at);
  const shown = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${shown}•••${address.slice(at)}`;
}
