import type { Selectable } from 'kysely';
import { recordEvent } from '../audit/audit.repository.js';
import type { AppContext } from '../platform/context.js';
import { hashSecret } from '../platform/crypto.js';
import { forUpdate, type Executor } from '../platform/database/database.js';
import type { OutboxChannel, OutboxTable } from '../platform/database/schema.js';
import { backoffDelay, MAX_ATTEMPTS } from './backoff.js';

export type OutboxRow = Selectable<OutboxTable>;

/**
 * How long a claimed delivery stays reserved to the process that took it unless renewed. A live
 * sender renews its claim while the send runs (`renewClaim`, every RENEW_EVERY_MS), so however
 * slow the SMTP server or webhook receiver, no other process sends the message meanwhile; a
 * process that died (kill -9, its connection cut) stops renewing, and its deliveries are due
 * again within LEASE_MS: R21's 30 seconds, with the worker's poll on top (decision 105).
 */
export const LEASE_MS = 15_000;
export const RENEW_EVERY_MS = 5_000;

function dueQuery(db: Executor, channel: OutboxChannel, now: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('channel', '=', channel)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1);
}

/** Reserves the row if it is still due and free: the row count says whether we won. */
async function reserve(db: Executor, row: OutboxRow, worker: string, now: number) {
  const result = await db
    .updateTable('outbox')
    .set({ locked_by: worker, locked_until: now + LEASE_MS })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the next due delivery of a channel for `worker`, or nothing. The claim is committed
 * before anything is sent, so other processes skip the row while it is being delivered. On
 * PostgreSQL the candidate row is locked with SKIP LOCKED, so concurrent claimers pick different
 * rows instead of queueing; on SQLite (one writer at a time) the conditional update alone
 * settles races, outside a transaction so that a reader never has to upgrade to a writer.
 */
export async function claimDue(
  ctx: AppContext,
  channel: OutboxChannel,
  worker: string,
): Promise<OutboxRow | undefined> {
  const now = ctx.clock.now();
  if (ctx.database.dialect === 'postgres') {
    return ctx.database.db.transaction().execute(async (trx) => {
      const row = await forUpdate(ctx.database, dueQuery(trx, channel, now), {
        skipLocked: true,
      }).executeTakeFirst();
      if (!row || !(await reserve(trx, row, worker, now))) return undefined;
      return { ...row, locked_by: worker, locked_until: now + LEASE_MS };
    });
  }
  for (let tries = 0; tries < 3; tries++) {
    const row = await dueQuery(ctx.database.db, channel, now).executeTakeFirst();
    if (!row) return undefined;
    if (await reserve(ctx.database.db, row, worker, now)) {
      return { ...row, locked_by: worker, locked_until: now + LEASE_MS };
    }
  }
  return undefined;
}

/** Extends the claim of a delivery still being sent by `worker`; false once it is no longer its. */
export async function renewClaim(
  ctx: AppContext,
  row: OutboxRow,
  worker: string,
): Promise<boolean> {
  const result = await ctx.database.db
    .updateTable('outbox')
    .set({ locked_until: ctx.clock.now() + LEASE_MS })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks a delivery sent and drops its sealed token (R18): once the message has left, nothing in
 * the database can yield the token any more. Runs in the caller's transaction when given one
 * (the built-in mailbox stores the message in the same transaction).
 */
export async function markSent(ctx: AppContext, row: OutboxRow, trx?: Executor): Promise<void> {
  const work = async (db: Executor) => {
    const result = await db
      .updateTable('outbox')
      .set({
        state: 'sent',
        sent_at: ctx.clock.now(),
        sealed_secret: null,
        attempts: row.attempts + 1,
        last_error: null,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1 && row.channel === 'email') {
      await recordEvent(db, ctx, {
        event: 'email.sent',
        actor: null,
        requestId: row.request_id,
        data: { template: row.template, to: row.account, attempts: row.attempts + 1 },
      });
    }
  };
  if (trx) await work(trx);
  else await ctx.database.db.transaction().execute(work);
}

/**
 * Records a failed try: the error (never a secret: callers redact it), and either the next try
 * after a backoff or, after MAX_ATTEMPTS, the `failed` state an operator can retry from. Only the
 * claimer may write, so a sender that outlived its claim cannot undo another's success.
 */
export async function markAttemptFailed(
  ctx: AppContext,
  row: OutboxRow,
  worker: string,
  error: string,
): Promise<'retry' | 'failed'> {
  const attempts = row.attempts + 1;
  const now = ctx.clock.now();
  const outcome = attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
  await ctx.database.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('outbox')
      .set({
        attempts,
        last_error: error.slice(0, 500),
        state: outcome === 'failed' ? 'failed' : 'pending',
        next_attempt_at: outcome === 'failed' ? now : now + backoffDelay(attempts),
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('locked_by', '=', worker)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1 && outcome === 'failed' && row.channel === 'email') {
      await recordEvent(trx, ctx, {
        event: 'email.failed',
        actor: null,
        requestId: row.request_id,
        // Customers read this in the service's history: the SMTP error (hosts, addresses of the
        // provider's relay) stays in the outbox, for operators.
        data: { template: row.template, to: row.account, attempts },
      });
    }
  });
  return outcome;
}

/**
 * Gives up a token e-mail whose code no longer works because a resend replaced it: sent late
 * (after an SMTP outage, say) it could arrive after the new one and mislead its reader. The
 * sealed token goes with it.
 */
export async function markCancelled(
  ctx: AppContext,
  row: OutboxRow,
  worker: string,
  reason: string,
): Promise<void> {
  await ctx.database.db
    .updateTable('outbox')
    .set({
      state: 'cancelled',
      sealed_secret: null,
      last_error: reason,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where('locked_by', '=', worker)
    .execute();
}

/** Whether the validator of a token e-mail has since been given another code (R14). */
export async function isTokenReplaced(
  ctx: AppContext,
  row: OutboxRow,
  token: string,
): Promise<boolean> {
  if (row.request_id === null || row.account === null) return false;
  const validation = await ctx.database.db
    .selectFrom('validations')
    .select('token_hash')
    .where('request_id', '=', row.request_id)
    .where('account', '=', row.account)
    .executeTakeFirst();
  // A used code (hash dropped) is no reason to hold the e-mail back: it tells what happened.
  return !!validation?.token_hash && validation.token_hash !== hashSecret(token);
}

export type NewDelivery = Pick<
  OutboxTable,
  | 'channel'
  | 'message_id'
  | 'recipient'
  | 'account'
  | 'language'
  | 'template'
  | 'payload'
  | 'sealed_secret'
  | 'request_id'
>;

/** Rows a statement: 16 columns × 1,000 stays below SQLite's 32,766 parameters (a batch, R22). */
const ROWS_PER_STATEMENT = 1_000;

/**
 * Writes deliveries, due now, in the caller's transaction: one statement for all of them, or one
 * per thousand for the e-mails and webhooks of a batch.
 */
export async function insertDeliveries(
  trx: Executor,
  now: number,
  deliveries: readonly NewDelivery[],
): Promise<void> {
  for (let i = 0; i < deliveries.length; i += ROWS_PER_STATEMENT) {
    await insertSome(trx, now, deliveries.slice(i, i + ROWS_PER_STATEMENT));
  }
}

async function insertSome(trx: Executor, now: number, deliveries: readonly NewDelivery[]) {
  await trx
    .insertInto('outbox')
    .values(
      deliveries.map((delivery) => ({
        ...delivery,
        state: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      })),
    )
    .execute();
}
