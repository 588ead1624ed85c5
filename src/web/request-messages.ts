import type { ChangeView } from '../contact-changes/change.presenter.js';
import type { DomainError } from '../shared/errors.js';
import { errorText, formatWait, translator, type Language, type Translate } from './i18n.js';
import type { Flash } from './flash.js';
import type { FlashKind } from './layout.js';
import { contactTypesText } from './pages/request-words.js';

export type Message = { kind: FlashKind; lines: string[] };

/** What the page says after Valider: each request made, and that the asker must validate too. */
export function createdMessages(t: Translate, lang: Language, views: ChangeView[], me: string) {
  if (views.length === 0) return [];
  const sorted = [...views].sort((a, b) => a.id - b.id);
  const lines = sorted.map((view) =>
    t('requestMadeLine', {
      id: view.id,
      service: view.serviceDomain,
      types: contactTypesText(lang, view.contactTypes),
      from: view.fromAccount,
      to: view.toAccount,
      validators: view.validations.map((v) => v.account).join(', '),
    }),
  );
  const messages: Message[] = [{ kind: 'success', lines: [t('requestsMade'), ...lines] }];
  const mine = sorted
    .filter((view) => view.waitingFor.includes(me))
    .map((view) =>
      t(view.validations.length === 1 ? 'requestMadeYouAlone' : 'requestMadeYouValidate', {
        id: view.id,
      }),
    );
  if (mine.length > 0) messages.push({ kind: 'warning', lines: mine });
  return messages;
}

export function doneMessages(t: Translate, done: string, view: ChangeView, who: string) {
  const id = view.id;
  const one = (line: string): Message[] => [{ kind: 'success', lines: [line] }];
  switch (done) {
    case 'accepted':
      return one(t(view.state === 'validatingByCustomers' ? 'accepted' : 'acceptedAll', { id }));
    case 'refused':
      return one(t('refused', { id }));
    case 'cancelled':
      return one(t('cancelled', { id }));
    case 'resent': {
      // Only names the request really concerns are shown back.
      const names = who.split(',').filter((n) => view.validations.some((v) => v.account === n));
      return names.length > 0 ? one(t('resent', { who: names.join(', ') })) : [];
    }
    default:
      return [];
  }
}

/**
 * The words for a refused action on a request, with the facts the domain gave: a locked code is
 * unlocked only by a resend; a resend refused by the cooldown says how long to wait.
 */
export function actionError(
  lang: Language,
  flash: Pick<Flash, 'error' | 'details'>,
): { message: string; field?: 'token' } | undefined {
  const code = flash.error;
  if (code === undefined) return undefined;
  const t = translator(lang);
  const details = flash.details ?? {};
  if (code === 'TOO_MANY_ATTEMPTS' && details.reason === 'cooldown') {
    const wait = Number(details.retryAfterSeconds) || 1;
    return {
      message: t('resendCooldown', { who: String(details.account), wait: formatWait(t, wait) }),
    };
  }
  if (code === 'TOO_MANY_ATTEMPTS') return { message: t('tokenLocked'), field: 'token' };
  if (code === 'INVALID_TOKEN') {
    const left = details.attemptsLeft;
    if (left === 0) return { message: t('tokenLocked'), field: 'token' };
    if (typeof left === 'number')
      return { message: t('tokenAttemptsLeft', { left }), field: 'token' };
    return { message: errorText(lang, code), field: 'token' };
  }
  return { message: errorText(lang, code) };
}

/** A refused action's flash; a code the domain refused is not put back in the field. */
export function flashOf(error: DomainError, token: string): Flash {
  const keep = token !== '' && error.code !== 'INVALID_TOKEN' && error.code !== 'TOO_MANY_ATTEMPTS';
  return { error: error.code, details: error.details, values: keep ? { token } : {} };
}
