import { OPERATOR } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/database/database.js';
import { findServiceByName } from '../services/get-service.js';
import { CONTACT_TYPE, ROLES, type Contacts, type Role } from '../services/roles.js';
import { contactsOf, lockService, writeContacts } from '../services/service.repository.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import { parseText } from '../shared/validate.js';
import {
  checkNewContacts,
  findOpenRequestOn,
  insertRequest,
  parseWish,
  recordRequestCreated,
} from './change-contact.js';
import { closeChange } from './close-change.js';
import { startApplying } from './transitions.js';

const FIELDS = new Set(['contactAdmin', 'contactTech', 'contactBilling', 'reason']);

function parseBody(body: unknown): { wish: Partial<Record<Role, string>>; reason: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidInput('the body must be an object with the new contacts and a reason');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (!FIELDS.has(key)) throw invalidInput(`unknown field ${key}`);
  const wish = parseWish(input);
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
      await checkNewContacts(trx, [...pairs.values()]);
      const now = ctx.clock.now();
      const pending = await findOpenRequestOn(trx, ctx, service.id, wanted, now);
      if (pending) {
        throw new DomainError(
          'CHANGE_PENDING',
          `${CONTACT_TYPE[pending.role]} has an open request (${pending.request_id}): cancel it first`,
        );
      }

      const ids: number[] = [];
      for (const { from, to, roles } of pairs.values()) {
        const change = await insertRequest(trx, ctx, service, {
          asker: OPERATOR,
          askerRight: 'admin',
          from,
          to,
          roles,
          now,
        });
        await recordRequestCreated(trx, ctx, change, roles, [], reason);
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
