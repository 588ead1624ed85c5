import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { findAccount } from '../accounts/account.repository.js';
import { abandonEmailChange } from '../profile/abandon-email-change.js';
import { changePassword } from '../profile/change-password.js';
import { acceptEmailChange } from '../profile/decide-email-change.js';
import { pendingEmailChange } from '../profile/get-email-change.js';
import { requestEmailChange } from '../profile/request-email-change.js';
import { updateProfile } from '../profile/update-profile.js';
import { isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { FlashKind } from './layout.js';
import type { WebOptions } from './login.routes.js';
import { ProfilePage } from './pages/profile.page.js';
import { formField, queryErrorCode, queryField, sendPage, webHandler } from './web-request.js';

const PROFILE = '/account/profile';

/** What a redirect after a form says, by its `done` value. */
const DONE = ['saved', 'sent', 'emailDone', 'abandoned', 'password'] as const;
type Done = (typeof DONE)[number];

/**
 * "Mon profil" (SPEC §6). Every form posts, then redirects to the page with what happened in the
 * query (post/redirect/get): reloading never repeats an action.
 */
export const profileRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  server.get(
    PROFILE,
    webHandler(ctx, async (web, request, reply) => {
      const account = await findAccount(ctx.database.db, web.caller);
      if (!account) return reply.redirect('/login', 303);
      const pending = await pendingEmailChange(ctx, web.caller);
      const t = translator(web.lang);
      const messages: { kind: FlashKind; text: string }[] = [];
      const done = queryField(request, 'done') as Done;
      const texts: Record<Done, string> = {
        saved: t('profileSaved'),
        sent: '',
        emailDone: t('profileEmailDone', { email: account.email }),
        abandoned: t('profileEmailAbandoned', { email: account.email }),
        password: t('profilePasswordChanged'),
      };
      // After `sent`, the pending change's own notice says where the code went.
      if (DONE.includes(done) && done !== 'sent') {
        messages.push({ kind: 'success', text: texts[done] });
      }
      const error = queryErrorCode(request);
      if (error) {
        const text = error === 'INVALID_INPUT' ? t('profileInvalid') : errorText(web.lang, error);
        messages.push({ kind: 'error', text });
      }
      web.page.url = PROFILE;
      return sendPage(reply, ProfilePage, {
        ctx: web.page,
        account,
        pending,
        token: queryField(request, 'token').slice(0, 200),
        messages,
      });
    }),
  );

  /** Runs one form's action, then back to the page with its outcome. */
  const form = (
    path: string,
    action: (
      caller: string,
      body: unknown,
      sessionId: string,
      params: Record<string, string>,
    ) => Promise<Done>,
  ) =>
    server.post(
      path,
      webHandler(ctx, async (web, request, reply: FastifyReply) => {
        try {
          const done = await action(
            web.caller,
            request.body,
            web.sessionId,
            request.params as Record<string, string>,
          );
          return reply.redirect(`${PROFILE}?done=${done}`, 303);
        } catch (error) {
          if (!isDomainError(error) || error.code === 'NOT_FOUND') throw error;
          return reply.redirect(`${PROFILE}?error=${error.code}`, 303);
        }
      }),
    );

  form(PROFILE, async (caller, body) => {
    await updateProfile(ctx, caller, {
      name: formField(body, 'name'),
      language: formField(body, 'language'),
    });
    return 'saved';
  });

  form(`${PROFILE}/email`, async (caller, body) => {
    await limiter?.check('emailChangesPerAccount', caller);
    await requestEmailChange(ctx, caller, formField(body, 'newEmail'));
    return 'sent';
  });

  form(`${PROFILE}/email/:id/accept`, async (caller, body, _session, params) => {
    await limiter?.check('decisionsPerAccount', caller);
    await acceptEmailChange(ctx, caller, params.id, formField(body, 'token'));
    return 'emailDone';
  });

  form(`${PROFILE}/email/:id/abandon`, async (caller, _body, _session, params) => {
    await abandonEmailChange(ctx, caller, params.id);
    return 'abandoned';
  });

  form(`${PROFILE}/password`, async (caller, body, sessionId) => {
    await limiter?.check('loginPerAccount', caller);
    await changePassword(
      ctx,
      caller,
      {
        currentPassword: formField(body, 'currentPassword'),
        newPassword: formField(body, 'newPassword'),
      },
      sessionId,
    );
    return 'password';
  });
  return Promise.resolve();
};
