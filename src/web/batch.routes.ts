import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { acceptBatch, refuseBatch } from '../contact-changes/decide-batch.js';
import { getBatch } from '../contact-changes/get-batch.js';
import { getChanges } from '../contact-changes/get-change.js';
import type { AppContext } from '../platform/context.js';
import { HTTP_STATUS, isDomainError } from '../shared/errors.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { BatchPage, type BatchPageProps } from './pages/batch.page.js';
import { formField, sendPage, webHandler, type SignedIn } from './web-request.js';

/** The batch page (R22), shown at /contacts/requests?batchId=… (the e-mail's link). */
export async function showBatch(
  ctx: AppContext,
  web: SignedIn,
  reply: FastifyReply,
  batchInput: string,
  token: string,
  messages: BatchPageProps['messages'] = [],
  status = 200,
  /** Just made on "Mes services": say so, and that each validator gets one e-mail. */
  made = false,
) {
  const { batchId, ids } = await getBatch(ctx, web.caller, batchInput); // R1: NOT_FOUND
  const items = (await getChanges(ctx, web.caller, ids)).sort((a, b) => a.id - b.id);
  if (made) {
    const text = translator(web.lang)('batchMade', { id: batchId, count: items.length });
    messages = [{ kind: 'success', text }, ...messages];
  }
  const now = ctx.clock.now();
  const waiting = items.filter(
    (v) =>
      v.state === 'validatingByCustomers' &&
      Date.parse(v.expiresAt) > now &&
      v.validations.some((x) => x.account === web.caller && x.status === 'pending'),
  ).length;
  return sendPage(
    reply,
    BatchPage,
    { ctx: web.page, batchId, items, waiting, token: token.slice(0, 200), messages },
    status,
  );
}

/** "Accepter toutes les demandes" / "Refuser toutes les demandes" with the batch's one code. */
export const batchRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;
  for (const action of ['accept', 'refuse'] as const) {
    server.post(
      `/contacts/requests/batch/:batchId/${action}`,
      webHandler(ctx, async (web, request, reply) => {
        const { batchId } = request.params as { batchId: string };
        const token = formField(request.body, 'token');
        const t = translator(web.lang);
        try {
          if (limiter) await limiter.check('decisionsPerAccount', web.caller);
          const decide = action === 'accept' ? acceptBatch : refuseBatch;
          const { decided, skipped } = await decide(ctx, web.caller, batchId, token);
          const messages: BatchPageProps['messages'] = [
            {
              kind: 'success',
              text: t(action === 'accept' ? 'batchAccepted' : 'batchRefused', {
                count: decided.length,
              }),
            },
          ];
          if (skipped.length > 0)
            messages.push({ kind: 'info', text: t('batchSkipped', { count: skipped.length }) });
          return showBatch(ctx, web, reply, batchId, '', messages);
        } catch (error) {
          if (!isDomainError(error) || error.code === 'NOT_FOUND') throw error;
          return showBatch(
            ctx,
            web,
            reply,
            batchId,
            token,
            [{ kind: 'error', text: errorText(web.lang, error.code) }],
            HTTP_STATUS[error.code],
          );
        }
      }),
    );
  }
  return Promise.resolve();
};
