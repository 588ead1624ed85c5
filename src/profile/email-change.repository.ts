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

/** A new open e-mail change; only the code's hash is kept (R18). */
export async function insertEmailChange(
  trx: Executor,
  change: { account: string; oldEmail: string; newEmail: string; tokenHash: string },
  now: number,
  expiresAt: number,
): Promise<EmailChange> {
  const row = await trx
    .insertInto('email_changes')
    .values({
      account: change.account,
      old_email: change.oldEmail,
      new_email: change.newEmail,
      state: 'todo',
      token_hash: change.tokenHash,
      failed_attempts: 0,
      date_request: now,
      date_done: null,
      expires_at: expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, id: Number(row.id) };
}

/** One more wrong code given for this e-mail change (R10's count). */
export async function countWrongEmailCode(trx: Executor, change: EmailChange): Promise<void> {
  await trx
    .updateTable('email_changes')
    .set({ failed_attempts: change.failed_attempts + 1 })
    .where('id', '=', change.id)
    .execute();
}

/** The open e-mail change whose time has been up the longest, if any. */
export function findNextExpiredEmailChange(
  db: Executor,
  now: number,
): Promise<EmailChange | undefined> {
  return db
    .selectFrom('email_changes')
    .selectAll()
    .where('state', '=', 'todo')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Ids of the account's e-mail changes, newest first (500 at most), in one state if given; a
 * todo one past its time counts as expired (the worker moves it soon after).
 */
export async function listEmailChangeIdsOf(
  db: Executor,
  account: string,
  state: EmailChangeState | undefined,
  now: number,
): Promise<number[]> {
  let query = db
    .selectFrom('email_changes')
    .select('id')
    .where('account', '=', account)
    .orderBy('id', 'desc')
    .limit(500);
  if (state === 'todo') query = query.where('state', '=', 'todo').where('expires_at', '>', now);
  else if (state === 'expired')
    query = query.where((eb) =>
      eb.or([
        eb('state', '=', 'expired'),
        eb.and([eb('state', '=', 'todo'), eb('expires_at', '<=', now)]),
      ]),
    );
  else if (state !== undefined) query = query.where('state', '=', state);
  const rows = await query.execute();
  return rows.map((row) => Number(row.id));
}
