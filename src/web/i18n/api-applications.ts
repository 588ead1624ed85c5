import { defineMessages } from './define-messages.js';

/** The API applications (OAuth2 client credentials) section of the API page (SPEC §10). */
export const apiApplicationsMessages = defineMessages({
  fr: {
    appsTitle: 'Applications API (OAuth2)',
    appsIntro:
      'Une application reçoit un identifiant client et un secret, avec lesquels vos programmes (dont les clients d’OVHcloud) obtiennent des jetons d’accès de courte durée sur {tokenUrl}.',
    apiAppName: 'Nom de l’application',
    createApp: 'Créer une application',
    appCreated:
      'Voici l’application « {name} ». Copiez son secret maintenant : il ne sera plus jamais affiché.',
    clientId: 'Identifiant client',
    clientSecret: 'Secret client',
    revokeApp: 'Révoquer l’application {name}',
    appRevoked: 'L’application est révoquée : son secret et ses jetons d’accès ne marchent plus.',
    noApps: 'Aucune application.',
  },
  en: {
    appsTitle: 'API applications (OAuth2)',
    appsIntro:
      'An application gets a client id and a secret, with which your programs (OVHcloud’s clients among them) get short-lived access tokens at {tokenUrl}.',
    apiAppName: 'Application name',
    createApp: 'Create an application',
    appCreated:
      'Here is the application “{name}”. Copy its secret now: it will never be shown again.',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    revokeApp: 'Revoke application {name}',
    appRevoked: 'The application is revoked: its secret and its access tokens no longer work.',
    noApps: 'No application.',
  },
});
