import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { cancelChange } from '../contact-changes/cancel-change.js';
import type { ChangeView } from '../contact-changes/change.repository.js';
import { acceptChange, refuseChange } from '../contact-changes/decide-change.js';
import { getChange, getChanges, listChangeIds } from '../contact-changes/get-change.js';
import { resendEmail } from '../contact-changes/resend-email.js';
import type { AppContext } from '../platform/context.js';
import { HTTP_STATUS, isDomainError } from '../shared/errors.js';
import { errorText, translator, type Translate } from './i18n.js';
import type { FlashKind } from './layout.js';
import type { WebOptions } from './login.routes.js';
import { contactTypesText, RequestsPage, type RequestActions } from './pages/requests.page.js';
import { formField, queryField, sendPage, webHandler, type SignedIn } from './web-request.js';

const PAGE = 50;

/** What the caller may do with a request, as the domain would allow it (R10, R14, R15). */
export function actionsFor(view: ChangeView, caller: string, now: number): RequestActions {
  const open = view.state === 'validatingByCustomers' && Date.parse(view.expiresAt) > now;
  const mine = view.validations.find((v) => v.account === caller);
  const somePending = view.validations.some((v) => v.status === 'pending');
  return {
    decide: open && mine?.status === 'pending',
    resend:
      open &&
      (mine?.status === 'pending' ||
        ((mine !== undefined || view.askingAccount === caller) && somePending)),
    cancel: open && view.askingAccount === caller,
  };
}

type Message = { kind: FlashKind; lines: string[] };

function createdMessage(t: Translate, lang: 'fr' | 'en', views: ChangeView[]): Message[] {
  if (views.length === 0) return [];
  const lines = [...views]
    .sort((a, b) => a.id - b.id)
    .map((view) =>
      t('requestMadeLine', {
        id: view.id,
        service: view.serviceDomain,
        types: contactTypesText(lang, view.contactTypes),
        from: view.fromAccount,
        to: view.toAccount,
        validators: view.validations.map((v) => v.account).join(', '),
      }),
    );
  return [{ kind: 'success', lines: [t('requestsMade'), ...lines] }];
}

function doneMessage(t: Translate, done: string, view: ChangeView, who: string): Message[] {
  const id = view.id;
  switch (done) {
    case 'accepted':
      return [
        {
          kind: 'success',
          lines: [t(view.state === 'validatingByCustomers' ? 'accepted' : 'acceptedAll', { id })],
        },
      ];
    case 'refused':
      return [{ kind: 'success', lines: [t('refused', { id })] }];
    case 'cancelled':
      return [{ kind: 'success', lines: [t('cancelled', { id })] }];
    case 'resent': {
      // Only names the request really concerns are shown back.
      const names = who.split(',').filter((n) => view.validations.some((v) => v.account === n));
      return names.length > 0
        ? [{ kind: 'success', lines: [t('resent', { who: names.join(', ') })] }]
        : [];
    }
    default:
      return [];
  }
}

interface ShowOptions {
  focusId?: string;
  token?: string;
  messages?: Message[];
  status?: number;
}

async function showRequests(
  ctx: AppContext,
  web: SignedIn,
  query: (name: string) => string,
  reply: FastifyReply,
  options: ShowOptions = {},
) {
  const t = translator(web.lang);
  const messages: Message[] = [...(options.messages ?? [])];
  const state = query('state');
  let ids: number[] = [];
  try {
    const before = query('before');
    ids = await listChangeIds(ctx, web.caller, {
      state,
      limit: PAGE + 1,
      ...(before ? { before } : {}),
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    messages.push({ kind: 'error', lines: [errorText(web.lang, error.code)] });
  }
  const items = await getChanges(ctx, web.caller, ids.slice(0, PAGE));
  const created = query('created')
    .split(',')
    .filter((id) => /^[0-9]{1,15}$/.test(id))
    .slice(0, 3)
    .map(Number);
  if (created.length > 0)
    messages.unshift(...createdMessage(t, web.lang, await getChanges(ctx, web.caller, created)));

  let focus;
  const focusId = options.focusId ?? query('taskId');
  if (focusId !== '') {
    const view = await getChange(ctx, web.caller, focusId); // R1: NOT_FOUND for anyone else
    const done = query('done');
    if (done && !options.messages) messages.unshift(...doneMessage(t, done, view, query('who')));
    focus = {
      view,
      actions: actionsFor(view, web.caller, ctx.clock.now()),
      token: (options.token ?? query('token')).slice(0, 200),
    };
  }
  return sendPage(
    reply,
    RequestsPage,
    {
      ctx: web.page,
      state,
      items,
      before: ids.length > PAGE ? (items[items.length - 1]?.id ?? null) : null,
      focus,
      messages,
    },
    options.status ?? 200,
  );
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
 * used only when the validator presses Accept or Refuse, which POSTs it.
 */
export const requestsRoutes: FastifyPluginAsync<WebOptions> = (server, { app, limiter }) => {
  const ctx = app.ctx;

  server.get(
    '/contacts/requests',
    webHandler(ctx, (web, request, reply) =>
      showRequests(ctx, web, (name) => queryField(request, name), reply),
    ),
  );

  for (const action of ['accept', 'refuse', 'resend', 'cancel'] as const satisfies Action[]) {
    server.post(
      `/contacts/requests/:id/${action}`,
      webHandler(ctx, async (web, request, reply) => {
        const { id } = request.params as { id: string };
        const token = formField(request.body, 'token');
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
          // The language switch of this page must lead to a page, not to the POST's URL.
          web.page.url = `/contacts/requests?taskId=${encodeURIComponent(id)}`;
          return showRequests(ctx, web, () => '', reply, {
            focusId: id,
            token,
            messages: [{ kind: 'error', lines: [errorText(web.lang, error.code)] }],
            status: HTTP_STATUS[error.code],
          });
        }
        const whoQuery = who ? `&who=${encodeURIComponent(who)}` : '';
        return reply.redirect(
          `/contacts/requests?taskId=${encodeURIComponent(id)}&done=${DONE[action]}${whoQuery}`,
          303,
        );
      }),
    );
  }
  return Promise.resolve();
};
