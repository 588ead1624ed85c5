import { defineEmail, type EmailEnv } from '../email-content.js';

/** The e-mails of an account's profile (R19, R20): none is about a contact-change request. */
export type ProfileEmailTemplate = 'email-change-code' | 'email-changed' | 'password-reset';

/** The code of an e-mail change, sent to the new address. Never holds the code itself. */
export interface EmailChangeCodeParams {
  recipient: string;
  recipientName: string;
  emailChangeId: number;
  newEmail: string;
  /** ISO date. */
  expiresAt: string;
}

/** The notice to the old address once the change is done. */
export interface EmailChangedParams {
  recipient: string;
  recipientName: string;
  emailChangeId: number;
  newEmail: string;
}

/** The reset link of a forgotten password. Never holds the link's token. */
export interface PasswordResetParams {
  recipient: string;
  recipientName: string;
  /** ISO date. */
  expiresAt: string;
}

const base = (env: EmailEnv) => env.publicUrl.replace(/\/+$/, '');

/** The profile page with the e-mail change's code pre-filled; opening it never uses the code. */
export function emailChangeLink(publicUrl: string, id: number, token?: string): string {
  const url = `${publicUrl.replace(/\/+$/, '')}/account/profile?emailChange=${id}`;
  return token === undefined ? url : `${url}&token=${encodeURIComponent(token)}`;
}

/** The reset page of R20; the token is used only when a new password is posted with it. */
export function passwordResetLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/login/reset?token=${encodeURIComponent(token)}`;
}

const emailChangeCode = defineEmail<
  EmailChangeCodeParams,
  {
    subject: string;
    intro: (p: EmailChangeCodeParams) => string[];
    accountId: string;
    newAddress: string;
    validUntil: string;
    code: string;
    action: string;
    outro: string[];
  }
>({
  carriesToken: true,
  words: {
    fr: {
      subject: 'Confirmez votre nouvelle adresse e-mail',
      intro: (p) => [
        `Le compte ${p.recipient} a demandé que ses e-mails lui soient désormais envoyés à cette adresse (${p.newEmail}).`,
        'Pour confirmer, saisissez le code ci-dessous dans « Mon profil », ou ouvrez le lien : l’adresse ne change que lorsque vous cliquez sur « Confirmer la nouvelle adresse ».',
      ],
      accountId: 'Identifiant',
      newAddress: 'Nouvelle adresse',
      validUntil: 'Valable jusqu’au',
      code: 'Votre code de validation',
      action: 'Confirmer la nouvelle adresse',
      outro: [
        'Ce code est personnel et à usage unique : ne le communiquez à personne.',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : l’adresse du compte ne changera pas.',
      ],
    },
    en: {
      subject: 'Confirm your new e-mail address',
      intro: (p) => [
        `The account ${p.recipient} asked for its e-mails to be sent to this address (${p.newEmail}) from now on.`,
        'To confirm, enter the code below in “My profile”, or open the link: the address only changes when you click “Confirm the new address”.',
      ],
      accountId: 'Account ID',
      newAddress: 'New address',
      validUntil: 'Valid until',
      code: 'Your validation code',
      action: 'Confirm the new address',
      outro: [
        'This code is personal and works once: do not share it.',
        'If you did not ask for this, ignore this e-mail: the account’s address will not change.',
      ],
    },
  },
  body: (p, w, env) => ({
    subject: w.subject,
    intro: w.intro(p),
    facts: [
      [w.accountId, p.recipient],
      [w.newAddress, p.newEmail],
      [w.validUntil, env.date(p.expiresAt)],
    ],
    code: { label: w.code, value: env.token ?? '' },
    action: { label: w.action, url: emailChangeLink(base(env), p.emailChangeId, env.token) },
    outro: w.outro,
  }),
});

const emailChanged = defineEmail<
  EmailChangedParams,
  {
    subject: string;
    intro: (p: EmailChangedParams) => string[];
    accountId: string;
    newAddress: string;
    action: string;
    outro: string[];
  }
>({
  words: {
    fr: {
      subject: 'L’adresse e-mail de votre compte a été modifiée',
      intro: (p) => [
        `L’adresse e-mail du compte ${p.recipient} est désormais ${p.newEmail}, confirmée avec le code envoyé à cette adresse. Les e-mails de contacthub, dont les codes de validation, y seront envoyés ; celui-ci est le dernier envoyé à cette adresse-ci.`,
      ],
      accountId: 'Identifiant',
      newAddress: 'Nouvelle adresse',
      action: 'Ouvrir Mon profil',
      outro: [
        'Si vous n’êtes pas à l’origine de ce changement, changez votre mot de passe et contactez le support.',
      ],
    },
    en: {
      subject: 'The e-mail address of your account was changed',
      intro: (p) => [
        `The e-mail address of the account ${p.recipient} is now ${p.newEmail}, confirmed with the code sent to that address. contacthub’s e-mails, validation codes included, will go there; this one is the last sent to this address.`,
      ],
      accountId: 'Account ID',
      newAddress: 'New address',
      action: 'Open My profile',
      outro: ['If you did not make this change, change your password and contact support.'],
    },
  },
  body: (p, w, env) => ({
    subject: w.subject,
    intro: w.intro(p),
    facts: [
      [w.accountId, p.recipient],
      [w.newAddress, p.newEmail],
    ],
    action: { label: w.action, url: `${base(env)}/account/profile` },
    outro: w.outro,
  }),
});

const passwordReset = defineEmail<
  PasswordResetParams,
  {
    subject: string;
    intro: (p: PasswordResetParams) => string[];
    accountId: string;
    validUntil: string;
    action: string;
    outro: string[];
  }
>({
  carriesToken: true,
  words: {
    fr: {
      subject: 'Choisissez un nouveau mot de passe',
      intro: (p) => [
        `Une réinitialisation du mot de passe du compte ${p.recipient} a été demandée (« Mot de passe oublié ? »).`,
        'Ouvrez le lien ci-dessous pour choisir un nouveau mot de passe. Toutes les sessions ouvertes du compte seront fermées.',
      ],
      accountId: 'Identifiant',
      validUntil: 'Valable jusqu’au',
      action: 'Choisir un nouveau mot de passe',
      outro: [
        'Ce lien ne fonctionne qu’une fois, pendant une heure. Ne le communiquez à personne.',
        'Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas.',
      ],
    },
    en: {
      subject: 'Choose a new password',
      intro: (p) => [
        `A password reset was asked for the account ${p.recipient} (“Forgot password?”).`,
        'Open the link below to choose a new password. Every open session of the account will be closed.',
      ],
      accountId: 'Account ID',
      validUntil: 'Valid until',
      action: 'Choose a new password',
      outro: [
        'This link works once, for one hour. Do not share it.',
        'If you did not ask for this, ignore this e-mail: your password does not change.',
      ],
    },
  },
  body: (p, w, env) => ({
    subject: w.subject,
    intro: w.intro(p),
    facts: [
      [w.accountId, p.recipient],
      [w.validUntil, env.date(p.expiresAt)],
    ],
    action: { label: w.action, url: passwordResetLink(base(env), env.token ?? '') },
    outro: w.outro,
  }),
});

export const PROFILE_EMAILS = {
  'email-change-code': emailChangeCode,
  'email-changed': emailChanged,
  'password-reset': passwordReset,
};
