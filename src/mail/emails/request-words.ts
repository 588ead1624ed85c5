import type { Language } from '../../platform/database/schema.js';
import type { ContactType } from '../../services/roles.js';
import type { RequestEmailParams } from './request-emails.js';

/*
 * The words of the request e-mails (request-emails.ts), both languages side by side in the same
 * shape: what a translator edits.
 */

/** The values a request e-mail's sentences use, already in the recipient's language. */
export interface RequestView {
  p: RequestEmailParams;
  /** "example.com (domain)". */
  service: string;
  /** The roles in words: "contact technique et contact facturation". */
  roles: string;
  /** The expiry date in the language's words. */
  expiry: string;
  /** The recipient's language, for words made elsewhere (a failure's reason). */
  language: Language;
}

export type Sentences = {
  subject: (v: RequestView) => string;
  intro: (v: RequestView) => string[];
};

export interface RequestWords {
  roleNames: Record<ContactType, string>;
  /** Joins role names: "a et b", "a, b and c". */
  conjunction: string;
  request: [label: string, value: (id: number) => string];
  contactTypes: string;
  contactToChange: string;
  requestedContact: string;
  requestedBy: string;
  seeRequest: string;
  validUntil: string;
  code: string;
  answer: string;
  codeNotes: string[];
  created: Sentences;
  resent: Sentences;
  done: Sentences;
  refused: Sentences & { by: string };
  aborted: Sentences & { by: string };
  expired: Sentences & { on: string };
  failed: Sentences & { reason: string; outro: string[] };
}

export const REQUEST_WORDS: { fr: RequestWords; en: RequestWords } = {
  fr: {
    roleNames: {
      contactAdmin: 'contact administrateur',
      contactTech: 'contact technique',
      contactBilling: 'contact facturation',
    },
    conjunction: 'et',
    request: ['Demande', (id) => `n° ${id}`],
    contactTypes: 'Types de contact',
    contactToChange: 'Contact à modifier',
    requestedContact: 'Contact demandé',
    requestedBy: 'Demandé par',
    seeRequest: 'Voir la demande',
    validUntil: 'Valable jusqu’au',
    code: 'Votre code de validation',
    answer: 'Accepter ou refuser la demande',
    codeNotes: [
      'Le lien ouvre la demande dans votre espace client avec le code prérempli ; la demande n’est acceptée ou refusée que lorsque vous cliquez sur « Accepter la demande » ou « Refuser la demande ».',
      'Ce code est personnel et à usage unique : ne le communiquez à personne. Si vous ne reconnaissez pas cette demande, refusez-la.',
    ],
    created: {
      subject: ({ p }) =>
        `Changement de contact pour ${p.serviceName} : votre validation est requise (demande n° ${p.requestId})`,
      intro: ({ p, service, roles }) => [
        `${p.askingAccount} a demandé que ${p.toAccount} remplace ${p.fromAccount} comme ${roles} du service ${service}.`,
        'Votre validation est nécessaire pour que ce changement ait lieu. Acceptez ou refusez la demande dans l’onglet « Mes demandes » de la gestion des contacts avec le code ci-dessous, ou ouvrez directement le lien.',
      ],
    },
    resent: {
      subject: ({ p }) =>
        `Nouveau code de validation pour la demande n° ${p.requestId} (${p.serviceName})`,
      intro: ({ p, service }) => [
        `Voici un nouveau code de validation pour la demande de changement de contact n° ${p.requestId} du service ${service}.`,
        'Le code envoyé précédemment ne fonctionne plus.',
      ],
    },
    done: {
      subject: ({ p }) =>
        `Changement de contact effectué pour ${p.serviceName} (demande n° ${p.requestId})`,
      intro: ({ p, service, roles }) => [
        `La demande n° ${p.requestId} a été validée par tous les contacts et traitée : ${p.toAccount} est désormais ${roles} du service ${service}, à la place de ${p.fromAccount}.`,
      ],
    },
    refused: {
      subject: ({ p }) =>
        `Demande de changement de contact refusée pour ${p.serviceName} (n° ${p.requestId})`,
      intro: ({ p, service }) => [
        `${p.actor ?? 'Un contact'} a refusé la demande n° ${p.requestId}. Les contacts du service ${service} restent inchangés.`,
      ],
      by: 'Refusée par',
    },
    aborted: {
      subject: ({ p }) =>
        `Demande de changement de contact annulée pour ${p.serviceName} (n° ${p.requestId})`,
      intro: ({ p, service }) => [
        `${p.actor ?? p.askingAccount} a annulé la demande n° ${p.requestId}. Les contacts du service ${service} restent inchangés et les codes de validation envoyés ne fonctionnent plus.`,
      ],
      by: 'Annulée par',
    },
    expired: {
      subject: ({ p }) =>
        `Demande de changement de contact expirée pour ${p.serviceName} (n° ${p.requestId})`,
      intro: ({ p, service, expiry }) => [
        `La demande n° ${p.requestId} n’a pas été validée par tous les contacts avant le ${expiry} : elle a expiré. Les contacts du service ${service} restent inchangés ; une nouvelle demande peut être faite.`,
      ],
      on: 'Date d’expiration',
    },
    failed: {
      subject: ({ p }) =>
        `Le changement de contact n’a pas pu être effectué pour ${p.serviceName} (demande n° ${p.requestId})`,
      intro: ({ p, service }) => [
        `La demande n° ${p.requestId} avait été validée, mais la vérification finale a échoué. Aucun contact du service ${service} n’a été modifié.`,
      ],
      reason: 'Raison',
      outro: ['Vous pouvez faire une nouvelle demande une fois la situation régularisée.'],
    },
  },
  en: {
    roleNames: {
      contactAdmin: 'administrator contact',
      contactTech: 'technical contact',
      contactBilling: 'billing contact',
    },
    conjunction: 'and',
    request: ['Request', (id) => `#${id}`],
    contactTypes: 'Contact types',
    contactToChange: 'Contact to change',
    requestedContact: 'Requested contact',
    requestedBy: 'Requested by',
    seeRequest: 'View the request',
    validUntil: 'Valid until',
    code: 'Your validation code',
    answer: 'Accept or refuse the request',
    codeNotes: [
      'The link opens the request in your control panel with the code filled in; the request is only accepted or refused when you click “Accept request” or “Refuse request”.',
      'This code is personal and works once: do not share it. If you do not recognise this request, refuse it.',
    ],
    created: {
      subject: ({ p }) =>
        `Contact change for ${p.serviceName}: your validation is needed (request #${p.requestId})`,
      intro: ({ p, service, roles }) => [
        `${p.askingAccount} asked for ${p.toAccount} to replace ${p.fromAccount} as ${roles} of the service ${service}.`,
        'Your validation is needed for this change to happen. Accept or refuse the request in the “My requests” tab of contact management with the code below, or open the link directly.',
      ],
    },
    resent: {
      subject: ({ p }) => `New validation code for request #${p.requestId} (${p.serviceName})`,
      intro: ({ p, service }) => [
        `Here is a new validation code for contact change request #${p.requestId} of the service ${service}.`,
        'The code sent before no longer works.',
      ],
    },
    done: {
      subject: ({ p }) => `Contact change done for ${p.serviceName} (request #${p.requestId})`,
      intro: ({ p, service, roles }) => [
        `Request #${p.requestId} was validated by every contact and carried out: ${p.toAccount} is now ${roles} of the service ${service}, in place of ${p.fromAccount}.`,
      ],
    },
    refused: {
      subject: ({ p }) => `Contact change request refused for ${p.serviceName} (#${p.requestId})`,
      intro: ({ p, service }) => [
        `${p.actor ?? 'A contact'} refused request #${p.requestId}. The contacts of the service ${service} stay as they were.`,
      ],
      by: 'Refused by',
    },
    aborted: {
      subject: ({ p }) => `Contact change request cancelled for ${p.serviceName} (#${p.requestId})`,
      intro: ({ p, service }) => [
        `${p.actor ?? p.askingAccount} cancelled request #${p.requestId}. The contacts of the service ${service} stay as they were, and the validation codes sent no longer work.`,
      ],
      by: 'Cancelled by',
    },
    expired: {
      subject: ({ p }) => `Contact change request expired for ${p.serviceName} (#${p.requestId})`,
      intro: ({ p, service, expiry }) => [
        `Request #${p.requestId} was not validated by every contact before ${expiry}, so it has expired. The contacts of the service ${service} stay as they were; a new request may be made.`,
      ],
      on: 'Expired on',
    },
    failed: {
      subject: ({ p }) =>
        `Contact change could not be carried out for ${p.serviceName} (request #${p.requestId})`,
      intro: ({ p, service }) => [
        `Request #${p.requestId} had been validated, but the final check failed. No contact of the service ${service} was changed.`,
      ],
      reason: 'Reason',
      outro: ['You may make a new request once the situation is settled.'],
    },
  },
};
