import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  callerOfApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../src/accounts/api-tokens.js';
import { createAccount } from '../../src/accounts/create-account.js';
import type { AppContext } from '../../src/platform/context.js';
import { makeNichandle, parseNichandle } from '../../src/accounts/nichandle.js';
import { ADMIN, TECH, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { expectCode, rowCounts } from './helpers.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

/** The account behind a token, as the API sees it. */
const accountOf = async (ctx: AppContext, token: string) =>
  (await callerOfApiToken(ctx, token))?.nichandle;

test('nichandles: made from initials, parsed case-insensitively, malformed ones refused', () => {
  expect(makeNichandle('Zoé Zèbre', 'ch')).toMatch(/^zz[0-9]{5}-ch$/);
  expect(makeNichandle("Seán O'Brien", 'ovh')).toMatch(/^so[0-9]{5}-ovh$/);
  expect(makeNichandle('李', 'ch')).toMatch(/^xx[0-9]{5}-ch$/);
  expect(parseNichandle(' AB12345-OVH ')).toBe('ab12345-ovh');
  for (const bad of [
    'ab-ovh',
    'a12345-ovh',
    'ab12345',
    'ab12345-',
    'ab12345-ovh; drop',
    42,
    null,
  ]) {
    expect(() => parseNichandle(bad), String(bad)).toThrow(/nichandle/);
  }
});

test('an account with a given nichandle exists once', async () => {
  await expectCode(
    createAccount(app.ctx, { email: 'x@example.test', name: 'X', nichandle: ADMIN.toUpperCase() }),
    'ALREADY_EXISTS',
  );
  const before = await rowCounts(app.ctx);
  await expectCode(createAccount(app.ctx, { email: 'x@example.test', name: ' ' }), 'INVALID_INPUT');
  await expectCode(
    createAccount(app.ctx, { email: 'x@example.test', name: 'Bad\u0000Name' }),
    'INVALID_INPUT',
  );
  expect(await rowCounts(app.ctx)).toEqual(before);
});

test('API tokens: shown once, recognised, listed without the secret, revoked by their owner only', async () => {
  const made = await createApiToken(app.ctx, ADMIN, 'deploy');
  expect(made.token).toMatch(/^cht_[A-Za-z0-9_-]{32}$/);
  expect(await accountOf(app.ctx, made.token)).toBe(ADMIN);
  expect(await accountOf(app.ctx, `${made.token}x`)).toBeUndefined();
  expect(await accountOf(app.ctx, made.token.replace('cht_', ''))).toBeUndefined();
  const listed = await listApiTokens(app.ctx, ADMIN);
  expect(listed).toEqual([
    { id: made.id, name: 'deploy', createdAt: made.createdAt, lastUsedAt: made.createdAt },
  ]);
  expect(JSON.stringify(listed)).not.toContain(made.token);

  await expectCode(revokeApiToken(app.ctx, TECH, made.id), 'NOT_FOUND');
  expect(await accountOf(app.ctx, made.token)).toBe(ADMIN);
  await revokeApiToken(app.ctx, ADMIN, made.id);
  expect(await accountOf(app.ctx, made.token)).toBeUndefined();
  await expectCode(revokeApiToken(app.ctx, ADMIN, made.id), 'NOT_FOUND');
  expect(await listApiTokens(app.ctx, ADMIN)).toEqual([]);
  await expectCode(createApiToken(app.ctx, 'zz99999-ch'), 'UNKNOWN_ACCOUNT');
});
