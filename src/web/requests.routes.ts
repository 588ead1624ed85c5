import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cancelChange } from '../contact-changes/cancel-change.js';
import type { ChangeView } from '../contact-changes/change.presenter.js';
import { acceptChange, refuseChange } from '../contact-changes/decide-change.js';
import { findTokenOwner } from '../contact-changes/find-token-owner.js';
import { getChangeWithActions, getChanges } from '../contact-changes/get-change.js';
import { listChangeLines, type ChangeLine } from '../contact-changes/list-change-lines.js';
import type { RequestActions } from '../contact-changes/change.policy.js';
import { resendEmail } from '../contact-changes/resend-email.js';
import { lastAddressEmailed, maskAddress } from '../mail/sent-address.js';
import type { AppContext } from '../platform/context.js';
import { getVisibleService } from '../services/get-service.js';
import { isDomainError } from '../shared/errors.js';
import { showBatch } from './batch.routes.js';
import { setFlash, takeFlash } from './flash.js';
import { errorText, translator } from './i18n.js';
import type { WebOptions } from './login.routes.js';
import { RequestsPage, type RequestsPageProps } from './pages/requests.page.js';
import {
  actionError,
  createdMessages,
  doneMessages,
  flashOf,
  type Message,
} from './request-messages.js';
import { formField, queryField, sendPage, webHandler, type SignedIn } from './web-request.js';
import { INPUT_MAX } from '../shared/input-bounds.js';

const PAGE = 50;
/** The flash of the request actions is read by the requests page only. */
const FLASH_AT = '/contacts/requests';

async function holdsService(ctx: AppContext, caller: string, view: ChangeView) {
  try {
    await getVisibleService(ctx, caller, view.serviceType, view.serviceDomain);
    return true;
  } catch (error) {
    if (isDomainError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

async function showRequests(
  ctx: AppContext,
  web: SignedIn,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const query = (name: string) => queryField(request, name);
  // A batch's e-mail link (R22) opens the batch, its code pre-filled.
  if (query('batchId') !== '') {
    const made = query('made') === '1';
    return showBatch(ctx, web, reply, query('batchId'), query('token'), [], 200, made);
  }
  const t = translator(web.lang);
  const flash = takeFlash(ctx, request, reply, web.caller, FLASH_AT);
  const messages: Message[] = [];
  const state = query('state');
  // A batch (R22) is one line; the page continues below the key of its last line.
  let listed: { lines: ChangeLine[]; next: number | null } = { lines: [], next: null };
  try {
    listed = await listChangeLines(ctx, web.caller, {
      state,
      before: query('before'),
      limit: PAGE,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    messages.push({ kind: 'error', lines: [errorText(web.lang, error.code)] });
  }
  const created = query('created')
    .split(',')
    .filter((id) => /^[0-9]{1,15}$/.test(id))
    .slice(0, 3)
    .map(Number);
  if (created.length > 0) {
    const views = await getChanges(ctx, web.caller, created);
    messages.unshift(...createdMessages(t, web.lang, views, web.caller));
  }

  const props: RequestsPageProps = {
    ctx: web.page,
    state,
    lines: listed.lines,
    before: listed.next,
    messages,
  };
  // One request made: show it at once, with its code field when the asker must validate too.
  const focusId = query('taskId') || (created.length === 1 ? String(created[0]) : '');
  if (focusId === '') return sendPage(reply, RequestsPage, props);

  const linkToken = query('token').slice(0, INPUT_MAX.token);
  let view: ChangeView;
  let actions: RequestActions;
  try {
    // R1: NOT_FOUND for anyone else; the buttons are what the policy allows (R10, R14, R15).
    ({ view, actions } = await getChangeWithActions(ctx, web.caller, focusId));
  } catch (error) {
    if (!isDomainError(error, 'NOT_FOUND') || linkToken === '') throw error;
    // An e-mail link opened in an account that is no party: say whom it is for (only the holder
    // of the e-mail's code learns it) and offer to switch, never a bare "page not found".
    const owner = /^[0-9]{1,15}$/.test(focusId)
      ? await findTokenOwner(ctx, Number(focusId), linkToken)
      : undefined;
    const me = web.caller;
    const message = owner ? t('linkForOther', { owner, me }) : t('linkNotYours', { me });
    return sendPage(
      reply,
      RequestsPage,
      { ...props, switchAccount: { message, next: request.url } },
      404,
    );
  }
  let token = flash?.values?.token ?? '';
  if (linkToken !== '' && token === '') {
    const owner = await findTokenOwner(ctx, view.id, linkToken);
    // The other validator's code would be refused and counted as a wrong try: not pre-filled.
    if (owner === web.caller) token = linkToken;
    else if (owner !== undefined) {
      props.switchAccount = {
        message: t('linkForOther', { owner, me: web.caller }),
        next: request.url,
      };
    } else if (view.waitingFor.includes(web.caller)) {
      messages.push({ kind: 'warning', lines: [t('linkStale')] });
    }
  }
  const done = query('done');
  if (done && !flash) messages.unshift(...doneMessages(t, done, view, query('who')));
  // The guide's "the e-mail did not arrive": where it went, and a way to check the address.
  const mine = view.validations.some((v) => v.account === web.caller);
  const sentTo = mine ? await lastAddressEmailed(ctx, view.id, web.caller) : undefined;
  props.focus = {
    view,
    actions,
    token,
    serviceLink: await holdsService(ctx, web.caller, view),
    error: flash ? actionError(web.lang, flash) : undefined,
    sentTo: sentTo === undefined ? undefined : maskAddress(sentTo),
  };
  return sendPage(reply, RequestsPage, props);
}

type Action = 'accept' | 'refuse' | 'resend' | 'cancel';
const DONE: Record<Action, string> = {
  accept: 'accepted',
  refuse: 'refused',
  resend: 'resent',
  cancel: 'cancelled',
};

/**
 * "Mes demandes". GET only shows: the code of an e-mail link (R9) is put in the field and is
 * used only when the validator presses Accept or Refuse, which POSTs it. Every POST answers with
 * a redirect (post/redirect/get), its error carried by a flash (decision 096).
 */
export const requestsRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  server.get(
    '/contacts/requests',
    webHandler(ctx, (web, request, reply) => showRequests(ctx, web, request, reply)),
  );

  for (const action of ['accept', 'refuse', 'resend', 'cancel'] as const satisfies Action[]) {
    server.post(
      `/contacts/requests/:id/${action}`,
      webHandler(ctx, async (web, request, reply) => {
        const { id } = request.params as { id: string };
        const token = formField(request.body, 'token');
        const page = `/contacts/requests?taskId=${encodeURIComponent(id)}`;
        let who = '';
        try {
          if (limiter && action !== 'cancel')
            await limiter.check('decisionsPerAccount', web.caller);
          if (action === 'accept') await acceptChange(ctx, web.caller, id, token);
          else if (action === 'refuse') await refuseChange(ctx, web.caller, id, token);
          else if (action === 'resend') who = (await resendEmail(ctx, web.caller, id)).join(',');
          else await cancelChange(ctx, web.caller, id);
        } catch (error) {
          if (!isDomainError(error) || error.code === 'NOT_FOUND') throw error;
          setFlash(
            ctx,
            reply,
            web.caller,
            FLASH_AT,
            flashOf(error, token.slice(0, INPUT_MAX.token)),
          );
          return reply.header('cache-control', 'no-store').redirect(page, 303);
        }
        const whoQuery = who ? `&who=${encodeURIComponent(who)}` : '';
        return reply.redirect(`${page}&done=${DONE[action]}${whoQuery}`, 303);
      }),
    );
  }
  return Promise.resolve();
};
