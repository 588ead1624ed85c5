import { afterEach, beforeEach, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { resendEmail } from '../../src/contact-changes/resend-email.js';
import { SecretBox } from '../../src/platform/crypto.js';
import { ADMIN, NEWBIE, seedGuide, tokenFor } from '../support/fixtures.js';
import { TEST_SECRET_KEY, makeTestApp, type TestApp } from '../support/test-app.js';
import { ask } from './helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** The forms a token could be stored in, by mistake or to dodge a naive search. */
function formsOf(token: string): string[] {
  const raw = Buffer.from(token, 'base64url');
  const text = Buffer.from(token, 'utf8');
  return [
    token,
    raw.toString('latin1'), // the random bytes themselves, in a binary column
    raw.toString('hex'),
    raw.toString('hex').toUpperCase(),
    raw.toString('base64'),
    raw.toString('base64').replace(/=+$/, ''),
    text.toString('hex'),
    text.toString('base64').replace(/=+$/, ''),
    Buffer.from(token, 'utf16le').toString('latin1'),
    encodeURIComponent(token),
  ];
}

function expectAbsent(stored: string, tokens: string[]) {
  for (const token of tokens) {
    for (const form of formsOf(token)) {
      expect(stored.includes(form), `a form of a token is stored: ${JSON.stringify(form)}`).toBe(
        false,
      );
    }
  }
}

/** Every sealed secret of the outbox, as stored. */
async function sealedSecrets(): Promise<string[]> {
  const rows = await app.ctx.database.db
    .selectFrom('outbox')
    .select('sealed_secret')
    .where('sealed_secret', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.sealed_secret!);
}

test('R18: after a whole change, no token is in the database in any form', async () => {
  const tokens: string[] = [];
  const [id, other] = (await ask(app.ctx, ADMIN, {
    contactTech: NEWBIE,
    contactBilling: NEWBIE,
  })) as [number, number];
  for (const request of [id, other]) {
    tokens.push(await tokenFor(app.ctx, request, ADMIN), await tokenFor(app.ctx, request, NEWBIE));
  }
  app.clock.advance(60_000);
  await resendEmail(app.ctx, NEWBIE, id);
  const resent = await tokenFor(app.ctx, id, NEWBIE);
  tokens.push(resent);
  tokens.push((await createApiToken(app.ctx, ADMIN, 'script')).token);
  expect(new Set(tokens).size).toBe(tokens.length);
  // 160 bits from the CSPRNG, base64url: R18 asks for at least 128.
  for (const token of tokens.slice(0, 5)) {
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
  }

  // While the e-mails wait in the outbox: only sealed, and only SECRET_KEY opens them.
  const waiting = await sealedSecrets();
  expect(waiting).toHaveLength(5);
  const stranger = new SecretBox('another-secret-key-0123456789abcdefghijkl');
  for (const sealed of waiting) {
    expect(tokens).toContain(app.ctx.box.open(sealed));
    expect(() => stranger.open(sealed)).toThrow();
  }
  // Two seals of one token differ (a fresh nonce each time).
  expect(app.ctx.box.seal(resent)).not.toBe(app.ctx.box.seal(resent));
  expectAbsent(await app.storedText(), tokens);

  await acceptChange(app.ctx, ADMIN, id, tokens[0]);
  await acceptChange(app.ctx, NEWBIE, id, resent);
  await app.worker.drain();

  // Once sent, the outbox keeps no sealed token either.
  expect(await sealedSecrets()).toEqual([]);
  expectAbsent(await app.storedText(), tokens);
});

test('R18: the test key is what seals: a box on the same key opens, no other does', async () => {
  const [id] = (await ask(app.ctx, ADMIN, { contactTech: NEWBIE })) as [number];
  const sealed = await sealedSecrets();
  const sameKey = new SecretBox(TEST_SECRET_KEY);
  const codes = [await tokenFor(app.ctx, id, ADMIN), await tokenFor(app.ctx, id, NEWBIE)];
  expect(sealed.map((s) => sameKey.open(s)).sort()).toEqual(codes.sort());
  for (const code of codes) expect(sealed.join()).not.toContain(code);
  // A sealed value tampered with does not open: flip one bit of the ciphertext.
  const raw = Buffer.from(sealed[0]!.slice(3), 'base64url');
  raw[raw.length - 1]! ^= 1;
  const tampered = `v1.${raw.toString('base64url')}`;
  expect(() => sameKey.open(tampered)).toThrow();
});
