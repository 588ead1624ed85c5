import { accountExists } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { isUniqueViolation, type Executor } from '../platform/database/database.js';
import { getVisibleService } from '../services/get-service.js';
import { CONTACT_TYPE, ROLES, encodeRoles, type Role } from '../services/roles.js';
import { contactsOf, lockService, type Service } from '../services/service.repository.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import {
  holdRoles,
  insertChange,
  insertPendingValidations,
  roleHeldOn,
  staleRequestsHolding,
  type ContactChange,
} from './change.repository.js';
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

      await checkNewContacts(trx, plan.requests);
      const now = ctx.clock.now();
      const roles = plan.requests.flatMap((r) => r.roles);
      const pending = await findOpenRequestOn(trx, ctx, service.id, roles, now);
      if (pending) throw changePending(pending.role, Number(pending.request_id));

      const ids: number[] = [];
      for (const request of plan.requests) {
        const change = await insertRequest(trx, ctx, service, {
          ...request,
          asker: caller,
          askerRight: plan.askerRight,
          now,
        });
        await sendTokens(trx, ctx, change, request.validators);
        await recordRequestCreated(trx, ctx, change, request.roles, request.validators);
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

/**
 * R4 and R5 before any request is written: each new contact's account exists, and neither
 * billing contact of a pair that moves the billing role owes anything.
 */
export async function checkNewContacts(
  trx: Executor,
  requests: readonly { from: string; to: string; roles: readonly Role[] }[],
): Promise<void> {
  for (const request of requests) {
    if (!(await accountExists(trx, request.to))) {
      throw new DomainError('UNKNOWN_ACCOUNT', `account ${request.to} does not exist`, {
        account: request.to,
      });
    }
  }
  for (const request of requests) {
    if (request.roles.includes('billing')) await checkBillingDebts(trx, request.from, request.to);
  }
}

/**
 * The open request holding one of these roles of the service, if any (R7). A request whose time
 * is up no longer holds its roles, even if the worker has not yet marked it expired (accept and
 * refuse already treat it as closed): it is closed here first.
 */
export async function findOpenRequestOn(
  trx: Executor,
  ctx: AppContext,
  serviceId: number,
  roles: readonly Role[],
  now: number,
): Promise<{ role: Role; request_id: number } | undefined> {
  const stale = await staleRequestsHolding(trx, serviceId, roles, now);
  for (const change of stale) {
    await closeChange(trx, ctx, change, { to: 'expired', actor: null, now });
  }
  return roleHeldOn(trx, serviceId, roles);
}

/** Writes a request waiting for its validators, and the roles it holds until it ends (R7). */
export async function insertRequest(
  trx: Executor,
  ctx: AppContext,
  service: Service,
  request: {
    asker: string;
    askerRight: Role;
    from: string;
    to: string;
    roles: readonly Role[];
    now: number;
  },
): Promise<ContactChange> {
  const change = await insertChange(trx, {
    service_id: service.id,
    service_type: service.service_type,
    service_name: service.service_name,
    asking_account: request.asker,
    from_account: request.from,
    to_account: request.to,
    roles: encodeRoles(request.roles),
    asker_right: request.askerRight,
    state: 'validatingByCustomers',
    date_request: request.now,
    date_done: null,
    expires_at: request.now + ctx.config.requestTtlSeconds * 1000,
    error_reason: null,
  });
  await holdRoles(trx, service.id, request.roles, change.id);
  return change;
}

/** A code per validator: its hash kept, the code itself e-mailed (R9). */
async function sendTokens(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  validators: string[],
): Promise<void> {
  const tokens = new Map(validators.map((validator) => [validator, newSecret()]));
  if (tokens.size > 0) {
    await insertPendingValidations(
      trx,
      [...tokens].map(([validator, token]) => ({
        request_id: change.id,
        account: validator,
        status: 'pending' as const,
        decided_at: null,
        token_hash: hashSecret(token),
        token_sent_at: change.date_request,
        failed_attempts: 0,
      })),
    );
  }
  await emailTokens(trx, ctx, change, 'request-created', tokens);
}

/** The audit event and the webhook of a new request; `reason` is the support desk's (R17). */
export async function recordRequestCreated(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  roles: readonly Role[],
  validators: string[],
  reason?: string,
): Promise<void> {
  const because = reason === undefined ? {} : { reason };
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
      ...because,
    },
  });
  await announce(trx, ctx, 'request.created', change, { validators, ...because });
}
