import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { apiTokensRoutes } from './api-tokens.routes.js';
import { SCRIPT } from './assets/script.js';
import { STYLESHEET } from './assets/stylesheet.js';
import { batchRoutes } from './batch.routes.js';
import { bulkChangeRoutes } from './bulk-change.routes.js';
import { editContactsRoutes } from './edit-contacts.routes.js';
import { loginRoutes, type WebOptions } from './login.routes.js';
import { passwordResetRoutes } from './password-reset.routes.js';
import { profileRoutes } from './profile.routes.js';
import { requestsRoutes } from './requests.routes.js';
import { servicesRoutes } from './services.routes.js';

export type { WebOptions };
export { sendNotFoundPage, wantsPage } from './not-found.js';

function asset(body: string, type: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  return { body, type, etag };
}

/**
 * The web control panel of SPEC §6: server-rendered pages (preact on the server, escaped by
 * default) that work without JavaScript, in French and English.
 */
export const webRoutes: FastifyPluginAsync<WebOptions> = async (server, options) => {
  for (const [path, file] of [
    ['/assets/style.css', asset(STYLESHEET, 'text/css; charset=utf-8')],
    ['/assets/app.js', asset(SCRIPT, 'text/javascript; charset=utf-8')],
  ] as const) {
    server.get(path, async (request, reply) => {
      reply.header('etag', file.etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    });
  }
  await server.register(loginRoutes, options);
  await server.register(servicesRoutes, options);
  await server.register(editContactsRoutes, options);
  await server.register(requestsRoutes, options);
  await server.register(batchRoutes, options);
  await server.register(bulkChangeRoutes, options);
  await server.register(apiTokensRoutes, options);
  await server.register(profileRoutes, options);
  await server.register(passwordResetRoutes, options);
};
