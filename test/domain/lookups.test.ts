import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createApiToken, callerOfApiToken } from '../../src/accounts/api-tokens.js';
import { hashSecret } from '../../src/platform/crypto.js';
import type { DB } from '../../src/platform/database/schema.js';
import { ADMIN, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
});
afterEach(() => app.close());

function accountByNichandle(db: Kysely<DB>, nichandle: string) {
  return db
    .selectFrom('accounts')
    .select(['nichandle', 'email'])
    .where('nichandle', '=', nichandle);
}

test('a lookup answers each call with its own arguments', async () => {
  const first = await app.ctx.database.lookup(accountByNichandle, ADMIN);
  expect(first).toEqual({ nichandle: ADMIN, email: `${ADMIN}@example.test` });
  expect(await app.ctx.database.lookup(accountByNichandle, 'zz99999-ch')).toBeUndefined();
  expect(await app.ctx.database.lookup(accountByNichandle, ADMIN)).toEqual(first);
});

test('a lookup whose SQL values are not its arguments in order is refused', async () => {
  const swapped = (db: Kysely<DB>, nichandle: string, email: string) =>
    db
      .selectFrom('accounts')
      .select('nichandle')
      .where('email', '=', email)
      .where('nichandle', '=', nichandle);
  await expect(app.ctx.database.lookup(swapped, ADMIN, `${ADMIN}@example.test`)).rejects.toThrow(
    /not its arguments in order/,
  );
});

test('a lookup sees what is committed, never a transaction still open', async () => {
  const { token } = await createApiToken(app.ctx, ADMIN);
  expect(await callerOfApiToken(app.ctx, token)).toMatchObject({ nichandle: ADMIN });
  let seenInside: unknown = 'not run';
  await expect(
    app.ctx.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: app.clock.now() })
        .where('token_hash', '=', hashSecret(token))
        .execute();
      seenInside = await callerOfApiToken(app.ctx, token);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  // While the revocation was not committed the token still worked; rolled back, it still does.
  expect(seenInside).toMatchObject({ nichandle: ADMIN });
  expect(await callerOfApiToken(app.ctx, token)).toMatchObject({ nichandle: ADMIN });
});
