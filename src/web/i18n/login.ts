import { defineMessages } from './define-messages.js';

/** The login page and the header's session words. */
export const loginMessages = defineMessages({
  fr: {
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
  },
  en: {
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
  },
});
