import { accountExists } from '../accounts/account.repository.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { OPERATOR, recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/database/database.js';
import { findServiceByName } from '../services/get-service.js';
import { CONTACT_TYPE, ROLES, encodeRoles, type Contacts, type Role } from '../services/roles.js';
import { contactsOf, lockService, writeContacts } from '../services/service.repository.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import { checkBillingDebts } from './billing.rule.js';
import { closeChange } from './close-change.js';
import { announce } from './notify.js';
import { startApplying } from './transitions.js';

const FIELDS = new Set(['contactAdmin', 'contactTech', 'contactBilling', 'reason']);

function parseBody(body: unknown): { wish: Partial<Record<Role, string>>; reason: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidInput('the body must be an object with the new contacts and a reason');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (!FIELDS.has(key)) throw invalidInput(`unknown field ${key}`);
  const wish: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const value = input[CONTACT_TYPE[role]];
    if (value !== undefined && value !== '') wish[role] = parseNichandle(value, CONTACT_TYPE[role]);
  }
  if (Object.keys(wish).length === 0)
    throw invalidInput('name at least one of contactAdmin, contactTech, contactBilling');
  return { wish, reason: parseText(input.reason, 'reason', 500) };
}

/**
 * POST /api/admin/services/{serviceType}/{serviceName}/changeContact: the provider's support desk
 * (or a designated agent) changes contacts at once, without the customers' validation — for a
 * customer who lost access to its mailbox. R4 (the new contact exists; a field naming the current
 * holder is ignored), R5 (both billing contacts owe nothing) and R7 (no open request on the role)
 * still hold. One request per (from, to) pair (R6), made and applied in one transaction: `done`,
 * with the operator and its reason in the audit log, every party told (the request-done e-mail).
 */
export async function supportChange(
  ctx: AppContext,
  serviceType: unknown,
  serviceName: unknown,
  body: unknown,
): Promise<number[]> {
  const { wish, reason } = parseBody(body);
  const found = await findServiceByName(ctx.database.db, serviceType, serviceName);
  try {
    return await ctx.database.db.transaction().execute(async (trx) => {
      const service = await lockService(ctx.database, trx, found.id);
      if (!service) throw notFound('No such service');
      let contacts: Contacts = contactsOf(service);
      const wanted = ROLES.filter(
        (role) => wish[role] !== undefined && wish[role] !== contacts[role],
      );
      if (wanted.length === 0) {
        throw new DomainError('ALREADY_CONTACT', 'every account named already holds its role');
      }
      const pairs = new Map<string, { from: string; to: string; roles: Role[] }>();
      for (const role of wanted) {
        const key = `${contacts[role]}\u0000${wish[role]!}`;
        const pair = pairs.get(key) ?? { from: contacts[role], to: wish[role]!, roles: [] };
        pair.roles.push(role);
        pairs.set(key, pair);
      }
      for (const { to } of pairs.values()) {
        if (!(await accountExists(trx, to)))
          throw new DomainError('UNKNOWN_ACCOUNT', `account ${to} does not exist`);
      }
      for (const { from, to, roles } of pairs.values())
        if (roles.includes('billing')) await checkBillingDebts(trx, from, to);
      const now = ctx.clock.now();
      // A request whose time is up no longer holds its roles (as in changeContact).
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
            .where('role', 'in', wanted),
        )
        .execute();
      for (const change of stale) {
        await closeChange(trx, ctx, change, { to: 'expired', actor: null, now });
      }
      const pending = await trx
        .selectFrom('pending_roles')
        .select(['role', 'request_id'])
        .where('service_id', '=', service.id)
        .where('role', 'in', wanted)
        .executeTakeFirst();
      if (pending) {
        throw new DomainError(
          'CHANGE_PENDING',
          `${CONTACT_TYPE[pending.role]} has an open request (${pending.request_id}): cancel it first`,
        );
      }

      const ids: number[] = [];
      for (const { from, to, roles } of pairs.values()) {
        const change = await trx
          .insertInto('contact_changes')
          .values({
            service_id: service.id,
            service_type: service.service_type,
            service_name: service.service_name,
            asking_account: OPERATOR,
            from_account: from,
            to_account: to,
            roles: encodeRoles(roles),
            asker_right: 'admin',
            state: 'validatingByCustomers',
            date_request: now,
            date_done: null,
            expires_at: now + ctx.config.requestTtlSeconds * 1000,
            error_reason: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('pending_roles')
          .values(roles.map((role) => ({ service_id: service.id, role, request_id: change.id })))
          .execute();
        await recordEvent(trx, ctx, {
          event: 'request.created',
          actor: OPERATOR,
          requestId: change.id,
          serviceId: service.id,
          data: {
            fromAccount: from,
            toAccount: to,
            contactTypes: roles.map((r) => CONTACT_TYPE[r]),
            validators: [],
            reason,
          },
        });
        await announce(trx, ctx, 'request.created', change, { validators: [], reason });
        await startApplying(trx, change.id);
        const before = contacts;
        const after: Contacts = { ...before };
        for (const role of roles) after[role] = to;
        const closed = await closeChange(
          trx,
          ctx,
          { ...change, state: 'doing' },
          {
            to: 'done',
            actor: OPERATOR,
            reason,
            contacts: after,
            now,
            effect: () => writeContacts(ctx.database, trx, service, before, after),
          },
        );
        if (!closed) throw new Error(`request ${change.id} could not be applied`);
        contacts = after;
        ids.push(change.id);
      }
      return ids;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('CHANGE_PENDING', 'a role already has an open request');
    }
    throw error;
  }
}
