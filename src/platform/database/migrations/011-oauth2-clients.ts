import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * OAuth2 API applications and their access tokens (SPEC §10, issue 28, decision 100):
 * - `oauth2_clients`: an account's application, its public `client_id` and the SHA-256 of its
 *   secret (shown once); revoking it (`revoked_at`) ends every access token it was given.
 * - `oauth2_tokens`: access tokens of the client-credentials grant, by the SHA-256 of their value,
 *   each with its expiry; a token is read through its client, so a revoked client's tokens fail.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('oauth2_clients')
    .addColumn('id', sql.raw(id), (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.nichandle'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('oauth2_clients_by_account')
    .on('oauth2_clients')
    .columns(['account', 'id'])
    .execute();

  await db.schema
    .createTable('oauth2_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client', 'bigint', (c) => c.notNull().references('oauth2_clients.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth2_tokens_by_client')
    .on('oauth2_tokens')
    .columns(['client', 'expires_at'])
    .execute();
}
