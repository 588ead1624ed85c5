import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.js';
import {
  createOAuth2Client,
  listOAuth2Clients,
  revokeOAuth2Client,
} from '../accounts/oauth2-clients.js';
import { isDomainError } from '../shared/errors.js';
import { setFlash, takeFlash, type Flash } from './flash.js';
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
    extra: Omit<ApiTokensPageProps, 'ctx' | 'tokens' | 'applications'> & {
      createdApp?: { name: string; clientId: string; clientSecret: string };
    } = {},
    status = 200,
  ) {
    const { createdApp, ...rest } = extra;
    const tokens = await listApiTokens(ctx, web.caller);
    const applications = {
      applications: await listOAuth2Clients(ctx, web.caller),
      tokenUrl: `${ctx.config.publicUrl}/api/oauth2/token`,
      created: createdApp,
    };
    return sendPage(reply, ApiTokensPage, { ctx: web.page, tokens, applications, ...rest }, status);
  }

  /**
   * Post/redirect/get: what was made, with its secret, or why it was not, goes to the page in a
   * sealed flash cookie, read once, never in a URL; reloading the page shows the list, it does not
   * make a second one (decision 096).
   */
  async function makeThenShow(web: SignedIn, reply: FastifyReply, make: () => Promise<Flash>) {
    try {
      setFlash(ctx, reply, web.caller, PAGE, await make());
    } catch (error) {
      if (!isDomainError(error)) throw error;
      setFlash(ctx, reply, web.caller, PAGE, { error: error.code });
    }
    return reply.header('cache-control', 'no-store').redirect(PAGE, 303);
  }

  server.get(
    '/account/api-tokens',
    webHandler(ctx, (web, request, reply) => {
      const t = translator(web.lang);
      const flash = takeFlash(ctx, request, reply, web.caller, PAGE);
      const notice = queryField(request, 'revoked')
        ? t('revoked')
        : queryField(request, 'appRevoked')
          ? t('appRevoked')
          : undefined;
      return show(web, reply, {
        ...(notice ? { notice } : {}),
        ...(flash?.created ? { created: flash.created } : {}),
        ...(flash?.createdApp ? { createdApp: flash.createdApp } : {}),
        ...(flash?.error ? { error: errorText(web.lang, flash.error) } : {}),
      });
    }),
  );

  server.post(
    PAGE,
    webHandler(ctx, async (web, request, reply) => {
      return makeThenShow(web, reply, async () => {
        const made = await createApiToken(ctx, web.caller, formField(request.body, 'name'));
        return { created: { name: made.name, token: made.token } };
      });
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
  // An API application (SPEC §10): its secret is shown once, as a token's is.
  server.post(
    '/account/api-tokens/applications',
    webHandler(ctx, async (web, request, reply) => {
      return makeThenShow(web, reply, async () => {
        const made = await createOAuth2Client(ctx, web.caller, formField(request.body, 'name'));
        const { name, clientId, clientSecret } = made;
        return { createdApp: { name, clientId, clientSecret } };
      });
    }),
  );

  server.post(
    '/account/api-tokens/applications/:clientId/revoke',
    webHandler(ctx, async (web, request, reply) => {
      const { clientId } = request.params as { clientId: string };
      await revokeOAuth2Client(ctx, web.caller, clientId);
      return reply.redirect('/account/api-tokens?appRevoked=1', 303);
    }),
  );
  return Promise.resolve();
};
