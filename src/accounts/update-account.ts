import { OPERATOR, recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { parseEmail, parseLanguage, parseText } from '../shared/validate.js';
import { lockAccount, updateAccountFields, type Account } from './account.repository.js';
import { parseAccountParam, presentForOperator, type OperatorAccountView } from './get-account.js';
import { queueAddressChanged } from './notify-address.js';

export interface AccountPatch {
  email?: unknown;
  name?: unknown;
  language?: unknown;
}

const FIELDS = ['email', 'name', 'language'] as const;

function parsePatch(body: unknown): Partial<Pick<Account, 'email' | 'name' | 'language'>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the body must be an object with email, name or language');
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw invalidInput(`unknown field ${key}`);
  }
  const patch: Partial<Pick<Account, 'email' | 'name' | 'language'>> = {};
  if (input.email !== undefined) patch.email = parseEmail(input.email);
  if (input.name !== undefined) patch.name = parseText(input.name, 'name', 200);
  if (input.language !== undefined) patch.language = parseLanguage(input.language);
  if (Object.keys(patch).length === 0) throw invalidInput('give email, name or language');
  return patch;
}

/**
 * PATCH /api/admin/accounts/{nichandle}: the provider sets an account's e-mail address, name or
 * language at once (its own checks stand in for R19's code). A new address is told to both the
 * old and the new one, in the account's language, through the outbox in the same transaction.
 */
export async function updateAccount(
  ctx: AppContext,
  nichandleInput: unknown,
  body: unknown,
): Promise<OperatorAccountView> {
  const nichandle = parseAccountParam(nichandleInput);
  const patch = parsePatch(body);
  return ctx.database.db.transaction().execute(async (trx) => {
    const before = await lockAccount(ctx.database, trx, nichandle);
    if (!before) throw notFound('No such account');
    const after: Account = { ...before, ...patch };
    await updateAccountFields(trx, nichandle, patch);
    const changed = FIELDS.filter((field) => before[field] !== after[field]);
    if (changed.length > 0) {
      await recordEvent(trx, ctx, {
        event: 'account.updated',
        actor: OPERATOR,
        data: {
          nichandle,
          changed,
          ...(changed.includes('email') ? { previousEmail: before.email, email: after.email } : {}),
        },
      });
    }
    if (before.email !== after.email) await queueAddressChanged(trx, ctx, before, after);
    return presentForOperator(trx, after);
  });
}
