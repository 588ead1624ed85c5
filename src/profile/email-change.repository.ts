import type { Selectable } from 'kysely';
import type { Executor } from '../platform/database/database.js';
import type { EmailChangeState, EmailChangeTable } from '../platform/database/schema.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { parsePositiveId } from '../shared/validate.js';

export type EmailChange = Selectable<EmailChangeTable>;

export const EMAIL_CHANGE_STATES: readonly EmailChangeState[] = [
  'todo',
  'done',
  'refused',
  'aborted',
  'expired',
];

/** R10's rule for these codes too: wrong codes before the request is locked until a new one. */
export const MAX_EMAIL_CODE_ATTEMPTS = 5;

export function parseEmailChangeState(value: unknown): EmailChangeState | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (EMAIL_CHANGE_STATES as readonly string[]).includes(value)) {
    return value as EmailChangeState;
  }
  throw invalidInput(`state must be one of ${EMAIL_CHANGE_STATES.join(', ')}`);
}

/** One e-mail change of the account, or NOT_FOUND (another account's is not revealed, R1). */
export async function findEmailChange(
  db: Executor,
  account: string,
  idInput: unknown,
): Promise<EmailChange> {
  const id = parsePositiveId(idInput, 'id');
  const row = await db
    .selectFrom('email_changes')
    .selectAll()
    .where('id', '=', id)
    .where('account', '=', account)
    .executeTakeFirst();
  if (!row) throw notFound(`no e-mail change ${id}`);
  return row;
}

/** The account's open e-mail change (state todo), if any. */
export async function findOpenEmailChange(
  db: Executor,
  account: string,
): Promise<EmailChange | undefined> {
  const row = await db
    .selectFrom('email_changes')
    .selectAll()
    .where('account', '=', account)
    .where('state', '=', 'todo')
    .executeTakeFirst();
  return row;
}

/**
 * Ends an open e-mail change: a conditional update on state `todo`, whose row count says whether
 * this caller won (a race with another answer, a replacement or the expiry job).
 */
export async function closeEmailChange(
  db: Executor,
  id: number,
  to: Exclude<EmailChangeState, 'todo'>,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('email_changes')
    .set({ state: to, date_done: now, token_hash: null })
    .where('id', '=', id)
    .where('state', '=', 'todo')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A todo request whose time is up reads as expired even before the worker has moved it. */
export function effectiveState(change: EmailChange, now: number): EmailChangeState {
  return change.state === 'todo' && change.expires_at <= now ? 'expired' : change.state;
}

/** OVH's nichandle.emailChange.Task. */
export function presentEmailChange(change: EmailChange, now: number) {
  const expired = effectiveState(change, now) === 'expired' && change.state === 'todo';
  const done = expired ? change.expires_at : change.date_done;
  return {
    id: change.id,
    newEmail: change.new_email,
    state: effectiveState(change, now),
    dateRequest: new Date(change.date_request).toISOString(),
    dateDone: done === null ? null : new Date(done).toISOString(),
  };
}
