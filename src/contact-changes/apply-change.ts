import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import { decodeRoles, type Contacts } from '../services/roles.js';
import {
  contactsOf,
  lockService,
  writeContacts,
  type Service,
} from '../services/service.repository.js';
import { isDomainError } from '../shared/errors.js';
import { checkBillingDebts } from './billing.rule.js';
import { claimNextToApply, validatorStatusesOf, type ContactChange } from './change.repository.js';
import { closeChange } from './close-change.js';
import { FAILURE_REASONS } from './failure-reasons.js';

/**
 * Applies one accepted request (state `doing`), if there is one; returns whether it did.
 * Everything happens in one transaction: R13's re-checks, the new contacts, the final state,
 * the e-mails. The conditional move out of `doing` makes a second applier (another process, a
 * retry after a crash) change nothing; on PostgreSQL SKIP LOCKED also keeps it from waiting.
 */
export async function applyNextChange(ctx: AppContext): Promise<boolean> {
  return ctx.database.db.transaction().execute((trx) => applyOne(ctx, trx));
}

/**
 * The worker's item (decision 107): up to `limit` accepted requests, one after the other, each
 * as applyNextChange applies it; returns how many were applied. On SQLite they share one
 * transaction: it has one writer at a time and no row locks, and a commit writes the search
 * index's pending terms, the largest part of a request's cost. Should the shared transaction
 * fail, the item applies one request in a transaction of its own, as on PostgreSQL, whose
 * requests each keep theirs: a transaction of several would lock their accounts out of name
 * order (decision 065).
 */
export async function applyNextChanges(ctx: AppContext, limit: number): Promise<number> {
  if (ctx.database.dialect === 'sqlite' && limit > 1) {
    try {
      return await ctx.database.db.transaction().execute(async (trx) => {
        let applied = 0;
        while (applied < limit && (await applyOne(ctx, trx))) applied++;
        return applied;
      });
    } catch {
      // One request that cannot be applied must not hold back those claimed before it: they
      // go one per transaction, and its own error reaches the worker from applyNextChange.
      return (await applyNextChange(ctx)) ? 1 : 0;
    }
  }
  let applied = 0;
  while (applied < limit && (await applyNextChange(ctx))) applied++;
  return applied;
}

/** Claims the oldest accepted request and applies it, or ends it in `error` (R13), in `trx`. */
async function applyOne(ctx: AppContext, trx: Executor): Promise<boolean> {
  const change = await claimNextToApply(ctx.database, trx);
  if (!change) return false;
  const checked = await recheck(ctx, trx, change);
  if (typeof checked === 'string') {
    await closeChange(trx, ctx, change, { to: 'error', actor: null, reason: checked });
  } else await apply(ctx, trx, change, checked);
  return true;
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
  if (!service) return FAILURE_REASONS.serviceGone();
  const contacts = contactsOf(service);
  const roles = decodeRoles(change.roles);
  for (const role of roles) {
    if (contacts[role] !== change.from_account) {
      return FAILURE_REASONS.contactMoved(change.from_account, role, contacts[role]);
    }
  }
  // The admin right also holds when the admin of now has accepted this very request: an admin
  // who names a new admin and a new tech in one form must not see the tech change fail because
  // the admin change was applied first (decision 052).
  const validators = await validatorStatusesOf(trx, change.id);
  const acceptedBy = validators.filter((v) => v.status === 'accepted');
  const rightHeld =
    change.asker_right === 'admin'
      ? contacts.admin === change.asking_account ||
        acceptedBy.some((v) => v.account === contacts.admin)
      : roles.every((role) => contacts[role] === change.asking_account);
  if (!rightHeld) return FAILURE_REASONS.rightLost(change.asking_account);
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

/** R12: the new contacts written, the request `done`; each validator and the old contact told. */
async function apply(
  ctx: AppContext,
  trx: Executor,
  change: ContactChange,
  { service, validators }: Checked,
): Promise<void> {
  const before = contactsOf(service);
  const after: Contacts = { ...before };
  for (const role of decodeRoles(change.roles)) after[role] = change.to_account;
  await closeChange(trx, ctx, change, {
    to: 'done',
    actor: null,
    contacts: after,
    recipients: [...validators.map((v) => v.account), change.from_account],
    effect: () => writeContacts(ctx.database, trx, service, before, after),
  });
}
