import type { FastifyPluginAsync } from 'fastify';
import { confirmPasswordReset, requestPasswordReset } from '../profile/reset-password.js';
import { isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset.page.js';
import {
  csrfValid,
  formField,
  queryErrorCode,
  queryField,
  sendBadForm,
  sendPage,
  webRequest,
} from './web-request.js';

/**
 * "Mot de passe oublié ?" (R20): the form that e-mails a reset link, and the link's page. Both
 * post, then redirect (post/redirect/get). The answer to the first is the same whether the
 * account exists or not.
 */
export const passwordResetRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  server.get('/login/forgot', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    const code = queryErrorCode(request);
    web.page.url = '/login/forgot';
    return sendPage(reply, ForgotPasswordPage, {
      ctx: web.page,
      sent: queryField(request, 'sent') === '1',
      error: code && errorText(web.lang, code),
    });
  });

  server.post('/login/forgot', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    if (!csrfValid(ctx, request, web)) return sendBadForm(reply, web);
    const nichandle = formField(request.body, 'nichandle');
    try {
      await limiter?.check('passwordResetsPerAddress', request.ip);
      await limiter?.check('passwordResetsPerAccount', nichandle.trim().toLowerCase().slice(0, 64));
      await requestPasswordReset(ctx, nichandle);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return reply.redirect(`/login/forgot?error=${error.code}`, 303);
    }
    return reply.redirect('/login/forgot?sent=1', 303);
  });

  server.get('/login/reset', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    const t = translator(web.lang);
    const code = queryErrorCode(request);
    return sendPage(reply, ResetPasswordPage, {
      ctx: web.page,
      token: queryField(request, 'token').slice(0, 200),
      error:
        code === undefined
          ? undefined
          : code === 'INVALID_TOKEN' || code === 'INVALID_INPUT'
            ? t('resetInvalid')
            : errorText(web.lang, code),
    });
  });

  server.post('/login/reset', async (request, reply) => {
    const web = await webRequest(ctx, request, reply);
    if (!csrfValid(ctx, request, web)) return sendBadForm(reply, web);
    const token = formField(request.body, 'token');
    try {
      await limiter?.check('passwordResetsPerAddress', request.ip);
      await confirmPasswordReset(ctx, {
        token,
        newPassword: formField(request.body, 'newPassword'),
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // A refused password keeps the link working: back to its page, token and all.
      const back = `/login/reset?token=${encodeURIComponent(token.slice(0, 200))}`;
      return reply.redirect(`${back}&error=${error.code}`, 303);
    }
    return reply.redirect('/login?reset=1', 303);
  });
  return Promise.resolve();
};
