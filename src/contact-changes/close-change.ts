import { recordEvent, type AuditEventName } from '../audit/audit.repository.js';
import type { RequestEmailTemplate } from '../mail/queue-emails.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/database/database.js';
import type { Contacts } from '../services/roles.js';
import type { WebhookEvent } from '../webhooks/queue-webhook.js';
import { partiesOf, releaseRoles, type ContactChange } from './change.repository.js';
import { announce, emailAccounts } from './notify.js';
import type { FinalState } from './states.js';
import { abort, expire, markDone, markFailed, refuse } from './transitions.js';

/** How a request ends, and who and what ended it. */
export interface Close {
  to: FinalState;
  /** The account (or operator) that ended it; null for the worker (expiry, apply). */
  actor: string | null;
  /** Why, when there is a reason (required for `error`): in the audit event, e-mails, webhook. */
  reason?: string;
  /** `done`: the service's contacts once changed, for the audit event and the webhook. */
  contacts?: Contacts;
  /** Who is told by e-mail: every party unless given (R11, R15, R16; R12 names its own). */
  recipients?: Iterable<string>;
  /** Written only once the move has won, before the roles are freed (`done`: the new contacts). */
  effect?: () => Promise<void>;
  /** The time of the close, when the caller already read the clock for the same act. */
  now?: number;
}

const SIDE: Record<
  FinalState,
  { event: AuditEventName; email: RequestEmailTemplate; hook: WebhookEvent }
> = {
  done: { event: 'request.applied', email: 'request-done', hook: 'request.done' },
  refused: { event: 'request.refused', email: 'request-refused', hook: 'request.refused' },
  aborted: { event: 'request.cancelled', email: 'request-aborted', hook: 'request.aborted' },
  expired: { event: 'request.expired', email: 'request-expired', hook: 'request.expired' },
  error: { event: 'request.failed', email: 'request-failed', hook: 'request.error' },
};

function move(trx: Executor, change: ContactChange, close: Close, now: number): Promise<boolean> {
  switch (close.to) {
    case 'done':
      return markDone(trx, change.id, now);
    case 'error':
      return markFailed(trx, change.id, now, close.reason ?? 'unknown');
    case 'refused':
      return refuse(trx, change.id, now);
    case 'aborted':
      return abort(trx, change.id, now);
    case 'expired':
      return expire(trx, change.id, now);
  }
}

/**
 * The one way a request ends, in the caller's transaction: the conditional move to its final
 * state, then (only if this caller won the move) the effect, its roles freed (R7), the audit
 * event (R17), the e-mails and the webhook. Returns whether this caller closed it.
 */
export async function closeChange(
  trx: Executor,
  ctx: AppContext,
  change: ContactChange,
  close: Close,
): Promise<boolean> {
  const now = close.now ?? ctx.clock.now();
  if (!(await move(trx, change, close, now))) return false;
  await close.effect?.();
  await releaseRoles(trx, change.id);
  const { actor, reason, contacts } = close;
  const side = SIDE[close.to];
  const shown = contacts && {
    contactAdmin: contacts.admin,
    contactTech: contacts.tech,
    contactBilling: contacts.billing,
  };
  const data = {
    ...(shown
      ? { contacts: shown, fromAccount: change.from_account, toAccount: change.to_account }
      : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
  await recordEvent(trx, ctx, {
    event: side.event,
    actor,
    requestId: change.id,
    serviceId: change.service_id,
    ...(Object.keys(data).length > 0 ? { data } : {}),
  });
  const closed: ContactChange = {
    ...change,
    state: close.to,
    date_done: now,
    error_reason: close.to === 'error' ? (reason ?? null) : change.error_reason,
  };
  await emailAccounts(trx, ctx, closed, side.email, close.recipients ?? partiesOf(change), {
    ...(actor !== null ? { actor } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
  await announce(trx, ctx, side.hook, closed, {
    ...(actor !== null ? { by: actor } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(shown ? { contacts: shown } : {}),
  });
  return true;
}
