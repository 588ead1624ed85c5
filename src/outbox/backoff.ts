/**
 * When an outbox delivery that failed is tried again. Exponential from 30 s, capped at one hour,
 * with ±20 % jitter so that a queue that failed together (SMTP down) does not retry in one burst.
 * After MAX_ATTEMPTS (about a day of trying) the delivery is `failed` and waits for an operator.
 */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
export const MAX_ATTEMPTS = 30;

/** Delay before the next try, after `attempts` failed ones (1 for the first failure). */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const plain = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const jittered = plain * (0.8 + 0.4 * random());
  return Math.round(Math.min(BACKOFF_CAP_MS, jittered));
}
