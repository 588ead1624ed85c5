import type { ChangeState, Language, ServiceStatus } from '../platform/database/schema.js';
import type { ErrorCode } from '../shared/errors.js';
import type { Role } from '../services/roles.js';

export type { Language };
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'en';
}

/**
 * Every word the web pages show, in both languages. The French labels of SPEC §6 are the guide's
 * and are also the accessible names of the controls: tests find the controls by them.
 */
const fr = {
  appName: 'contacthub',
  skipToContent: 'Aller au contenu',
  language: 'Langue',
  otherLanguage: 'English',
  otherLanguageCode: 'en',
  mainMenu: 'Menu principal',
  // login
  loginTitle: 'Connexion',
  loginIntro:
    'Connectez-vous avec votre identifiant client pour gérer les contacts de vos services.',
  accountId: 'Identifiant',
  password: 'Mot de passe',
  logIn: 'Se connecter',
  logOut: 'Se déconnecter',
  loggedInAs: 'Connecté en tant que',
  wrongLogin: 'Identifiant ou mot de passe incorrect.',
  loginToContinue: 'Connectez-vous pour ouvrir cette page.',
  loggedOut: 'Vous êtes déconnecté.',
  // contacts
  contactManagement: 'Gestion des contacts',
  myServices: 'Mes services',
  myRequests: 'Mes demandes',
  apiTokens: 'Jetons d’API',
  serviceName: 'Nom du service',
  service: 'Service',
  contactAdmin: 'Contact administrateur',
  contactTech: 'Contact technique',
  contactBilling: 'Contact facturation',
  actions: 'Actions',
  modifyContacts: 'Modifier les contacts',
  history: 'Historique',
  you: 'vous',
  yourRole: 'Votre rôle',
  search: 'Rechercher un service',
  searchPlaceholder: 'ex. mondomaine.fr',
  serviceType: 'Type de service',
  role: 'Mon rôle',
  allTypes: 'Tous les types',
  allRoles: 'Tous les rôles',
  filter: 'Filtrer',
  resetFilters: 'Effacer les filtres',
  nextPage: 'Page suivante',
  firstPage: 'Première page',
  exportCsv: 'Exporter en CSV',
  noServices: 'Aucun service ne correspond.',
  servicesCaption: 'Services dont vous êtes contact',
  status: 'Statut',
  // edit
  editTitle: 'Modifier les contacts de {service}',
  editIntro:
    'Renseignez l’identifiant client du ou des nouveaux contacts souhaités puis cliquez sur Valider.',
  validate: 'Valider',
  back: 'Retour',
  notEditable: 'Vous ne pouvez pas modifier ce contact.',
  whoValidatesAdmin:
    'En qualité de contact administrateur, vous pouvez nommer un nouveau contact technique et/ou facturation, reprendre vous-même leur gestion (indiquez alors votre propre identifiant), ou désigner un nouveau contact administrateur à votre place.',
  whoValidatesTech:
    'En qualité de contact technique, vous pouvez uniquement désigner un autre contact technique pour vous remplacer.',
  whoValidatesBilling:
    'En qualité de contact facturation, vous pouvez uniquement désigner un autre contact facturation pour vous remplacer.',
  whoValidatesBoth:
    'Une validation de votre part ({me}) ainsi que de celle du nouveau contact seront nécessaires, chacun avec le code de validation reçu par e-mail. Si vous vous nommez vous-même, vous seul validez. L’ancien contact recevra un e-mail l’informant de la modification une fois celle-ci terminée.',
  unpaidSelf:
    'Vous n’êtes pas à jour de vos règlements : le contact facturation ne peut pas être changé tant qu’une facture reste impayée.',
  unpaidOther:
    'Le contact facturation actuel ({account}) n’est pas à jour de ses règlements : le contact facturation ne peut pas être changé tant qu’une facture reste impayée.',
  unpaidRule:
    'L’ancien et le nouveau contact facturation doivent être exempts de toute facture impayée.',
  pendingFor: 'Une demande est déjà en cours pour ce contact (demande n° {id}).',
  noChange: 'Renseignez au moins un nouveau contact différent du contact actuel.',
  requestsMade: 'Votre demande a été enregistrée.',
  requestMadeLine:
    'Demande n° {id} pour {service} : contact {types} de {from} vers {to}. Un e-mail a été envoyé à {validators}.',
  // requests
  requestId: 'Identifiant / date d’envoi',
  contactToChange: 'Contact à modifier',
  requestedContact: 'Contact demandé',
  contactTypes: 'Types de contact',
  state: 'État',
  stateFilter: 'État de la demande',
  allStates: 'Tous les états',
  noRequests: 'Aucune demande.',
  requestsCaption: 'Demandes où vous êtes impliqué, les plus récentes d’abord',
  open: 'Ouvrir',
  requestTitle: 'Demande n° {id}',
  askedBy: 'Demandée par',
  sentOn: 'Envoyée le',
  expiresOn: 'Expire le',
  doneOn: 'Terminée le',
  validations: 'Validations',
  validationCode: 'Code de validation',
  validationCodeHelp:
    'Le code de validation est personnel et à usage unique ; il figure dans l’e-mail reçu.',
  acceptRequest: 'Accepter la demande',
  refuseRequest: 'Refuser la demande',
  resendRequest: 'Renvoyer la demande',
  cancelRequest: 'Annuler la demande',
  waitingFor: 'La demande est toujours en attente de validation par l’autre contact : {who}.',
  waitingForYou: 'Votre validation est attendue.',
  validationPending: 'en attente',
  validationAccepted: 'acceptée',
  validationRefused: 'refusée',
  accepted: 'Vous avez accepté la demande n° {id}.',
  acceptedAll:
    'Vous avez accepté la demande n° {id}. Tous les contacts l’ont validée : le changement sera effectif sous quelques instants.',
  refused: 'Vous avez refusé la demande n° {id}. Tous les contacts en sont informés par e-mail.',
  resent: 'Un nouvel e-mail a été envoyé à {who}. L’ancien code ne fonctionne plus.',
  cancelled: 'La demande n° {id} est annulée. Tous les contacts en sont informés par e-mail.',
  errorReason: 'Raison',
  refresh: 'Actualiser',
  // history
  historyTitle: 'Historique des contacts de {service}',
  whoHeld: 'Qui a tenu quel rôle',
  from: 'Du',
  to: 'Au',
  today: 'aujourd’hui',
  changedBy: 'Changé par',
  creation: 'création du service',
  events: 'Événements',
  date: 'Date',
  event: 'Événement',
  actor: 'Auteur',
  details: 'Détails',
  request: 'Demande',
  asOf: 'Contacts à une date',
  asOfDate: 'Date',
  show: 'Afficher',
  asOfResult: 'Le {date}, les contacts étaient :',
  asOfNone: 'Le service n’existait pas encore à cette date.',
  system: 'système',
  // tokens
  tokensTitle: 'Jetons d’API',
  tokensIntro:
    'Un jeton d’API permet à vos programmes d’utiliser l’API de contacthub en votre nom (en-tête Authorization: Bearer).',
  tokenName: 'Nom du jeton',
  createToken: 'Créer un jeton',
  tokenCreated:
    'Voici votre nouveau jeton « {name} ». Copiez-le maintenant : il ne sera plus jamais affiché.',
  newToken: 'Nouveau jeton',
  name: 'Nom',
  createdOn: 'Créé le',
  lastUsed: 'Dernière utilisation',
  never: 'jamais',
  revoke: 'Révoquer',
  revokeNamed: 'Révoquer le jeton {name}',
  revoked: 'Le jeton est révoqué.',
  noTokens: 'Aucun jeton.',
  // errors
  notFoundTitle: 'Page introuvable',
  notFoundText: 'Cette page n’existe pas, ou vous n’y avez pas accès.',
  errorTitle: 'Erreur',
  badFormTitle: 'Formulaire expiré',
  badForm: 'Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et réessayez.',
  home: 'Retour à mes services',
} as const;

export type MessageKey = keyof typeof fr;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  appName: 'contacthub',
  skipToContent: 'Skip to content',
  language: 'Language',
  otherLanguage: 'Français',
  otherLanguageCode: 'fr',
  mainMenu: 'Main menu',
  loginTitle: 'Log in',
  loginIntro: 'Log in with your account ID to manage the contacts of your services.',
  accountId: 'Account ID',
  password: 'Password',
  logIn: 'Log in',
  logOut: 'Log out',
  loggedInAs: 'Logged in as',
  wrongLogin: 'Wrong account ID or password.',
  loginToContinue: 'Log in to open this page.',
  loggedOut: 'You are logged out.',
  contactManagement: 'Contact management',
  myServices: 'My services',
  myRequests: 'My requests',
  apiTokens: 'API tokens',
  serviceName: 'Service name',
  service: 'Service',
  contactAdmin: 'Administrator contact',
  contactTech: 'Technical contact',
  contactBilling: 'Billing contact',
  actions: 'Actions',
  modifyContacts: 'Modify contacts',
  history: 'History',
  you: 'you',
  yourRole: 'Your role',
  search: 'Search a service',
  searchPlaceholder: 'e.g. mydomain.com',
  serviceType: 'Service type',
  role: 'My role',
  allTypes: 'All types',
  allRoles: 'All roles',
  filter: 'Filter',
  resetFilters: 'Clear filters',
  nextPage: 'Next page',
  firstPage: 'First page',
  exportCsv: 'Export as CSV',
  noServices: 'No service matches.',
  servicesCaption: 'Services you are a contact of',
  status: 'Status',
  editTitle: 'Modify the contacts of {service}',
  editIntro: 'Enter the account ID of the new contact or contacts, then click Validate.',
  validate: 'Validate',
  back: 'Back',
  notEditable: 'You may not change this contact.',
  whoValidatesAdmin:
    'As administrator contact you may name a new technical and/or billing contact, take them back yourself (enter your own account ID), or name a new administrator contact in your place.',
  whoValidatesTech:
    'As technical contact you may only name another technical contact in your place.',
  whoValidatesBilling:
    'As billing contact you may only name another billing contact in your place.',
  whoValidatesBoth:
    'You ({me}) and the new contact will both have to validate, each with the validation code received by e-mail. If you name yourself, you alone validate. The former contact gets an e-mail once the change is done.',
  unpaidSelf:
    'You are not up to date with your payments: the billing contact cannot change while an invoice is unpaid.',
  unpaidOther:
    'The current billing contact ({account}) is not up to date with its payments: the billing contact cannot change while an invoice is unpaid.',
  unpaidRule: 'The former and the new billing contact must have no unpaid invoice.',
  pendingFor: 'A request is already open for this contact (request {id}).',
  noChange: 'Enter at least one new contact different from the current one.',
  requestsMade: 'Your request has been recorded.',
  requestMadeLine:
    'Request {id} for {service}: {types} contact from {from} to {to}. An e-mail was sent to {validators}.',
  requestId: 'ID / date sent',
  contactToChange: 'Contact to change',
  requestedContact: 'Requested contact',
  contactTypes: 'Contact types',
  state: 'Status',
  stateFilter: 'Request status',
  allStates: 'All statuses',
  noRequests: 'No request.',
  requestsCaption: 'Requests you are involved in, newest first',
  open: 'Open',
  requestTitle: 'Request {id}',
  askedBy: 'Asked by',
  sentOn: 'Sent on',
  expiresOn: 'Expires on',
  doneOn: 'Ended on',
  validations: 'Validations',
  validationCode: 'Validation code',
  validationCodeHelp:
    'The validation code is personal and single-use; you find it in the e-mail you received.',
  acceptRequest: 'Accept request',
  refuseRequest: 'Refuse request',
  resendRequest: 'Resend request',
  cancelRequest: 'Cancel request',
  waitingFor: 'The request is still waiting for the other contact to validate: {who}.',
  waitingForYou: 'Your validation is awaited.',
  validationPending: 'pending',
  validationAccepted: 'accepted',
  validationRefused: 'refused',
  accepted: 'You accepted request {id}.',
  acceptedAll:
    'You accepted request {id}. Every contact has validated it: the change takes effect in a few moments.',
  refused: 'You refused request {id}. Every contact is told by e-mail.',
  resent: 'A new e-mail was sent to {who}. The former code no longer works.',
  cancelled: 'Request {id} is cancelled. Every contact is told by e-mail.',
  errorReason: 'Reason',
  refresh: 'Refresh',
  historyTitle: 'Contact history of {service}',
  whoHeld: 'Who held which role',
  from: 'From',
  to: 'To',
  today: 'today',
  changedBy: 'Changed by',
  creation: 'service created',
  events: 'Events',
  date: 'Date',
  event: 'Event',
  actor: 'Actor',
  details: 'Details',
  request: 'Request',
  asOf: 'Contacts on a date',
  asOfDate: 'Date',
  show: 'Show',
  asOfResult: 'On {date}, the contacts were:',
  asOfNone: 'The service did not exist yet on that date.',
  system: 'system',
  tokensTitle: 'API tokens',
  tokensIntro:
    'An API token lets your programs use the contacthub API on your behalf (header Authorization: Bearer).',
  tokenName: 'Token name',
  createToken: 'Create a token',
  tokenCreated: 'Here is your new token “{name}”. Copy it now: it will never be shown again.',
  newToken: 'New token',
  name: 'Name',
  createdOn: 'Created on',
  lastUsed: 'Last used',
  never: 'never',
  revoke: 'Revoke',
  revokeNamed: 'Revoke token {name}',
  revoked: 'The token is revoked.',
  noTokens: 'No token.',
  notFoundTitle: 'Page not found',
  notFoundText: 'This page does not exist, or you have no access to it.',
  errorTitle: 'Error',
  badFormTitle: 'Form expired',
  badForm: 'The form has expired or does not come from this page. Reload the page and try again.',
  home: 'Back to my services',
};

const DICTIONARIES: Record<Language, Dictionary> = { fr, en };

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
      'Trop de tentatives : attendez un peu, ou redemandez l’envoi de l’e-mail (Renvoyer la demande).',
    RATE_LIMITED: 'Trop de requêtes : réessayez dans un instant.',
    TASK_NOT_PENDING: 'Cette demande n’est plus en cours.',
    ALREADY_DECIDED: 'Vous avez déjà répondu à cette demande.',
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
      'Too many attempts: wait a little, or ask for the e-mail again (Resend request).',
    RATE_LIMITED: 'Too many requests: try again in a moment.',
    TASK_NOT_PENDING: 'This request is no longer open.',
    ALREADY_DECIDED: 'You have already answered this request.',
    INTERNAL_ERROR: 'Something went wrong. Try again later.',
  },
};

export function errorText(lang: Language, code: ErrorCode): string {
  return ERROR_TEXT[lang][code];
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
