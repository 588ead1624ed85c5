import { expect, test } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/webhooks/webhook-signature.js';

const SECRET = 'whsec-test';
const BODY = '{"id":"d1","event":"request.done","data":{"id":3}}';
const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);
const TS = NOW / 1000;

test('a signature made with the secret verifies', () => {
  const signature = signWebhook(SECRET, TS, BODY);
  expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
  expect(verifyWebhook(SECRET, { timestamp: String(TS), signature }, BODY, NOW)).toBe(true);
});

test('another body, secret or timestamp does not verify', () => {
  const signature = signWebhook(SECRET, TS, BODY);
  expect(verifyWebhook(SECRET, { timestamp: String(TS), signature }, `${BODY} `, NOW)).toBe(false);
  expect(verifyWebhook('other', { timestamp: String(TS), signature }, BODY, NOW)).toBe(false);
  expect(verifyWebhook(SECRET, { timestamp: String(TS + 1), signature }, BODY, NOW)).toBe(false);
  expect(verifyWebhook(SECRET, { timestamp: undefined, signature }, BODY, NOW)).toBe(false);
});

test('an old delivery replayed later does not verify', () => {
  const signature = signWebhook(SECRET, TS, BODY);
  expect(verifyWebhook(SECRET, { timestamp: String(TS), signature }, BODY, NOW + 301_000)).toBe(
    false,
  );
});
