/**
 * The layers of docs/ARCHITECTURE.md as lint rules (decision 078): a forbidden import fails
 * `npm run check`. Folders are matched anywhere in a relative import path.
 */
const DOMAIN = [
  'accounts',
  'audit',
  'auth',
  'contact-changes',
  'invoices',
  'mail',
  'outbox',
  'services',
  'webhooks',
  'import',
  'profile',
  'shared',
];
const FACES = ['server', 'api', 'web', 'cli', 'demo'];

const folders = (names) => names.map((name) => `**/${name}/**`);

function forbid(files, groups, message, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
    },
  };
}

/**
 * Queries live in repositories (decision 084): outside `*.repository.ts` and
 * `src/platform/database/` (the connection, the lookups, the migrations), no file of `src/` may
 * import kysely's `sql` or start a query (`db.selectFrom(…)` and the like). Type imports
 * (`Selectable`, `Kysely`) stay free. The files below build their queries by design, each with
 * why (issue 23 moved the others); test/architecture/boundaries.test.ts fails when one of them
 * no longer holds a query, so that the list only shrinks.
 */
export const SQL_OUTSIDE_REPOSITORIES = [
  // Kept by design (decision 079): its conditional updates are `moveState` and `moveMany`,
  // private to it so that no other file moves a request but through a named transition; in a
  // repository they would have to be exported.
  'src/contact-changes/transitions.ts',
  // Kept by design, not waiting (decision 082): the search is one file per database. postgres.ts
  // chooses its path between its queries (decisions 074, 075), a rule no repository holds, and
  // sqlite.ts keeps the name of its pair.
  'src/services/search/postgres.ts',
  'src/services/search/sqlite.ts',
];

/** The query builder's entry points: a call to one of these is a query. */
export const QUERY_STARTS = [
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
];

const queriesInRepositories = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  ignores: ['src/**/*.repository.ts', 'src/platform/database/**', ...SQL_OUTSIDE_REPOSITORIES],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector:
          "ImportDeclaration[source.value='kysely'][importKind!='type'] > ImportSpecifier[imported.name='sql'][importKind!='type']",
        message: 'SQL lives in *.repository.ts: call a named repository function (decision 084).',
      },
      {
        selector: `CallExpression > MemberExpression.callee[property.name=/^(${QUERY_STARTS.join('|')})$/]`,
        message:
          'Queries live in *.repository.ts: call a named repository function (decision 084).',
      },
    ],
  },
};

export const boundaries = [
  forbid(
    DOMAIN.map((name) => `src/${name}/**`),
    [...folders(FACES), '**/app.js', 'fastify', '@fastify/*'],
    'The domain knows nothing of HTTP, the command line or the composition root.',
  ),
  forbid(
    ['src/platform/**'],
    [...folders(DOMAIN), ...folders(FACES), '**/app.js'],
    'platform/ is the bottom layer: it imports nothing of the domain or of a face.',
  ),
  forbid(['src/api/**'], folders(['web', 'cli']), 'The JSON API does not import the pages.'),
  forbid(['src/web/**'], folders(['api', 'cli']), 'The pages do not import the JSON API.'),
  forbid(
    ['src/server/**'],
    folders(['api', 'web', 'cli']),
    'Only server.ts mounts the faces; the rest of server/ serves both.',
    ['src/server/server.ts'],
  ),
  queriesInRepositories,
];
