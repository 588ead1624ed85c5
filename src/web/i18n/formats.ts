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

/** Why a request failed, in the page's language (the words sit with the reasons' makers). */
export { reasonText, providerReasonText } from '../../contact-changes/failure-reasons.js';
