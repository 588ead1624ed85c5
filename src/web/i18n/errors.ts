import { defineMessages } from './define-messages.js';

/** The not-found, error and expired-form pages. */
export const errorsMessages = defineMessages({
  fr: {
    notFoundTitle: 'Page introuvable',
    notFoundText: 'Cette page n’existe pas, ou vous n’y avez pas accès.',
    errorTitle: 'Erreur',
    badFormTitle: 'Formulaire expiré',
    badForm:
      'Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et réessayez.',
    home: 'Retour à mes services',
  },
  en: {
    notFoundTitle: 'Page not found',
    notFoundText: 'This page does not exist, or you have no access to it.',
    errorTitle: 'Error',
    badFormTitle: 'Form expired',
    badForm: 'The form has expired or does not come from this page. Reload the page and try again.',
    home: 'Back to my services',
  },
});
