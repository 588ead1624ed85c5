import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

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
