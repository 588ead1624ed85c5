import { defineMessages } from './define-messages.js';

/** "Mon profil" (SPEC §6), the forgotten-password pages, and the hint on a request page. */
export const profileMessages = defineMessages({
  fr: {
    myProfile: 'Mon profil',
    profileIntro:
      'Les e-mails de contacthub (codes de validation, avis de changement) sont envoyés à l’adresse e-mail de votre profil.',
    profileAccountId: 'Identifiant',
    profileEmail: 'Adresse e-mail',
    profileEmailHelp:
      'Un code est envoyé à la nouvelle adresse ; elle remplace l’ancienne une fois le code confirmé. D’ici là, les e-mails partent à l’ancienne adresse.',
    profileName: 'Nom',
    profileLanguage: 'Langue',
    profileLanguageFr: 'Français',
    profileLanguageEn: 'English',
    profileSave: 'Enregistrer',
    profileChangeEmail: "Modifier l'adresse e-mail",
    profileSaved: 'Vos informations ont été enregistrées.',
    profileInvalid:
      'Saisie invalide : vérifiez le nom et l’adresse e-mail (une adresse différente de l’actuelle, ex. nom@exemple.fr).',
    profilePending:
      'Changement d’adresse en attente : un e-mail avec un code a été envoyé à {email}. Saisissez ce code ci-dessous pour confirmer la nouvelle adresse (valable jusqu’au {date}).',
    profilePendingLocked:
      'Trop de codes erronés : ce changement est bloqué. Abandonnez-le, puis demandez-en un nouveau.',
    profileConfirmEmail: 'Confirmer la nouvelle adresse',
    profileAbandon: 'Abandonner le changement',
    profileEmailDone:
      'Votre adresse e-mail est maintenant {email}. L’ancienne adresse en a été informée.',
    profileEmailAbandoned: 'Le changement d’adresse a été abandonné ; votre adresse reste {email}.',
    profilePasswordSection: 'Mot de passe',
    profileCurrentPassword: 'Mot de passe actuel',
    profileNewPassword: 'Nouveau mot de passe',
    profilePasswordHelp:
      'Au moins 8 caractères, sans votre identifiant ni votre adresse e-mail. Vos autres sessions seront fermées.',
    profileChangePassword: 'Changer le mot de passe',
    profilePasswordChanged:
      'Votre mot de passe a été changé ; vos autres sessions ont été fermées.',
    forgotPassword: 'Mot de passe oublié ?',
    forgotTitle: 'Mot de passe oublié',
    forgotIntro:
      'Indiquez votre identifiant : un lien pour choisir un nouveau mot de passe, valable une heure, sera envoyé à l’adresse e-mail de votre profil.',
    forgotSend: 'Envoyer le lien',
    forgotSent:
      'Si ce compte existe, un e-mail avec un lien valable une heure vient d’être envoyé à son adresse.',
    resetTitle: 'Choisir un nouveau mot de passe',
    resetSave: 'Enregistrer le mot de passe',
    resetInvalid: 'Ce lien n’est pas valable ou a expiré. Demandez-en un nouveau.',
    resetDone: 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.',
    backToLogin: 'Retour à la connexion',
    sentTo: 'L’e-mail de cette demande vous a été envoyé à {email}.',
    checkAddress: "Vous n'avez pas reçu l'e-mail ? Vérifiez votre adresse",
  },
  en: {
    myProfile: 'My profile',
    profileIntro:
      'contacthub’s e-mails (validation codes, change notices) are sent to the e-mail address of your profile.',
    profileAccountId: 'Account ID',
    profileEmail: 'E-mail address',
    profileEmailHelp:
      'A code is sent to the new address; it replaces the old one once the code is confirmed. Until then, e-mails go to the old address.',
    profileName: 'Name',
    profileLanguage: 'Language',
    profileLanguageFr: 'Français',
    profileLanguageEn: 'English',
    profileSave: 'Save',
    profileChangeEmail: 'Change e-mail address',
    profileSaved: 'Your details have been saved.',
    profileInvalid:
      'Invalid input: check the name and the e-mail address (an address other than the current one, e.g. name@example.com).',
    profilePending:
      'Address change pending: an e-mail with a code was sent to {email}. Enter that code below to confirm the new address (valid until {date}).',
    profilePendingLocked:
      'Too many wrong codes: this change is locked. Abandon it, then ask for a new one.',
    profileConfirmEmail: 'Confirm the new address',
    profileAbandon: 'Abandon the change',
    profileEmailDone: 'Your e-mail address is now {email}. The old address has been told.',
    profileEmailAbandoned: 'The address change was abandoned; your address stays {email}.',
    profilePasswordSection: 'Password',
    profileCurrentPassword: 'Current password',
    profileNewPassword: 'New password',
    profilePasswordHelp:
      'At least 8 characters, without your account ID or e-mail address. Your other sessions will be closed.',
    profileChangePassword: 'Change password',
    profilePasswordChanged: 'Your password has been changed; your other sessions were closed.',
    forgotPassword: 'Forgot password?',
    forgotTitle: 'Forgotten password',
    forgotIntro:
      'Enter your account ID: a link to choose a new password, valid one hour, will be sent to the e-mail address of your profile.',
    forgotSend: 'Send the link',
    forgotSent:
      'If this account exists, an e-mail with a link valid one hour has just been sent to its address.',
    resetTitle: 'Choose a new password',
    resetSave: 'Save the password',
    resetInvalid: 'This link is not valid or has expired. Ask for a new one.',
    resetDone: 'Your password has been changed. Log in with the new one.',
    backToLogin: 'Back to login',
    sentTo: 'The e-mail of this request was sent to you at {email}.',
    checkAddress: 'Didn’t get the e-mail? Check your address',
  },
});
