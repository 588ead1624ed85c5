import type { AppContext } from '../platform/context.js';
import type { OutboxState } from '../platform/database/schema.js';
import { DomainError, invalidInput, notFound } from '../shared/errors.js';
import {
  findDeliveryEntry,
  newestDeliveriesIn,
  requeueDelivery,
  type EntryRow,
} from './outbox-operator.repository.js';

/** One outbox delivery as operators see it: never its payload, never a secret. */
export interface OutboxEntry {
  id: number;
  channel: 'email' | 'webhook';
  recipient: string;
  account: string | null;
  template: string;
  requestId: number | null;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A webhook URL may carry credentials or a key in its query: operators see the rest. */
function withoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function toEntry(r: EntryRow): OutboxEntry {
  return {
    id: Number(r.id),
    channel: r.channel,
    recipient: r.channel === 'webhook' ? withoutSecrets(r.recipient) : r.recipient,
    account: r.account,
    template: r.template,
    requestId: r.request_id === null ? null : Number(r.request_id),
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.state === 'pending' ? iso(r.next_attempt_at) : null,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
  };
}

const STATES: readonly OutboxState[] = ['pending', 'failed', 'sent', 'cancelled'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface OutboxQuery {
  /** One state; pending and failed when absent (what may need an operator). */
  state?: string;
  limit?: number;
}

/** The outbox's deliveries, newest first. */
export async function listOutbox(ctx: AppContext, query: OutboxQuery = {}): Promise<OutboxEntry[]> {
  let states: OutboxState[] = ['pending', 'failed'];
  if (query.state !== undefined) {
    const state = STATES.find((s) => s === query.state);
    if (!state) throw invalidInput(`state must be one of ${STATES.join(', ')}`);
    states = [state];
  }
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw invalidInput('limit must be a whole number from 1 to 10000');
  }
  const rows = await newestDeliveriesIn(ctx.database.db, states, limit);
  return rows.map(toEntry);
}

/**
 * Puts a failed (or waiting) delivery back at the head of the queue with a fresh run of tries;
 * the next worker tick of any process sends it. A sent one is refused: it would go out twice.
 */
export async function retryOutbox(ctx: AppContext, idInput: unknown): Promise<OutboxEntry> {
  const id = Number(idInput);
  if (!Number.isSafeInteger(id) || id < 1) throw invalidInput('the id must be a positive integer');
  const now = ctx.clock.now();
  const row = await findDeliveryEntry(ctx.database.db, id);
  if (!row) throw notFound(`no outbox delivery ${id}`);
  if (row.state === 'sent') {
    throw new DomainError('TASK_NOT_PENDING', `delivery ${id} was already sent`);
  }
  if (row.state === 'cancelled') {
    throw new DomainError('TASK_NOT_PENDING', `delivery ${id} was cancelled: ${row.last_error}`);
  }
  // A delivery being sent right now keeps its claim: clearing it could send the message twice.
  if (!(await requeueDelivery(ctx.database.db, id, now))) {
    throw new DomainError('CHANGE_PENDING', `delivery ${id} is being sent right now`);
  }
  ctx.wakeWorker();
  return toEntry({ ...row, state: 'pending', attempts: 0, next_attempt_at: now });
}
