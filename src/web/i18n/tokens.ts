import { defineMessages } from './define-messages.js';

/** The API tokens page. */
export const tokensMessages = defineMessages({
  fr: {
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
  },
  en: {
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
  },
});
