import type { Language } from '../../platform/database/schema.js';
import { VISIBLE_STATES } from '../../contact-changes/states.js';
import type { Translate } from '../i18n.js';

/** The states `Mes demandes` filters by: those a request can be seen in. */
export const FILTER_STATES = VISIBLE_STATES;

/** A wait in seconds as a person reads it: « 45 s », « 4 min 10 s ». */
export function formatWait(t: Translate, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.max(0, Math.round(seconds - m * 60));
  if (m === 0) return t('seconds', { s });
  return s === 0 ? t('minutes', { m }) : t('minutesSeconds', { m, s });
}

/** A day (YYYY-MM-DD) as a person reads it in a sentence: « 5 déc. 2026 », "5 Dec 2026". */
export function formatDay(lang: Language, day: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

const ROLE_WORDS: Record<Language, Record<string, string>> = {
  fr: {
    contactAdmin: 'contact administrateur',
    contactTech: 'contact technique',
    contactBilling: 'contact facturation',
  },
  en: {
    contactAdmin: 'administrator contact',
    contactTech: 'technical contact',
    contactBilling: 'billing contact',
  },
};

/**
 * Why a request failed (R13), in the page's language. The domain keeps its reason as an English
 * sentence in the database and the API; the page reads it back into words of either language.
 */
export function reasonText(lang: Language, reason: string): string {
  const fr = lang === 'fr';
  let m = /^(\S+) is no longer (contact\w+) \(now (\S+)\)$/.exec(reason);
  if (m) {
    const role = ROLE_WORDS[lang][m[2]!] ?? m[2]!;
    return fr
      ? `${m[1]} n’est plus ${role} (c’est maintenant ${m[3]}).`
      : `${m[1]} is no longer ${role} (now ${m[3]}).`;
  }
  m = /^(\S+) no longer holds the right it asked with$/.exec(reason);
  if (m) {
    return fr
      ? `${m[1]} n’a plus le rôle avec lequel la demande a été faite.`
      : `${m[1]} no longer holds the role the request was made with.`;
  }
  m = /^(\S+) has unpaid invoices/.exec(reason);
  if (m) {
    return fr
      ? `${m[1]} a une facture impayée\u202f: le contact facturation ne peut pas changer.`
      : `${m[1]} has an unpaid invoice: the billing contact cannot change.`;
  }
  if (reason === 'the service no longer exists') {
    return fr ? 'Le service n’existe plus.' : 'The service no longer exists.';
  }
  return fr ? 'Le changement n’a pas pu être appliqué.' : 'The change could not be applied.';
}
