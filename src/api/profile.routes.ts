import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { abandonEmailChange } from '../profile/abandon-email-change.js';
import { changePassword } from '../profile/change-password.js';
import { acceptEmailChange, refuseEmailChange } from '../profile/decide-email-change.js';
import { getEmailChange, listEmailChangeIds } from '../profile/get-email-change.js';
import { requestEmailChange } from '../profile/request-email-change.js';
import { confirmPasswordReset, requestPasswordReset } from '../profile/reset-password.js';
import { updateProfile } from '../profile/update-profile.js';
import { requireCaller, SESSION_COOKIE } from '../server/authenticate.js';
import type { RateLimiter } from '../server/rate-limit.js';
import {
  ChangeEmailBody,
  ChangePasswordBody,
  EmailChangeListQuery,
  EmailChangeParams,
  EmailChangeTask,
  EmailCodeBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  UpdateMeBody,
} from './profile.schemas.js';
import { Empty, errors, Ids, Me } from './schemas.js';

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/** The account's own profile (SPEC §5): name and language, e-mail change (R19), passwords (R20). */
export const profileRoutes: FastifyPluginCallbackTypebox<{ limiter: RateLimiter }> = (
  server,
  { limiter },
  done,
) => {
  const ctx = server.contacthub.ctx;

  server.put(
    '/me',
    {
      schema: {
        operationId: 'updateMe',
        tags: ['me'],
        summary: 'change the name and/or language of the caller',
        security,
        body: UpdateMeBody,
        response: { 200: Me, ...errors(400, 401) },
      },
    },
    async (request) => updateProfile(ctx, await requireCaller(request), request.body),
  );

  server.post(
    '/me/changeEmail',
    {
      schema: {
        operationId: 'changeEmail',
        tags: ['me'],
        summary: 'ask to change the address: a code goes to the new one (R19)',
        security,
        body: ChangeEmailBody,
        response: { 200: EmailChangeTask, ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const caller = await requireCaller(request);
      await limiter.check('emailChangesPerAccount', caller);
      return requestEmailChange(ctx, caller, request.body.newEmail);
    },
  );

  server.get(
    '/me/task/emailChange',
    {
      schema: {
        operationId: 'listEmailChanges',
        tags: ['me'],
        summary: 'ids of the caller’s e-mail changes, newest first',
        security,
        querystring: EmailChangeListQuery,
        response: { 200: Ids, ...errors(400, 401) },
      },
    },
    async (request) => listEmailChangeIds(ctx, await requireCaller(request), request.query.state),
  );

  server.get(
    '/me/task/emailChange/:id',
    {
      schema: {
        operationId: 'getEmailChange',
        tags: ['me'],
        summary: 'one e-mail change of the caller',
        security,
        params: EmailChangeParams,
        response: { 200: EmailChangeTask, ...errors(400, 401, 404) },
      },
    },
    async (request) => getEmailChange(ctx, await requireCaller(request), request.params.id),
  );

  const decision = (verb: 'accept' | 'refuse', decide: typeof acceptEmailChange, what: string) =>
    server.post(
      `/me/task/emailChange/:id/${verb}`,
      {
        schema: {
          operationId: `${verb}EmailChange`,
          tags: ['me'],
          summary: what,
          security,
          params: EmailChangeParams,
          body: EmailCodeBody,
          response: { 204: Empty, ...errors(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request, reply) => {
        const caller = await requireCaller(request);
        await limiter.check('decisionsPerAccount', caller);
        await decide(ctx, caller, request.params.id, request.body.token);
        return reply.code(204).send(null);
      },
    );
  decision(
    'accept',
    acceptEmailChange,
    'accept with the code: the address changes, the old one is told',
  );
  decision('refuse', refuseEmailChange, 'refuse with the code: the address stays');

  server.post(
    '/me/task/emailChange/:id/abandon',
    {
      schema: {
        operationId: 'abandonEmailChange',
        tags: ['me'],
        summary: 'extension: give up a pending e-mail change without its code',
        security,
        params: EmailChangeParams,
        response: { 204: Empty, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await abandonEmailChange(ctx, await requireCaller(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  server.post(
    '/me/changePassword',
    {
      schema: {
        operationId: 'changePassword',
        tags: ['me'],
        summary: 'change the password with the current one; other sessions end (R20)',
        security,
        body: ChangePasswordBody,
        response: { 204: Empty, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const caller = await requireCaller(request);
      // The current password is a password guess like a login's: the same limit.
      await limiter.check('loginPerAccount', caller);
      const cookie = request.cookies[SESSION_COOKIE];
      const keep =
        request.headers.authorization === undefined && typeof cookie === 'string'
          ? cookie
          : undefined;
      await changePassword(ctx, caller, request.body, keep);
      return reply.code(204).send(null);
    },
  );

  server.post(
    '/auth/passwordReset',
    {
      schema: {
        operationId: 'passwordReset',
        tags: ['auth'],
        summary: 'e-mail a reset link (one hour, single use); 202 whatever the nichandle (R20)',
        body: PasswordResetBody,
        response: { 202: Empty, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const { nichandle } = request.body;
      await limiter.check('passwordResetsPerAddress', request.ip);
      await limiter.check('passwordResetsPerAccount', nichandle.trim().toLowerCase());
      await requestPasswordReset(ctx, nichandle);
      return reply.code(202).send(null);
    },
  );

  server.post(
    '/auth/passwordReset/confirm',
    {
      schema: {
        operationId: 'passwordResetConfirm',
        tags: ['auth'],
        summary: 'set a new password with the token of the reset link; every session ends',
        body: PasswordResetConfirmBody,
        response: { 204: Empty, ...errors(400, 403, 429) },
      },
    },
    async (request, reply) => {
      await limiter.check('passwordResetsPerAddress', request.ip);
      await confirmPasswordReset(ctx, request.body);
      return reply.code(204).send(null);
    },
  );
  done();
};
