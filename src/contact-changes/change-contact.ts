import { accountExists } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { isUniqueViolation, type Executor } from '../platform/database/database.js';
import { getVisibleService } from '../services/get-service.js';
import { CONTACT_TYPE, ROLES, encodeRoles, type Role } from '../services/roles.js';
import { contactsOf, lockService } from '../services/service.repository.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import type { ContactChange } from './change.repository.js';
import { checkBillingDebts } from './billing.rule.js';
import { closeChange } from './close-change.js';
import { announce, emailTokens } from './notify.js';
import { planChange, type ChangeWish } from './plan-change.js';

export interface ChangeContactBody {
  contactAdmin?: unknown;
  contactTech?: unknown;
  contactBilling?: unknown;
}

export function parseWish(body: unknown): ChangeWish {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput(
      'the body must be an object with contactAdmin, contactTech or contactBilling',
    );
  }
  const wish: ChangeWish = {};
  for (const role of ROLES) {
    const field = CONTACT_TYPE[role];
    const value = (body as Record<string, unknown>)[field];
    if (value !== undefined && value !== '') wish[role] = parseNichandle(value, field);
  }
  return wish;
}

/**
 * changeContact of SPEC §5: checks R1–R7, then makes one request per (from, to) pair, each
 * with its validators' tokens and e-mails, in one transaction. Returns the new request ids.
 */
export async function changeContact(
  ctx: AppContext,
  caller: string,
  serviceType: unknown,
  serviceName: unknown,
  body: unknown,
): Promise<number[]> {
  const wish = parseWish(body);
  const visible = await getVisibleService(ctx, caller, serviceType, serviceName);
  try {
    return await ctx.database.db.transaction().execute(async (trx) => {
      // Deleted by the operator since it was read: it is no longer there (decision 094).
      const service = await lockService(ctx.database, trx, visible.id);
      if (!service) throw notFound('No such service');
      const plan = planChange(contactsOf(service), caller, wish);

      for (const request of plan.requests) {
        if (!(await accountExists(trx, request.to))) {
          throw new DomainError('UNKNOWN_ACCOUNT', `account ${request.to} does not exist`, {
            account: request.to,
          });
        }
      }
      for (const request of plan.requests) {
        if (request.roles.includes('billing'))
          await checkBillingDebts(trx, request.from, request.to);
      }
      const roles = plan.requests.flatMap((r) => r.roles);
      const now = ctx.clock.now();
      // A request whose time is up no longer holds its roles, even if the worker has not yet
      // marked it expired (accept and refuse already treat it as closed).
      const stale = await trx
        .selectFrom('contact_changes')
        .selectAll()
        .where('state', '=', 'validatingByCustomers')
        .where('expires_at', '<=', now)
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('pending_roles')
            .select('request_id')
            .where('service_id', '=', service.id)
            .where('role', 'in', roles),
        )
        .execute();
      for (const change of stale) {
        await closeChange(trx, ctx, change, { to: 'expired', actor: null, now });
      }
      const pending = await trx
        .selectFrom('pending_roles')
        .select(['role', 'request_id'])
        .where('service_id', '=', service.id)
        .where('role', 'in', roles)
        .executeTakeFirst();
      if (pending) throw changePending(pending.role, Number(pending.request_id));

      const ids: number[] = [];
      for (const request of plan.requests) {
        const change = await trx
          .insertInto('contact_changes')
          .values({
            service_id: service.id,
            service_type: service.service_type,
            service_name: service.service_name,
            asking_account: caller,
            from_account: request.from,
            to_account: request.to,
            roles: encodeRoles(request.roles),
            asker_right: plan.askerRight,
            state: 'validatingByCustomers',
            date_request: now,
            date_done: null,
            expires_at: now + ctx.config.requestTtlSeconds * 1000,
            error_reason: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await openRequest(trx, ctx, change, request.roles, request.validators);
        ids.push(change.id);
      }
      return ids;
    });
  } catch (error) {
    // Two callers raced past the check above: the primary key of pending_roles decided.
    if (isUniqueViolation(error)) throw changePending();
    throw error;
  }
}

function changePending(role?: Role, requestId?: number): DomainError {
  const what = role
    ? `${CONTACT_TYPE[role]} already has an open request (${requestId})`
    : 'a role already has an open request';
  return new DomainError('CHANGE_PENDING', `${what}; it must end, or be cancelled, first`);
}

async function openRequest(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  roles: Role[],
  validators: string[],
): Promise<void> {
  await trx
    .insertInto('pending_roles')
    .values(roles.map((role) => ({ service_id: change.service_id, role, request_id: change.id })))
    .execute();
  const tokens = new Map(validators.map((validator) => [validator, newSecret()]));
  if (tokens.size > 0) {
    await trx
      .insertInto('validations')
      .values(
        [...tokens].map(([validator, token]) => ({
          request_id: change.id,
          account: validator,
          status: 'pending' as const,
          decided_at: null,
          token_hash: hashSecret(token),
          token_sent_at: change.date_request,
          failed_attempts: 0,
        })),
      )
      .execute();
  }
  await emailTokens(trx, ctx, change, 'request-created', tokens);
  await recordEvent(trx, ctx, {
    event: 'request.created',
    actor: change.asking_account,
    requestId: change.id,
    serviceId: change.service_id,
    data: {
      fromAccount: change.from_account,
      toAccount: change.to_account,
      contactTypes: roles.map((r) => CONTACT_TYPE[r]),
      validators,
    },
  });
  await announce(trx, ctx, 'request.created', change, { validators });
}
