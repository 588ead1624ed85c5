import type { ChangeState, Language, ServiceStatus } from '../platform/database/schema.js';
import type { ErrorCode } from '../shared/errors.js';
import type { Role } from '../services/roles.js';
import { batchesMessages } from './i18n/batches.js';
import { commonMessages } from './i18n/common.js';
import { editContactsMessages } from './i18n/edit-contacts.js';
import { errorsMessages } from './i18n/errors.js';
import { historyMessages } from './i18n/history.js';
import { loginMessages } from './i18n/login.js';
import { panelMessages } from './i18n/panel.js';
import { profileMessages } from './i18n/profile.js';
import { requestsMessages } from './i18n/requests.js';
import { servicesMessages } from './i18n/services.js';
import { tokensMessages } from './i18n/tokens.js';
import { apiApplicationsMessages } from './i18n/api-applications.js';

export type { Language };
export { serviceTypeLabel } from '../services/service-type-labels.js';
export {
  FILTER_STATES,
  formatDay,
  formatWait,
  providerReasonText,
  reasonText,
} from './i18n/formats.js';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'en';
}

/**
 * Every word the web pages show, in both languages, gathered from one file per area under
 * `./i18n/` (each made with `defineMessages`, so its two languages have the same keys). The French
 * labels of SPEC §6 are the guide's and are also the accessible names of the controls: tests find
 * the controls by them. A new area: add `./i18n/AREA.ts` and one spread line in each dictionary.
 */
const fr = {
  ...commonMessages.fr,
  ...loginMessages.fr,
  ...servicesMessages.fr,
  ...editContactsMessages.fr,
  ...requestsMessages.fr,
  ...historyMessages.fr,
  ...tokensMessages.fr,
  ...apiApplicationsMessages.fr,
  ...profileMessages.fr,
  ...errorsMessages.fr,
  ...panelMessages.fr,
  ...batchesMessages.fr,
};

export type MessageKey = keyof typeof fr;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  ...commonMessages.en,
  ...loginMessages.en,
  ...servicesMessages.en,
  ...editContactsMessages.en,
  ...requestsMessages.en,
  ...historyMessages.en,
  ...tokensMessages.en,
  ...apiApplicationsMessages.en,
  ...profileMessages.en,
  ...errorsMessages.en,
  ...panelMessages.en,
  ...batchesMessages.en,
};

/**
 * French typography: a narrow no-break space before « : ; ! ? » and inside guillemets, a no-break
 * space after « n° ». Applied to the words of the pages, never to what a person typed.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/[ \u00a0]+([:;!?])(?=\s|$|[.,)»])/g, '\u202f$1')
    .replace(/«[ \u00a0]*/g, '«\u202f')
    .replace(/[ \u00a0]*»/g, '\u202f»')
    .replace(/n° /g, 'n°\u00a0');
}

function typeset(dictionary: Dictionary): Dictionary {
  const out = {} as Dictionary;
  for (const key of Object.keys(dictionary) as MessageKey[])
    out[key] = frenchSpacing(dictionary[key]);
  return out;
}

const DICTIONARIES: Record<Language, Dictionary> = { fr: typeset(fr), en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translator of one language: `{name}` placeholders are replaced by params (as text). */
export function translator(lang: Language): Translate {
  const dictionary = DICTIONARIES[lang];
  return (key, params) => {
    const text = dictionary[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

const ROLE_KEY: Record<Role, MessageKey> = {
  admin: 'contactAdmin',
  tech: 'contactTech',
  billing: 'contactBilling',
};

export function roleLabel(t: Translate, role: Role): string {
  return t(ROLE_KEY[role]);
}

const ROLE_SHORT: Record<Language, Record<Role, string>> = {
  fr: { admin: 'administrateur', tech: 'technique', billing: 'facturation' },
  en: { admin: 'administrator', tech: 'technical', billing: 'billing' },
};

export function roleShort(lang: Language, role: Role): string {
  return ROLE_SHORT[lang][role];
}

const STATE_LABEL: Record<Language, Record<ChangeState, string>> = {
  fr: {
    todo: 'À traiter',
    checkValidity: 'Vérification',
    validatingByCustomers: 'En attente de validation',
    doing: 'En cours de traitement',
    done: 'Terminée',
    refused: 'Refusée',
    aborted: 'Annulée',
    expired: 'Expirée',
    error: 'En erreur',
  },
  en: {
    todo: 'To do',
    checkValidity: 'Checking',
    validatingByCustomers: 'Awaiting validation',
    doing: 'Being applied',
    done: 'Done',
    refused: 'Refused',
    aborted: 'Cancelled',
    expired: 'Expired',
    error: 'Failed',
  },
};

export function stateLabel(lang: Language, state: ChangeState): string {
  return STATE_LABEL[lang][state];
}

const SERVICE_STATUS_LABEL: Record<Language, Record<ServiceStatus, string>> = {
  fr: {
    ok: 'actif',
    expired: 'expiré',
    inCreation: 'en création',
    pendingDebt: 'impayé en attente',
    unPaid: 'impayé',
  },
  en: {
    ok: 'active',
    expired: 'expired',
    inCreation: 'being created',
    pendingDebt: 'payment pending',
    unPaid: 'unpaid',
  },
};

export function serviceStatusLabel(lang: Language, status: string): string {
  return (SERVICE_STATUS_LABEL[lang] as Record<string, string>)[status] ?? status;
}

/** What a person should read when the domain refuses something; the code decides the words. */
const ERROR_TEXT: Record<Language, Record<ErrorCode, string>> = {
  fr: {
    INVALID_INPUT:
      'Saisie invalide : vérifiez le format de l’identifiant client (ex. xx11111-ovh).',
    NOT_AUTHENTICATED: 'Vous devez être connecté.',
    NOT_FOUND: 'Introuvable, ou vous n’y avez pas accès.',
    NOT_ALLOWED: 'Vous n’avez pas le droit de faire cette modification.',
    UNKNOWN_ACCOUNT: 'Ce compte n’existe pas : vérifiez l’identifiant client du nouveau contact.',
    ALREADY_CONTACT: 'Ce compte est déjà ce contact.',
    ALREADY_EXISTS: 'Cela existe déjà.',
    UNPAID_INVOICES:
      'Factures impayées : l’ancien et le nouveau contact facturation doivent être à jour de leurs règlements.',
    CHANGE_PENDING:
      'Une demande est déjà en cours pour ce contact ; elle doit se terminer, ou être annulée, d’abord.',
    INVALID_TOKEN: 'Ce code de validation n’est pas valide pour vous sur cette demande.',
    TOO_MANY_ATTEMPTS:
      'Trop de tentatives : votre code est bloqué, seul un nouvel e-mail (Renvoyer la demande) le débloque.',
    RATE_LIMITED: 'Trop de requêtes : réessayez dans un instant.',
    TASK_NOT_PENDING: 'Cette demande n’est plus en cours.',
    ALREADY_DECIDED: 'Vous avez déjà répondu à cette demande.',
    WEAK_PASSWORD:
      'Mot de passe trop faible : au moins 8 caractères, sans votre identifiant ni votre adresse e-mail.',
    WRONG_PASSWORD: 'Le mot de passe actuel est incorrect.',
    INTERNAL_ERROR: 'Une erreur est survenue. Réessayez plus tard.',
  },
  en: {
    INVALID_INPUT: 'Invalid input: check the format of the account ID (e.g. xx11111-ovh).',
    NOT_AUTHENTICATED: 'You must be logged in.',
    NOT_FOUND: 'Not found, or you have no access to it.',
    NOT_ALLOWED: 'You are not allowed to make this change.',
    UNKNOWN_ACCOUNT: 'This account does not exist: check the new contact’s account ID.',
    ALREADY_CONTACT: 'This account already is this contact.',
    ALREADY_EXISTS: 'This already exists.',
    UNPAID_INVOICES:
      'Unpaid invoices: the former and the new billing contact must be up to date with their payments.',
    CHANGE_PENDING:
      'A request is already open for this contact; it must end, or be cancelled, first.',
    INVALID_TOKEN: 'This validation code is not valid for you on this request.',
    TOO_MANY_ATTEMPTS:
      'Too many attempts: your code is locked, only a new e-mail (Resend request) unlocks it.',
    RATE_LIMITED: 'Too many requests: try again in a moment.',
    TASK_NOT_PENDING: 'This request is no longer open.',
    ALREADY_DECIDED: 'You have already answered this request.',
    WEAK_PASSWORD:
      'Password too weak: at least 8 characters, without your account ID or e-mail address.',
    WRONG_PASSWORD: 'The current password is wrong.',
    INTERNAL_ERROR: 'Something went wrong. Try again later.',
  },
};

export function errorText(lang: Language, code: ErrorCode): string {
  const text = ERROR_TEXT[lang][code];
  return lang === 'fr' ? frenchSpacing(text) : text;
}

/** Every error text, for the test that each code has words in both languages. */
export function errorTexts(lang: Language): Readonly<Record<ErrorCode, string>> {
  return ERROR_TEXT[lang];
}

const EVENT_LABEL: Record<Language, Record<string, string>> = {
  fr: {
    'service.created': 'Service créé',
    'service.contacts': 'Contacts modifiés',
    'request.created': 'Demande créée',
    'request.accepted': 'Demande acceptée',
    'request.refused': 'Demande refusée',
    'request.resent': 'E-mail renvoyé',
    'request.cancelled': 'Demande annulée',
    'request.expired': 'Demande expirée',
    'request.applied': 'Changement effectué',
    'request.failed': 'Changement en erreur',
    'token.rejected': 'Code de validation refusé',
    'email.queued': 'E-mail en file d’envoi',
    'email.sent': 'E-mail envoyé',
    'email.failed': 'E-mail non remis',
  },
  en: {
    'service.created': 'Service created',
    'service.contacts': 'Contacts changed',
    'request.created': 'Request made',
    'request.accepted': 'Request accepted',
    'request.refused': 'Request refused',
    'request.resent': 'E-mail resent',
    'request.cancelled': 'Request cancelled',
    'request.expired': 'Request expired',
    'request.applied': 'Change applied',
    'request.failed': 'Change failed',
    'token.rejected': 'Validation code rejected',
    'email.queued': 'E-mail queued',
    'email.sent': 'E-mail sent',
    'email.failed': 'E-mail not delivered',
  },
};

export function eventLabel(lang: Language, event: string): string {
  return EVENT_LABEL[lang][event] ?? event;
}

/** Dates as a person reads them, in UTC so that every reader sees the same moment. */
export function formatDate(lang: Language, iso: string | number | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return (
    new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(date) + ' UTC'
  );
}
