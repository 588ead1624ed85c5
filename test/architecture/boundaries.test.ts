import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
