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
];
