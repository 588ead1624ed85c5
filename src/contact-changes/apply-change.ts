import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { forUpdate, type Executor } from '../platform/database/database.js';
import { CONTACT_TYPE, decodeRoles, type Contacts } from '../services/roles.js';
import {
  contactsOf,
  lockService,
  writeContacts,
  type Service,
} from '../services/service.repository.js';
import { isDomainError } from '../shared/errors.js';
import { moveState, partiesOf, releaseRoles, type ContactChange } from './change.repository.js';
import { checkBillingDebts } from './change-contact.js';
import { announce, emailAccounts } from './notify.js';

/**
 * Applies one accepted request (state `doing`), if there is one; returns whether it did.
 * Everything happens in one transaction: R13's re-checks, the new contacts, the final state,
 * the e-mails. The conditional move out of `doing` makes a second applier (another process, a
 * retry after a crash) change nothing; on PostgreSQL SKIP LOCKED also keeps it from waiting.
 */
export async function applyNextChange(ctx: AppContext): Promise<boolean> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await forUpdate(
      ctx.database,
      trx
        .selectFrom('contact_changes')
        .selectAll()
        .where('state', '=', 'doing')
        .orderBy('id')
        .limit(1),
      { skipLocked: true },
    ).executeTakeFirst();
    if (!change) return false;
    const checked = await recheck(ctx, trx, change);
    if (typeof checked === 'string') await fail(ctx, trx, change, checked);
    else await apply(ctx, trx, change, checked);
    return true;
  });
}

/** What R13's re-checks read, which the change then uses: the locked service, its validators. */
interface Checked {
  service: Service;
  validators: { account: string; status: string }[];
}

/** R13: why the request can no longer be applied, or what the checks read. */
async function recheck(
  ctx: AppContext,
  trx: Executor,
  change: ContactChange,
): Promise<string | Checked> {
  const service = await lockService(ctx.database, trx, change.service_id);
  if (!service) return 'the service no longer exists';
  const contacts = contactsOf(service);
  const roles = decodeRoles(change.roles);
  for (const role of roles) {
    if (contacts[role] !== change.from_account) {
      return `${change.from_account} is no longer ${CONTACT_TYPE[role]} (now ${contacts[role]})`;
    }
  }
  // The admin right also holds when the admin of now has accepted this very request: an admin
  // who names a new admin and a new tech in one form must not see the tech change fail because
  // the admin change was applied first (decision 052).
  const validators = await trx
    .selectFrom('validations')
    .select(['account', 'status'])
    .where('request_id', '=', change.id)
    .execute();
  const acceptedBy = validators.filter((v) => v.status === 'accepted');
  const rightHeld =
    change.asker_right === 'admin'
      ? contacts.admin === change.asking_account ||
        acceptedBy.some((v) => v.account === contacts.admin)
      : roles.every((role) => contacts[role] === change.asking_account);
  if (!rightHeld) return `${change.asking_account} no longer holds the right it asked with`;
  if (roles.includes('billing')) {
    try {
      await checkBillingDebts(trx, change.from_account, change.to_account);
    } catch (error) {
      if (isDomainError(error, 'UNPAID_INVOICES')) return error.message;
      throw error;
    }
  }
  return { service, validators };
}

async function apply(
  ctx: AppContext,
  trx: Executor,
  change: ContactChange,
  { service, validators }: Checked,
): Promise<void> {
  const before = contactsOf(service);
  const after: Contacts = { ...before };
  for (const role of decodeRoles(change.roles)) after[role] = change.to_account;
  const now = ctx.clock.now();
  if (!(await moveState(trx, change.id, 'doing', 'done', { date_done: now }))) return;
  await writeContacts(ctx.database, trx, service, before, after);
  await releaseRoles(trx, change.id);
  await recordEvent(trx, ctx, {
    event: 'request.applied',
    actor: null,
    requestId: change.id,
    serviceId: change.service_id,
    data: {
      contacts: {
        contactAdmin: after.admin,
        contactTech: after.tech,
        contactBilling: after.billing,
      },
      fromAccount: change.from_account,
      toAccount: change.to_account,
    },
  });
  const done = { ...change, state: 'done' as const, date_done: now };
  // R12: each validator and the old contact learn that the change is done.
  await emailAccounts(trx, ctx, done, 'request-done', [
    ...validators.map((v) => v.account),
    change.from_account,
  ]);
  await announce(trx, ctx, 'request.done', done, {
    contacts: { contactAdmin: after.admin, contactTech: after.tech, contactBilling: after.billing },
  });
}

async function fail(
  ctx: AppContext,
  trx: Executor,
  change: ContactChange,
  reason: string,
): Promise<void> {
  const now = ctx.clock.now();
  if (
    !(await moveState(trx, change.id, 'doing', 'error', { date_done: now, error_reason: reason }))
  )
    return;
  await releaseRoles(trx, change.id);
  await recordEvent(trx, ctx, {
    event: 'request.failed',
    actor: null,
    requestId: change.id,
    serviceId: change.service_id,
    data: { reason },
  });
  const failed = { ...change, state: 'error' as const, date_done: now, error_reason: reason };
  await emailAccounts(trx, ctx, failed, 'request-failed', partiesOf(change), { reason });
  await announce(trx, ctx, 'request.error', failed, { reason });
}
