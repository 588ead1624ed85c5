import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, expect, test } from 'vitest';
import { TEST_DIALECT } from '../support/test-app.js';

// The lint rules of eslint.boundaries.js, checked the way `npm run check` runs them: the real
// eslint.config.js over scratch files placed in src/, each making one forbidden import, and one
// allowed import beside them. Nothing here depends on the database: it runs in one project.
const root = join(import.meta.dirname, '../..');
const scratch: string[] = [];

function place(relative: string, source: string): string {
  const path = join(root, relative);
  writeFileSync(path, source);
  scratch.push(path);
  return path;
}

afterAll(() => scratch.forEach((path) => rmSync(path, { force: true })));

test.runIf(TEST_DIALECT === 'sqlite')(
  'a forbidden import between layers fails the lint that npm run check runs',
  async () => {
    const cases = {
      domainImportsFace: place(
        'src/accounts/zz-scratch-boundary.ts',
        "import { apiRoutes } from '../api/api.routes.js';\nexport const x = apiRoutes;\n",
      ),
      domainImportsFastify: place(
        'src/contact-changes/zz-scratch-boundary.ts',
        "import Fastify from 'fastify';\nexport const x = Fastify;\n",
      ),
      platformImportsDomain: place(
        'src/platform/zz-scratch-boundary.ts',
        "import { findAccount } from '../accounts/account.repository.js';\nexport const x = findAccount;\n",
      ),
      webImportsApi: place(
        'src/web/zz-scratch-boundary.ts',
        "import { Task } from '../api/schemas.js';\nexport const x = Task;\n",
      ),
      apiImportsWeb: place(
        'src/api/zz-scratch-boundary.ts',
        "import { webRoutes } from '../web/web.routes.js';\nexport const x = webRoutes;\n",
      ),
      allowed: place(
        'src/web/zz-scratch-allowed.ts',
        "import { findAccount } from '../accounts/account.repository.js';\nexport const x = findAccount;\n",
      ),
    };
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(Object.values(cases));
    const restricted = (path: string) =>
      results
        .find((result) => result.filePath === path)!
        .messages.filter((message) => message.ruleId === 'no-restricted-imports');

    for (const [name, path] of Object.entries(cases)) {
      if (name === 'allowed') expect(restricted(path), name).toEqual([]);
      else expect(restricted(path).length, name).toBe(1);
    }
  },
  120_000,
);

test.runIf(TEST_DIALECT === 'sqlite')(
  'a query or an sql import outside a repository fails the lint; a repository may hold both',
  async () => {
    const query =
      "import { sql } from 'kysely';\n" +
      "import type { Executor } from '../platform/database/database.js';\n" +
      'export const read = (db: Executor) =>\n' +
      "  db.selectFrom('accounts').select(sql<number>`1`.as('one')).execute();\n";
    const cases = {
      useCase: place('src/accounts/zz-scratch-query.ts', query),
      page: place('src/web/zz-scratch-query.ts', query),
      repository: place('src/accounts/zz-scratch.repository.ts', query),
      typesOnly: place(
        'src/audit/zz-scratch-types.ts',
        "import type { Kysely, Selectable } from 'kysely';\n" +
          "import type { DB, AccountTable } from '../platform/database/schema.js';\n" +
          'export type Row = Selectable<AccountTable>;\nexport type Db = Kysely<DB>;\n',
      ),
    };
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(Object.values(cases));
    const reported = (path: string) =>
      results
        .find((result) => result.filePath === path)!
        .messages.filter((message) => message.ruleId === 'no-restricted-syntax')
        .map((message) => message.line);

    expect(reported(cases.useCase), 'the import and the call').toEqual([1, 4]);
    expect(reported(cases.page), 'the import and the call').toEqual([1, 4]);
    expect(reported(cases.repository)).toEqual([]);
    expect(reported(cases.typesOnly)).toEqual([]);
  },
  120_000,
);

// The files still allowed to hold queries (eslint.boundaries.js) only shrink: one that no longer
// builds a query must leave the list, or SQL could come back into it without the lint noticing.
test.runIf(TEST_DIALECT === 'sqlite')(
  'each file allowed to hold SQL outside a repository still does',
  async () => {
    // Loaded by its path: the lint configuration is plain JavaScript, without types.
    const { QUERY_STARTS, SQL_OUTSIDE_REPOSITORIES } = (await import(
      pathToFileURL(join(root, 'eslint.boundaries.js')).href
    )) as { QUERY_STARTS: string[]; SQL_OUTSIDE_REPOSITORIES: string[] };
    const holdsSql = new RegExp(
      `\\.(${QUERY_STARTS.join('|')})\\(|import \\{[^}]*\\bsql\\b[^}]*\\} from 'kysely'`,
    );
    const stale = SQL_OUTSIDE_REPOSITORIES.filter((relative) => {
      const path = join(root, relative);
      return !existsSync(path) || !holdsSql.test(readFileSync(path, 'utf8'));
    });
    expect(stale, 'remove these from SQL_OUTSIDE_REPOSITORIES in eslint.boundaries.js').toEqual([]);
  },
);
