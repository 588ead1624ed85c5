import { defineMessages } from './define-messages.js';

/** The form that asks for new contacts of a service (R2–R8) and what it says once sent. */
export const editContactsMessages = defineMessages({
  fr: {
    editTitle: 'Modifier les contacts de {service}',
    editIntro:
      'Renseignez l’identifiant client du ou des nouveaux contacts souhaités puis cliquez sur Valider.',
    validate: 'Valider',
    back: 'Retour',
    notEditable: 'Vous ne pouvez pas modifier ce contact.',
    whoValidatesAdmin:
      'En qualité de contact administrateur, vous pouvez nommer un nouveau contact technique et/ou facturation, reprendre vous-même leur gestion (indiquez alors votre propre identifiant), ou désigner un nouveau contact administrateur à votre place.',
    whoValidatesTech:
      'En qualité de contact technique, vous pouvez uniquement désigner un autre contact technique pour vous remplacer.',
    whoValidatesBilling:
      'En qualité de contact facturation, vous pouvez uniquement désigner un autre contact facturation pour vous remplacer.',
    whoValidatesBoth:
      'Une validation de votre part ({me}) ainsi que de celle du nouveau contact seront nécessaires, chacun avec le code de validation reçu par e-mail. L’ancien contact recevra un e-mail l’informant de la modification une fois celle-ci terminée.',
    unpaidSelf:
      'Vous n’êtes pas à jour de vos règlements : le contact facturation ne peut pas être changé tant qu’une facture reste impayée.',
    unpaidOther:
      'Le contact facturation actuel ({account}) n’est pas à jour de ses règlements : le contact facturation ne peut pas être changé tant qu’une facture reste impayée.',
    unpaidRule:
      'L’ancien et le nouveau contact facturation doivent être exempts de toute facture impayée.',
    pendingFor: 'Une demande est déjà en cours pour ce contact (demande n° {id}).',
    noChange: 'Renseignez au moins un nouveau contact différent du contact actuel.',
    requestsMade: 'Votre demande a été enregistrée.',
    requestMadeLine:
      'Demande n° {id} pour {service} : contact {types} de {from} vers {to}. Un e-mail a été envoyé à {validators}.',
  },
  en: {
    editTitle: 'Modify the contacts of {service}',
    editIntro: 'Enter the account ID of the new contact or contacts, then click Validate.',
    validate: 'Validate',
    back: 'Back',
    notEditable: 'You may not change this contact.',
    whoValidatesAdmin:
      'As administrator contact you may name a new technical and/or billing contact, take them back yourself (enter your own account ID), or name a new administrator contact in your place.',
    whoValidatesTech:
      'As technical contact you may only name another technical contact in your place.',
    whoValidatesBilling:
      'As billing contact you may only name another billing contact in your place.',
    whoValidatesBoth:
      'You ({me}) and the new contact will both have to validate, each with the validation code received by e-mail. The former contact gets an e-mail once the change is done.',
    unpaidSelf:
      'You are not up to date with your payments: the billing contact cannot change while an invoice is unpaid.',
    unpaidOther:
      'The current billing contact ({account}) is not up to date with its payments: the billing contact cannot change while an invoice is unpaid.',
    unpaidRule: 'The former and the new billing contact must have no unpaid invoice.',
    pendingFor: 'A request is already open for this contact (request {id}).',
    noChange: 'Enter at least one new contact different from the current one.',
    requestsMade: 'Your request has been recorded.',
    requestMadeLine:
      'Request {id} for {service}: {types} contact from {from} to {to}. An e-mail was sent to {validators}.',
  },
});
