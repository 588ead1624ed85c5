import { defineMessages } from './define-messages.js';

/** What every page shows: the name, the skip link, the language switch, the menu. */
export const commonMessages = defineMessages({
  fr: {
    appName: 'contacthub',
    skipToContent: 'Aller au contenu',
    language: 'Langue',
    otherLanguage: 'English',
    otherLanguageCode: 'en',
    mainMenu: 'Menu principal',
  },
  en: {
    appName: 'contacthub',
    skipToContent: 'Skip to content',
    language: 'Language',
    otherLanguage: 'Français',
    otherLanguageCode: 'fr',
    mainMenu: 'Main menu',
  },
});
