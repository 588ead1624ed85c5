import { createAccount } from '../../src/accounts/create-account.js';
import { readMailboxMessage } from '../../src/mail/mailbox.js';
import type { AppContext } from '../../src/platform/context.js';
import { createService } from '../../src/services/create-service.js';

export const ADMIN = 'ad10001-ch';
export const TECH = 'te10002-ch';
export const BILLING = 'bi10003-ch';
export const NEWBIE = 'nw10004-ch';
export const OUTSIDER = 'ou10005-ch';
export const ENGLISH = 'en10006-ch';
export const SERVICE = { serviceType: 'domain', serviceName: 'example.com' } as const;

/**
 * The cast of the guide: a domain with three different contacts, a future contact, an outsider
 * and an English speaker. Passwords only where a test logs in (argon2 is slow on purpose).
 */
export async function seedGuide(
  ctx: AppContext,
  options: { passwords?: boolean } = {},
): Promise<void> {
  const password = options.passwords ? { password: 'correct horse battery' } : {};
  const people: [string, string, 'fr' | 'en'][] = [
    [ADMIN, 'Alice Admin', 'fr'],
    [TECH, 'Thomas Tech', 'fr'],
    [BILLING, 'Béatrice Billing', 'fr'],
    [NEWBIE, 'Nora Nouvelle', 'fr'],
    [OUTSIDER, 'Oscar Outsider', 'fr'],
    [ENGLISH, 'Emma English', 'en'],
  ];
  for (const [nichandle, name, language] of people) {
    await createAccount(ctx, {
      nichandle,
      name,
      language,
      email: `${nichandle}@example.test`,
      ...password,
    });
  }
  await createService(ctx, {
    ...SERVICE,
    contactAdmin: ADMIN,
    contactTech: TECH,
    contactBilling: BILLING,
  });
}

/**
 * The token a validator's newest e-mail carries for a request, opened from the outbox with the
 * key the mail dispatcher uses: what the person would read in the message.
 */
export async function tokenFor(
  ctx: AppContext,
  requestId: number,
  account: string,
): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('outbox')
    .select(['id', 'sealed_secret'])
    .where('request_id', '=', requestId)
    .where('account', '=', account)
    .where('template', 'in', ['request-created', 'token-resent'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`no token e-mail for ${account} on request ${requestId}`);
  if (row.sealed_secret) return ctx.box.open(row.sealed_secret);
  // Once delivered the outbox drops the token (R18): read it in the built-in mailbox instead.
  const delivered = await ctx.database.db
    .selectFrom('mailbox')
    .select('id')
    .where('outbox_id', '=', row.id)
    .executeTakeFirst();
  const message = delivered && (await readMailboxMessage(ctx, Number(delivered.id)));
  const token = message && /[?&]token=([^&\s]+)/.exec(message.text)?.[1];
  if (!token) throw new Error(`the token e-mail for ${account} on request ${requestId} is gone`);
  return decodeURIComponent(token);
}
