import type { Readable } from 'node:stream';
import { parsePassword } from '../accounts/create-account.js';
import { parseNichandle } from '../accounts/nichandle.js';
import { hashPassword } from '../accounts/password.js';
import type { AppContext } from '../platform/context.js';
import type { Language } from '../platform/database/schema.js';
import { invalidInput } from '../shared/errors.js';
import { parseEmail, parseLanguage, parseText } from '../shared/validate.js';
import type { BadRow } from './csv-rows.js';
import { optional } from './csv-rows.js';
import { insertAuditEvents, insertNewAccounts } from './import.repository.js';
import {
  chunks,
  runImport,
  type ImportKind,
  type ImportOptions,
  type ImportSummary,
} from './run-import.js';

export const ACCOUNT_COLUMNS = {
  required: ['nichandle', 'email', 'name'],
  optional: ['language', 'password'],
} as const;

interface AccountRow {
  nichandle: string;
  email: string;
  name: string;
  language: Language;
  password: string | undefined;
  passwordHash: string | null;
}

const ROWS_PER_STATEMENT = 1_000;
/** Password hashes computed at once; argon2id runs on libuv's thread pool (4 threads). */
const HASHES_AT_ONCE = 8;

/** The checks of createAccount; the nichandle is required here (decision 060). */
function parseAccount(fields: Record<string, string>): AccountRow {
  if (optional(fields, 'nichandle') === undefined) {
    throw invalidInput('nichandle is required in an import file (services refer to it)');
  }
  const language = optional(fields, 'language');
  const password =
    fields.password === undefined || fields.password === '' ? undefined : fields.password;
  return {
    nichandle: parseNichandle(fields.nichandle),
    email: parseEmail(fields.email),
    name: parseText(fields.name, 'name', 200),
    language: language === undefined ? 'fr' : parseLanguage(language.trim()),
    password: password === undefined ? undefined : parsePassword(password),
    passwordHash: null,
  };
}

/**
 * `import accounts FILE`: what createAccount does for each row — the account and an
 * `account.created` audit event — in multi-row statements. Passwords, when given, are hashed
 * with argon2id like any other (slow on purpose: a file of passwords imports at a few hundred
 * rows a second) and forgotten at once.
 */
export function importAccounts(
  ctx: AppContext,
  source: Readable,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const kind: ImportKind<AccountRow> = {
    columns: ACCOUNT_COLUMNS,
    tables: ['accounts', 'audit_events'],
    parse: parseAccount,
    async prepare(rows) {
      const withPassword = rows.filter((r) => r.value.password !== undefined);
      for (const part of chunks(withPassword, HASHES_AT_ONCE)) {
        await Promise.all(
          part.map(async ({ value }) => {
            value.passwordHash = await hashPassword(value.password!);
            value.password = undefined;
          }),
        );
      }
    },
    async write(trx, rows) {
      const bad: BadRow[] = [];
      const firstLine = new Map<string, number>();
      const good = rows.filter(({ line, value }) => {
        const earlier = firstLine.get(value.nichandle);
        if (earlier === undefined) {
          firstLine.set(value.nichandle, line);
          return true;
        }
        bad.push({ line, message: `account ${value.nichandle} is already on line ${earlier}` });
        return false;
      });
      const now = ctx.clock.now();
      for (const part of chunks(good, ROWS_PER_STATEMENT)) {
        const created = await insertNewAccounts(
          trx,
          part.map(({ value }) => ({
            nichandle: value.nichandle,
            email: value.email,
            name: value.name,
            language: value.language,
            password_hash: value.passwordHash,
            created_at: now,
          })),
        );
        for (const { line, value } of part) {
          if (!created.has(value.nichandle)) {
            bad.push({ line, message: `account ${value.nichandle} already exists` });
          }
        }
        if (created.size === 0) continue;
        await insertAuditEvents(
          trx,
          [...created].map((nichandle) => ({
            at: now,
            event: 'account.created',
            actor: null,
            request_id: null,
            service_id: null,
            data: JSON.stringify({ nichandle }),
          })),
        );
      }
      return bad;
    },
  };
  return runImport(ctx, source, kind, options);
}
