import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import { renewClaim, RENEW_EVERY_MS, type OutboxRow } from './outbox.repository.js';

/** Names the claims of one sender: host, process, and a random part for several per process. */
export function newWorkerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** An error as it may be kept in the outbox and shown to operators: one line, no secret. */
export function describeFailure(error: unknown, secrets: (string | undefined)[]): string {
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) {
    if (secret) text = text.split(secret).join('[redacted]');
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}

/** How long the worker waits for one send before leaving it to finish in the background. */
export const SEND_BUDGET_MS = 2_000;

/**
 * Runs one send of a claimed delivery, renewing the claim while it runs (R21, decision 105). A
 * renewal that fails (the database out of reach) is left to the next one: at worst the claim
 * lapses and another process sends the message again, with the same Message-ID or delivery id.
 */
export async function whileClaimed<T>(
  ctx: AppContext,
  row: OutboxRow,
  worker: string,
  send: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    renewClaim(ctx, row, worker).catch(() => undefined);
  }, RENEW_EVERY_MS);
  timer.unref();
  try {
    return await send();
  } finally {
    clearInterval(timer);
  }
}
