import { defineEmail } from '../email-content.js';

/**
 * "Your e-mail address was changed by your provider": sent to both the old and the new address
 * when an operator sets it (PATCH /api/admin/accounts/{nichandle}, issue 26), so that the owner
 * of the old one learns of it even if the change was not theirs.
 */
export interface AddressChangedParams {
  recipientName: string;
  nichandle: string;
  previousEmail: string;
  newEmail: string;
  /** Which of the two addresses this copy goes to. */
  to: 'previous' | 'new';
}

interface Words {
  subject: (p: AddressChangedParams) => string;
  intro: (p: AddressChangedParams) => string[];
  account: string;
  previous: string;
  current: string;
  profile: string;
  notYou: string;
}

export const ADDRESS_CHANGED = defineEmail<AddressChangedParams, Words>({
  words: {
    fr: {
      subject: (p) => `L’adresse e-mail du compte ${p.nichandle} a été modifiée`,
      intro: (p) => [
        `L’adresse e-mail du compte ${p.nichandle} a été modifiée par votre fournisseur : elle est désormais ${p.newEmail} (auparavant ${p.previousEmail}).`,
        p.to === 'previous'
          ? 'Les prochains e-mails de ce compte, dont les codes de validation, iront à la nouvelle adresse.'
          : 'Les prochains e-mails de ce compte, dont les codes de validation, vous parviendront à cette adresse.',
      ],
      account: 'Compte',
      previous: 'Ancienne adresse',
      current: 'Nouvelle adresse',
      profile: 'Voir mon profil',
      notYou:
        'Si vous n’êtes pas à l’origine de cette modification, contactez sans tarder le support de votre fournisseur.',
    },
    en: {
      subject: (p) => `The e-mail address of account ${p.nichandle} was changed`,
      intro: (p) => [
        `The e-mail address of account ${p.nichandle} was changed by your provider: it is now ${p.newEmail} (it was ${p.previousEmail}).`,
        p.to === 'previous'
          ? 'The next e-mails of this account, validation codes included, will go to the new address.'
          : 'The next e-mails of this account, validation codes included, will reach you at this address.',
      ],
      account: 'Account',
      previous: 'Previous address',
      current: 'New address',
      profile: 'See my profile',
      notYou: 'If you did not ask for this change, contact your provider’s support at once.',
    },
  },
  body: (p, w, env) => ({
    subject: w.subject(p),
    intro: w.intro(p),
    facts: [
      [w.account, p.nichandle],
      [w.previous, p.previousEmail],
      [w.current, p.newEmail],
    ],
    action: { label: w.profile, url: `${env.publicUrl.replace(/\/+$/, '')}/account/profile` },
    outro: [w.notYou],
  }),
});
