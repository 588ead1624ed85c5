import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { callerOfApiToken, createApiToken, revokeApiToken } from '../../src/accounts/api-tokens.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/database/database.js';
import { ADMIN, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

/*
 * Decision 068: on PostgreSQL the per-request lookups are named prepared statements, planned
 * once per connection; DATABASE_PREPARED_LOOKUPS=off sends them unnamed, for a pooler that
 * cannot carry prepared statements. Either way a revoked token is refused at the next call.
 */

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Runs `work` on a database of its own, with the app's context around it, then closes it. */
async function onOwnDatabase(
  options: { poolSize: number; preparedLookups: boolean },
  work: (ctx: TestApp['ctx'], database: Database) => Promise<void>,
) {
  const database = openDatabase(app!.config.databaseUrl, options);
  try {
    await work({ ...app!.ctx, database }, database);
  } finally {
    await database.close();
  }
}

test('lookups are prepared once per connection, or sent unnamed when turned off', async () => {
  app = await makeTestApp();
  expect(app.dialect).toBe('postgres');
  await seedGuide(app.ctx);
  for (const [prepared, names] of [
    [true, ['contacthub_lookup_1']],
    [false, []],
  ] as const) {
    // One connection, so that the lookups and the check below share it.
    await onOwnDatabase({ poolSize: 1, preparedLookups: prepared }, async (ctx, database) => {
      const { id, token } = await createApiToken(ctx, ADMIN, `prepared ${prepared}`);
      for (let i = 0; i < 3; i++)
        expect((await callerOfApiToken(ctx, token))?.nichandle).toBe(ADMIN);
      const { rows } = await sql<{ name: string }>`
        select name from pg_prepared_statements order by name`.execute(database.db);
      expect(rows.map((r) => r.name)).toEqual(names);
      await revokeApiToken(ctx, ADMIN, id);
      expect(await callerOfApiToken(ctx, token)).toBeUndefined();
    });
  }
});

test('DATABASE_PREPARED_LOOKUPS takes on or off', () => {
  const base = { DATABASE_URL: 'postgres://localhost/x', SECRET_KEY: 'k'.repeat(40) };
  expect(loadConfig(base).databasePreparedLookups).toBe(true);
  expect(loadConfig({ ...base, DATABASE_PREPARED_LOOKUPS: 'off' }).databasePreparedLookups).toBe(
    false,
  );
  expect(() => loadConfig({ ...base, DATABASE_PREPARED_LOOKUPS: 'no' })).toThrow(
    'DATABASE_PREPARED_LOOKUPS must be on or off, got "no"',
  );
});

test('concurrent lookups of one token share reads, named or not, and a revocation reaches them all', async () => {
  app = await makeTestApp();
  await seedGuide(app.ctx);
  for (const prepared of [true, false]) {
    await onOwnDatabase({ poolSize: 2, preparedLookups: prepared }, async (ctx, database) => {
      const { id, token } = await createApiToken(ctx, ADMIN, `shared ${prepared}`);
      const before = { ...database.lookupCounts };
      const callers = await Promise.all(
        Array.from({ length: 40 }, () => callerOfApiToken(ctx, token)),
      );
      expect(callers.map((c) => c?.nichandle)).toEqual(Array(40).fill(ADMIN));
      const reads = database.lookupCounts.reads - before.reads;
      const shared = database.lookupCounts.shared - before.shared;
      // One read in flight for the token at a time: the first caller's, then one for the 39
      // who asked while it ran.
      expect(reads).toBe(2);
      expect(shared).toBe(39);
      await revokeApiToken(ctx, ADMIN, id);
      const after = await Promise.all(
        Array.from({ length: 40 }, () => callerOfApiToken(ctx, token)),
      );
      expect(after.every((c) => c === undefined)).toBe(true);
    });
  }
});
