import type { EmailContent, EmailCopy, EmailView } from './email-content.js';

const SIGNATURE = 'L’équipe contacthub — e-mail automatique, merci de ne pas y répondre.';

function base(view: EmailView): Pick<EmailContent, 'greeting' | 'signature'> {
  return { greeting: `Bonjour ${view.params.recipientName},`, signature: SIGNATURE };
}

/** The details every e-mail about a request shows. */
function facts(view: EmailView, ...extra: [string, string][]): [string, string][] {
  const p = view.params;
  return [
    ['Demande', `n° ${p.requestId}`],
    ['Service', view.service],
    ['Types de contact', view.roles],
    ['Contact à modifier', p.fromAccount],
    ['Contact demandé', p.toAccount],
    ['Demandé par', p.askingAccount],
    ...extra,
  ];
}

const seeRequest = (view: EmailView) => ({ label: 'Voir la demande', url: view.link });

function tokenEmail(view: EmailView, subject: string, intro: string[]): EmailContent {
  return {
    ...base(view),
    subject,
    intro,
    facts: facts(view, ['Valable jusqu’au', view.expiry]),
    code: { label: 'Votre code de validation', value: view.token ?? '' },
    action: { label: 'Accepter ou refuser la demande', url: view.link },
    outro: [
      'Le lien ouvre la demande dans votre espace client avec le code prérempli ; la demande n’est acceptée ou refusée que lorsque vous cliquez sur « Accepter la demande » ou « Refuser la demande ».',
      'Ce code est personnel et à usage unique : ne le communiquez à personne. Si vous ne reconnaissez pas cette demande, refusez-la.',
    ],
  };
}

export const FRENCH: EmailCopy = {
  locale: 'fr-FR',
  roleNames: {
    contactAdmin: 'contact administrateur',
    contactTech: 'contact technique',
    contactBilling: 'contact facturation',
  },
  conjunction: 'et',
  templates: {
    'request-created': (view) => {
      const p = view.params;
      return tokenEmail(
        view,
        `Changement de contact pour ${p.serviceName} : votre validation est requise (demande n° ${p.requestId})`,
        [
          `${p.askingAccount} a demandé que ${p.toAccount} remplace ${p.fromAccount} comme ${view.roles} du service ${view.service}.`,
          'Votre validation est nécessaire pour que ce changement ait lieu. Acceptez ou refusez la demande dans l’onglet « Mes demandes » de la gestion des contacts avec le code ci-dessous, ou ouvrez directement le lien.',
        ],
      );
    },
    'token-resent': (view) => {
      const p = view.params;
      return tokenEmail(
        view,
        `Nouveau code de validation pour la demande n° ${p.requestId} (${p.serviceName})`,
        [
          `Voici un nouveau code de validation pour la demande de changement de contact n° ${p.requestId} du service ${view.service}.`,
          'Le code envoyé précédemment ne fonctionne plus.',
        ],
      );
    },
    'request-done': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Changement de contact effectué pour ${p.serviceName} (demande n° ${p.requestId})`,
        intro: [
          `La demande n° ${p.requestId} a été validée par tous les contacts et traitée : ${p.toAccount} est désormais ${view.roles} du service ${view.service}, à la place de ${p.fromAccount}.`,
        ],
        facts: facts(view),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-refused': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Demande de changement de contact refusée pour ${p.serviceName} (n° ${p.requestId})`,
        intro: [
          `${p.actor ?? 'Un contact'} a refusé la demande n° ${p.requestId}. Les contacts du service ${view.service} restent inchangés.`,
        ],
        facts: facts(view, ['Refusée par', p.actor ?? '—']),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-aborted': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Demande de changement de contact annulée pour ${p.serviceName} (n° ${p.requestId})`,
        intro: [
          `${p.actor ?? p.askingAccount} a annulé la demande n° ${p.requestId}. Les contacts du service ${view.service} restent inchangés et les codes de validation envoyés ne fonctionnent plus.`,
        ],
        facts: facts(view, ['Annulée par', p.actor ?? p.askingAccount]),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-expired': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Demande de changement de contact expirée pour ${p.serviceName} (n° ${p.requestId})`,
        intro: [
          `La demande n° ${p.requestId} n’a pas été validée par tous les contacts avant le ${view.expiry} : elle a expiré. Les contacts du service ${view.service} restent inchangés ; une nouvelle demande peut être faite.`,
        ],
        facts: facts(view, ['Date d’expiration', view.expiry]),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-failed': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Le changement de contact n’a pas pu être effectué pour ${p.serviceName} (demande n° ${p.requestId})`,
        intro: [
          `La demande n° ${p.requestId} avait été validée, mais la vérification finale a échoué. Aucun contact du service ${view.service} n’a été modifié.`,
        ],
        facts: facts(view, ['Raison', p.reason ?? '—']),
        action: seeRequest(view),
        outro: ['Vous pouvez faire une nouvelle demande une fois la situation régularisée.'],
      };
    },
  },
};
