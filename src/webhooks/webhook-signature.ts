import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook delivery (docs/webhooks.md). */
export const WEBHOOK_HEADERS = {
  event: 'x-contacthub-event',
  delivery: 'x-contacthub-delivery',
  timestamp: 'x-contacthub-timestamp',
  signature: 'x-contacthub-signature',
} as const;

/** `v1=` + hex HMAC-SHA256 of `${timestamp}.${body}` under WEBHOOK_SECRET. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `v1=${mac}`;
}

/**
 * What a receiver does, in constant time: recompute the signature of the raw body and check
 * that the timestamp is recent (default five minutes), which stops replays of old deliveries.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowMs: number = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || headers.signature === undefined) return false;
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  return headers.signature
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
