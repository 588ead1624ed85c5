import SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createApiToken, callerOfApiToken } from '../../src/accounts/api-tokens.js';
import {
  callerOfSession,
  createSession,
  deleteSession,
  SESSION_TTL_MS,
} from '../../src/auth/sessions.js';
import { loadConfig, sqlitePath } from '../../src/platform/config.js';
import { hashSecret } from '../../src/platform/crypto.js';
import type { DB } from '../../src/platform/database/schema.js';
import { ADMIN, seedGuide } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;

function accountByNichandle(db: Kysely<DB>, nichandle: string) {
  return db
    .selectFrom('accounts')
    .select(['nichandle', 'email'])
    .where('nichandle', '=', nichandle);
}

/**
 * Revokes a token as another process does: through its own connection to the same file, at once
 * (SQLite), or through the pool (PostgreSQL).
 */
async function revokeElsewhere(token: string): Promise<void> {
  const path = sqlitePath(app.config.databaseUrl);
  if (path !== undefined) {
    const other = new SqliteDatabase(path);
    other
      .prepare('update api_tokens set revoked_at = ? where token_hash = ?')
      .run(app.clock.now(), hashSecret(token));
    other.close();
    return;
  }
  await app.ctx.database.db
    .updateTable('api_tokens')
    .set({ revoked_at: app.clock.now() })
    .where('token_hash', '=', hashSecret(token))
    .execute();
}

// Every test runs with the kept rows of SQLite (decision 066) on and off (DATABASE_KEPT_LOOKUPS):
// a credential is refused at the first request after its revocation's commit either way.
describe.each(['on', 'off'])('DATABASE_KEPT_LOOKUPS=%s', (keptLookups) => {
  beforeEach(async () => {
    app = await makeTestApp({ DATABASE_KEPT_LOOKUPS: keptLookups });
    await seedGuide(app.ctx);
  });
  afterEach(() => app.close());

  /** Whether lookups keep rows here: on SQLite, unless switched off. */
  const keepsRows = () => app.ctx.database.dialect === 'sqlite' && keptLookups === 'on';

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

  test('a token revoked by another connection is refused at the next call, kept row or not', async () => {
    const { token } = await createApiToken(app.ctx, ADMIN);
    expect(await callerOfApiToken(app.ctx, token)).toMatchObject({ nichandle: ADMIN });
    expect(await callerOfApiToken(app.ctx, token)).toMatchObject({ nichandle: ADMIN });
    await revokeElsewhere(token);
    expect(await callerOfApiToken(app.ctx, token)).toBeUndefined();
  });

  test('a lookup repeated while nothing commits reads once while rows are kept; any commit makes it read again', async () => {
    const { token } = await createApiToken(app.ctx, ADMIN);
    const counts = app.ctx.database.lookupCounts;
    // The first use writes the token's last use (a commit), the second reads it back.
    await callerOfApiToken(app.ctx, token);
    await callerOfApiToken(app.ctx, token);
    const reads = counts.reads;
    for (let i = 0; i < 5; i++) await callerOfApiToken(app.ctx, token);
    // SQLite keeps the row until something commits (unless switched off); PostgreSQL reads every
    // time.
    const kept = keepsRows() ? 5 : 0;
    expect(counts.reads - reads).toBe(5 - kept);
    // A commit anywhere, even to a table the lookup does not read, and the row is read again.
    await createApiToken(app.ctx, ADMIN, 'another');
    const before = counts.reads;
    await callerOfApiToken(app.ctx, token);
    expect(counts.reads - before).toBe(1);
  });

  test('a session ends after its time without use, and at logout, even while its row is kept', async () => {
    const first = await createSession(app.ctx, ADMIN);
    expect(await callerOfSession(app.ctx, first.sessionId)).toMatchObject({ nichandle: ADMIN });
    // Used within its time, it is renewed (the expiry slides).
    app.clock.advance(SESSION_TTL_MS - 60_000);
    expect(await callerOfSession(app.ctx, first.sessionId)).toMatchObject({ nichandle: ADMIN });
    app.clock.advance(SESSION_TTL_MS - 60_000);
    expect(await callerOfSession(app.ctx, first.sessionId)).toMatchObject({ nichandle: ADMIN });
    // Unused for its whole time, it is refused, although nothing was written meanwhile.
    expect(await callerOfSession(app.ctx, first.sessionId)).toMatchObject({ nichandle: ADMIN });
    app.clock.advance(SESSION_TTL_MS);
    expect(await callerOfSession(app.ctx, first.sessionId)).toBeUndefined();

    const second = await createSession(app.ctx, ADMIN);
    expect(await callerOfSession(app.ctx, second.sessionId)).toMatchObject({ nichandle: ADMIN });
    await deleteSession(app.ctx, second.sessionId);
    expect(await callerOfSession(app.ctx, second.sessionId)).toBeUndefined();
  });

  test('lookups asked together share one look at what committed, taken after the last of them asked', async () => {
    const { token } = await createApiToken(app.ctx, ADMIN);
    // The first use writes the token's last use; after it, uses within a minute write nothing.
    await callerOfApiToken(app.ctx, token);
    await callerOfApiToken(app.ctx, token);
    const counts = app.ctx.database.lookupCounts;
    const before = { ...counts };
    const callers = await Promise.all(
      Array.from({ length: 10 }, () => callerOfApiToken(app.ctx, token)),
    );
    expect(callers.every((caller) => caller?.nichandle === ADMIN)).toBe(true);
    if (keepsRows()) {
      expect(counts.looks - before.looks).toBe(1);
      expect(counts.kept - before.kept).toBe(10);
    } else {
      expect(counts.kept - before.kept).toBe(0);
    }

    // A revocation committed elsewhere between two callers of the same turn: the later caller is
    // refused, although the earlier one asked before the revocation.
    // On SQLite the revocation commits before the earlier lookup's look, which waits for the turn
    // to end; awaiting it takes no turn.
    const earlier = callerOfApiToken(app.ctx, token);
    await revokeElsewhere(token);
    const later = callerOfApiToken(app.ctx, token);
    await earlier;
    expect(await later).toBeUndefined();
  });
});

test('DATABASE_KEPT_LOOKUPS takes on or off', () => {
  const base = { DATABASE_URL: 'sqlite:/tmp/x.db', SECRET_KEY: 'k'.repeat(40) };
  expect(loadConfig(base).databaseKeptLookups).toBe(true);
  expect(loadConfig({ ...base, DATABASE_KEPT_LOOKUPS: 'off' }).databaseKeptLookups).toBe(false);
  expect(() => loadConfig({ ...base, DATABASE_KEPT_LOOKUPS: 'no' })).toThrow(
    'DATABASE_KEPT_LOOKUPS must be on or off, got "no"',
  );
});
