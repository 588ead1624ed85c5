import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.js';
import { isDomainError } from '../shared/errors.js';
import { setFlash, takeFlash } from './flash.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { ApiTokensPage, type ApiTokensPageProps } from './pages/api-tokens.page.js';
import { formField, queryField, sendPage, webHandler, type SignedIn } from './web-request.js';

const PAGE = '/account/api-tokens';

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
      const flash = takeFlash(ctx, request, reply, web.caller, PAGE);
      return show(web, reply, {
        ...(queryField(request, 'revoked') ? { notice: t('revoked') } : {}),
        ...(flash?.created ? { created: flash.created } : {}),
        ...(flash?.error ? { error: errorText(web.lang, flash.error) } : {}),
      });
    }),
  );

  // Post/redirect/get: the new token goes to the page in a sealed flash cookie, read once, never
  // in a URL; reloading the page shows the list, it does not make a second token (decision 096).
  server.post(
    PAGE,
    webHandler(ctx, async (web, request, reply) => {
      try {
        const made = await createApiToken(ctx, web.caller, formField(request.body, 'name'));
        setFlash(ctx, reply, web.caller, PAGE, { created: { name: made.name, token: made.token } });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        setFlash(ctx, reply, web.caller, PAGE, { error: error.code });
      }
      return reply.header('cache-control', 'no-store').redirect(PAGE, 303);
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
