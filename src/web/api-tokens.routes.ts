import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.js';
import { HTTP_STATUS, isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { ApiTokensPage, type ApiTokensPageProps } from './pages/api-tokens.page.js';
import { formField, queryField, sendPage, webHandler, type SignedIn } from './web-request.js';

/** The account's API tokens: made (shown once), listed, revoked. */
export const apiTokensRoutes: FastifyPluginAsync<WebOptions> = (server, { app }) => {
  const ctx = app.ctx;

  async function show(
    web: SignedIn,
    reply: FastifyReply,
    extra: Omit<ApiTokensPageProps, 'ctx' | 'tokens'> = {},
    status = 200,
  ) {
    const tokens = await listApiTokens(ctx, web.caller);
    return sendPage(reply, ApiTokensPage, { ctx: web.page, tokens, ...extra }, status);
  }

  server.get(
    '/account/api-tokens',
    webHandler(ctx, (web, request, reply) => {
      const t = translator(web.lang);
      return show(web, reply, queryField(request, 'revoked') ? { notice: t('revoked') } : {});
    }),
  );

  // The new token is shown in the answer to the POST itself, never put in a URL or a redirect.
  server.post(
    '/account/api-tokens',
    webHandler(ctx, async (web, request, reply) => {
      try {
        const made = await createApiToken(ctx, web.caller, formField(request.body, 'name'));
        return await show(web, reply, { created: { name: made.name, token: made.token } });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const message = errorText(web.lang, error.code);
        return show(web, reply, { error: message }, HTTP_STATUS[error.code]);
      }
    }),
  );

  server.post(
    '/account/api-tokens/:id/revoke',
    webHandler(ctx, async (web, request, reply) => {
      const { id } = request.params as { id: string };
      await revokeApiToken(ctx, web.caller, id);
      return reply.redirect('/account/api-tokens?revoked=1', 303);
    }),
  );
  return Promise.resolve();
};
