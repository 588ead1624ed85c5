import type { Insertable } from 'kysely';
import { recordEvents } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret, newSecret } from '../platform/crypto.js';
import { isUniqueViolation } from '../platform/database/database.js';
import type { ContactChangeTable } from '../platform/database/schema.js';
import { CONTACT_TYPE, encodeRoles, rolesOf, type Role } from '../services/roles.js';
import { contactsOf } from '../services/service.repository.js';
import { DomainError, isDomainError, type ErrorCode } from '../shared/errors.js';
import {
  accountsInDebt,
  existingAccounts,
  insertBatch,
  insertChanges,
  insertPendingRoles,
  insertValidations,
  lockServicesByName,
  openRequestsOn,
  serviceKey,
} from './batch.repository.js';
import { parseWish } from './change-contact.js';
import { closeChange } from './close-change.js';
import { emailBatch } from './notify-batch.js';
import { announceMany } from './notify.js';
import { parseServices, type ServiceRef } from './parse-bulk-change.js';
import { planChange, type PlannedRequest } from './plan-change.js';

export interface BulkChangeAnswer {
  batchId: number | null;
  requests: (ServiceRef & { ids: number[] })[];
  errors: (ServiceRef & { errorCode: ErrorCode; message: string })[];
}

/** Ends a preview's transaction, so that whatever it wrote (an expired request closed) is undone. */
class Preview extends Error {
  constructor(readonly answer: BulkChangeAnswer) {
    super('preview');
  }
}

interface Planned {
  ref: ServiceRef;
  serviceId: number;
  requests: PlannedRequest[];
  askerRight: Role;
}

/**
 * POST /api/me/contacts/changeContact (R22): R2–R7 service by service, in one transaction. A
 * service that fails a rule is reported with its error; the others get their requests, grouped
 * in one batch, with one code per validator for the whole batch and one e-mail each.
 */
export async function changeContactsInBulk(
  ctx: AppContext,
  caller: string,
  body: unknown,
  options: { preview?: boolean } = {},
): Promise<BulkChangeAnswer> {
  const refs = parseServices(body);
  const contacts: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete contacts.services;
  const wish = parseWish(contacts);
  try {
    return await ctx.database.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const found = await lockServicesByName(ctx.database, trx, refs);
      const errors: BulkChangeAnswer['errors'] = [];
      const fail = (ref: ServiceRef, code: ErrorCode, message: string) =>
        errors.push({ ...ref, errorCode: code, message });

      // R1–R4 and R6 on each service's contacts, as a single change would check them.
      const seen = new Set<string>();
      let planned: Planned[] = [];
      for (const ref of refs) {
        const key = serviceKey(ref.serviceType, ref.serviceName);
        const service = found.get(key);
        if (seen.has(key)) {
          fail(ref, 'INVALID_INPUT', 'this service is listed twice');
          continue;
        }
        seen.add(key);
        if (!service || rolesOf(contactsOf(service), caller).length === 0) {
          fail(ref, 'NOT_FOUND', 'No such service');
          continue;
        }
        try {
          const plan = planChange(contactsOf(service), caller, wish);
          planned.push({ ref, serviceId: service.id, ...plan });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          fail(ref, error.code, error.message);
        }
      }

      // R4: the new contacts exist. R5: billing changes need both billing contacts free of debt.
      const requests = planned.flatMap((p) => p.requests);
      const known = await existingAccounts(
        trx,
        requests.map((r) => r.to),
      );
      const billing = requests.filter((r) => r.roles.includes('billing'));
      const inDebt = await accountsInDebt(
        trx,
        billing.flatMap((r) => [r.from, r.to]),
      );
      planned = planned.filter((p) => {
        const unknown = p.requests.find((r) => !known.has(r.to));
        if (unknown) fail(p.ref, 'UNKNOWN_ACCOUNT', `account ${unknown.to} does not exist`);
        const debtor = p.requests
          .filter((r) => r.roles.includes('billing'))
          .flatMap((r) => [r.from, r.to])
          .find((account) => inDebt.has(account));
        if (!unknown && debtor) {
          fail(
            p.ref,
            'UNPAID_INVOICES',
            `${debtor} has unpaid invoices: the billing contact cannot change until they are paid`,
          );
        }
        return !unknown && !debtor;
      });

      // R7: a role with an open request cannot be asked again. A request whose time is up no
      // longer holds its roles, even if the worker has not yet marked it expired.
      const open = await openRequestsOn(
        trx,
        planned.map((p) => p.serviceId),
      );
      const expired = new Set<number>();
      const held = new Map<string, number>();
      for (const change of open) {
        if (change.state === 'validatingByCustomers' && change.expires_at <= now) {
          if (!expired.has(change.id)) {
            await closeChange(trx, ctx, change, { to: 'expired', actor: null, now });
          }
          expired.add(change.id);
        } else held.set(`${change.service_id}/${change.role}`, Number(change.id));
      }
      planned = planned.filter((p) => {
        const role = p.requests
          .flatMap((r) => r.roles)
          .find((r) => held.has(`${p.serviceId}/${r}`));
        if (role === undefined) return true;
        const id = held.get(`${p.serviceId}/${role}`)!;
        fail(
          p.ref,
          'CHANGE_PENDING',
          `${CONTACT_TYPE[role]} already has an open request (${id}); it must end, or be cancelled, first`,
        );
        return false;
      });

      if (planned.length === 0) return { batchId: null, requests: [], errors };
      if (options.preview) {
        // The panel's summary before `Valider`: the same checks, nothing written (rolled back).
        const requests = planned.map((p) => ({ ...p.ref, ids: [] }));
        throw new Preview({ batchId: null, requests, errors });
      }
      return { ...(await makeBatch(ctx, trx, caller, planned, now)), errors };
    });
  } catch (error) {
    if (error instanceof Preview) return error.answer;
    // Another caller took a role between the check and the insert (PostgreSQL only: the
    // services are locked, but a role can be taken by a request made before the lock).
    if (isUniqueViolation(error)) {
      throw new DomainError('CHANGE_PENDING', 'a role already has an open request; try again');
    }
    throw error;
  }
}

async function makeBatch(
  ctx: AppContext,
  trx: Parameters<typeof insertChanges>[0],
  caller: string,
  planned: Planned[],
  now: number,
): Promise<Omit<BulkChangeAnswer, 'errors'>> {
  const batchId = await insertBatch(trx, caller, now);
  const found = new Map(planned.map((p) => [p.serviceId, p]));
  const rows: Insertable<ContactChangeTable>[] = [];
  const plans: PlannedRequest[] = [];
  for (const p of planned) {
    for (const request of p.requests) {
      plans.push(request);
      rows.push({
        service_id: p.serviceId,
        service_type: p.ref.serviceType,
        service_name: p.ref.serviceName,
        asking_account: caller,
        from_account: request.from,
        to_account: request.to,
        roles: encodeRoles(request.roles),
        asker_right: p.askerRight,
        state: 'validatingByCustomers',
        date_request: now,
        date_done: null,
        expires_at: now + ctx.config.requestTtlSeconds * 1000,
        error_reason: null,
        batch_id: batchId,
      });
    }
  }
  const changes = await insertChanges(trx, rows);
  await insertPendingRoles(
    trx,
    changes.flatMap((change, i) =>
      plans[i]!.roles.map((role) => ({
        service_id: change.service_id,
        role,
        request_id: change.id,
      })),
    ),
  );
  // R22 with R18: one code per validator for the whole batch, kept only as its hash on each of
  // the validator's validations, so the single-request routes take it too.
  const tokens = new Map<string, string>();
  for (const plan of plans)
    for (const v of plan.validators) if (!tokens.has(v)) tokens.set(v, newSecret());
  const hashes = new Map([...tokens].map(([account, token]) => [account, hashSecret(token)]));
  await insertValidations(
    trx,
    changes.flatMap((change, i) =>
      plans[i]!.validators.map((account) => ({
        request_id: change.id,
        account,
        status: 'pending' as const,
        decided_at: null,
        token_hash: hashes.get(account)!,
        token_sent_at: now,
        failed_attempts: 0,
      })),
    ),
  );
  await recordEvents(
    trx,
    ctx,
    changes.map((change, i) => ({
      event: 'request.created' as const,
      actor: caller,
      requestId: change.id,
      serviceId: change.service_id,
      data: {
        fromAccount: change.from_account,
        toAccount: change.to_account,
        contactTypes: plans[i]!.roles.map((r) => CONTACT_TYPE[r]),
        validators: plans[i]!.validators,
        batchId,
      },
    })),
  );
  await emailBatch(
    trx,
    ctx,
    batchId,
    'batch-created',
    [...tokens].map(([account, token]) => ({
      account,
      token,
      changes: changes.filter((_, i) => plans[i]!.validators.includes(account)),
    })),
  );
  const validators = new Map(changes.map((change, i) => [change.id, plans[i]!.validators]));
  await announceMany(trx, ctx, 'request.created', changes, (change) => ({
    validators: validators.get(change.id),
  }));

  const ids = new Map<number, number[]>();
  for (const change of changes)
    ids.set(change.service_id, [...(ids.get(change.service_id) ?? []), change.id]);
  return {
    batchId,
    requests: [...ids].map(([serviceId, list]) => ({ ...found.get(serviceId)!.ref, ids: list })),
  };
}
