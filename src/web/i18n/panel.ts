import { defineMessages } from './define-messages.js';

/**
 * Words of issue 27: a panel usable on a phone and with no dead ends (empty states, lockouts, a
 * link opened in another account, closed requests, unpaid invoices, confirmations).
 */
export const panelMessages = defineMessages({
  fr: {
    rowOf: ' de {service}',
    emptyAccount: 'Vous n’êtes encore contact d’aucun service.',
    emptyAccountHelp:
      'Un service apparaît ici dès que votre identifiant client en devient contact administrateur, technique ou facturation, par exemple quand un autre contact vous nomme et que vous acceptez sa demande.',
    selfNaming:
      'Pour reprendre vous-même la gestion technique ou la facturation, indiquez votre propre identifiant : vous seul validerez alors la demande.',
    handoverWarning:
      'Attention : si vous désignez un nouveau contact administrateur, vous perdrez le contrôle de ce service une fois la demande validée. Vous ne pourrez plus modifier ses contacts ni annuler les demandes des autres.',
    confirmHandover: 'Je comprends que je ne serai plus contact administrateur de ce service',
    handoverNotConfirmed:
      'Pour céder le rôle de contact administrateur, cochez la case qui confirme que vous en perdrez le contrôle.',
    unpaidBlockedSelf:
      'Le contact facturation ne peut pas changer : vous ({account}) avez une facture impayée. Réglez-la, puis revenez faire la demande.',
    unpaidBlockedOther:
      'Le contact facturation ne peut pas changer : le contact facturation actuel, {account}, a une facture impayée. Demandez-lui de la régler ; le changement sera possible ensuite.',
    unpaidNewContact:
      'Le nouveau contact facturation, {account}, a une facture impayée : il doit la régler avant de pouvoir devenir contact facturation.',
    errorSummary: 'La demande n’a pas été envoyée',
    endedOn_done: 'Terminée le',
    endedOn_refused: 'Refusée le',
    endedOn_aborted: 'Annulée le',
    endedOn_expired: 'Expirée le',
    endedOn_error: 'En erreur depuis le',
    validationNoAnswer: 'sans réponse',
    youMustValidate:
      'Votre validation est attendue : saisissez le code de validation reçu par e-mail, puis cliquez sur Accepter la demande.',
    youAloneValidate:
      'Vous reprenez ce rôle vous-même : la demande n’attend que votre propre validation, avec le code reçu par e-mail.',
    youAndOther: 'La demande attend votre validation et celle de {who}.',
    requestMadeYouValidate:
      'Vous devez aussi valider la demande n° {id} : saisissez le code de validation reçu par e-mail sur la page de la demande.',
    requestMadeYouAlone:
      'La demande n° {id} n’attend que votre propre validation : saisissez le code reçu par e-mail sur la page de la demande.',
    openRequest: 'Ouvrir la demande n° {id}',
    tokenLocked:
      'Vous avez saisi 5 codes erronés : votre code est bloqué. Seul un nouvel e-mail le débloque : cliquez sur Renvoyer la demande pour recevoir un nouveau code.',
    tokenAttemptsLeft:
      'Ce code de validation n’est pas valide pour vous sur cette demande. Essais restants : {left}.',
    resendCooldown:
      'Un e-mail vient d’être envoyé à {who}. Vous pourrez en redemander un dans {wait}.',
    resendTo: 'Un nouvel e-mail, avec un nouveau code, sera envoyé à : {who}.',
    confirmRefuseText:
      'Refuser met fin à la demande n° {id} pour tous les contacts, qui en sont informés par e-mail. Ce choix est définitif.',
    confirmRefuse: 'Oui, refuser la demande',
    confirmCancelText:
      'Annuler met fin à la demande n° {id} ; tous les contacts en sont informés par e-mail. Ce choix est définitif.',
    confirmCancel: 'Oui, annuler la demande',
    wrongAccountTitle: 'Lien destiné à un autre compte',
    linkForOther:
      'Ce lien de validation est destiné au compte {owner}, et vous êtes connecté en tant que {me}.',
    linkNotYours:
      'Ce lien de validation ne correspond pas à votre compte ({me}), ou n’est plus valide. S’il a été envoyé à un autre compte, connectez-vous avec celui-ci.',
    linkStale:
      'Le code de ce lien n’est plus valide : il a déjà servi ou a été remplacé par un nouvel envoi. Saisissez le code du dernier e-mail reçu.',
    switchAccount: 'Changer de compte',
    switchAccountHint: 'Vous serez déconnecté, puis ramené à cette page une fois connecté.',
    serviceNoAccess: 'vous n’êtes plus contact de ce service',
    tokenCreatedTitle: 'Jeton créé',
    errorIn: 'Erreur : {error}',
    minutes: '{m} min',
    minutesSeconds: '{m} min {s} s',
    seconds: '{s} s',
    revokeConfirm:
      'Révoquer le jeton « {name} » ? Les programmes qui l’utilisent ne pourront plus appeler l’API.',
  },
  en: {
    rowOf: ' of {service}',
    emptyAccount: 'You are not a contact of any service yet.',
    emptyAccountHelp:
      'A service appears here as soon as your account ID becomes its administrator, technical or billing contact, for example when another contact names you and you accept the request.',
    selfNaming:
      'To take back the technical or billing role yourself, enter your own account ID: you alone will then validate the request.',
    handoverWarning:
      'Warning: if you name a new administrator contact, you lose control of this service once the request is validated. You will no longer be able to change its contacts or cancel other people’s requests.',
    confirmHandover:
      'I understand that I will no longer be the administrator contact of this service',
    handoverNotConfirmed:
      'To hand over the administrator role, tick the box confirming that you will lose control of it.',
    unpaidBlockedSelf:
      'The billing contact cannot change: you ({account}) have an unpaid invoice. Pay it, then come back to make the request.',
    unpaidBlockedOther:
      'The billing contact cannot change: the current billing contact, {account}, has an unpaid invoice. Ask them to pay it; the change will be possible then.',
    unpaidNewContact:
      'The new billing contact, {account}, has an unpaid invoice: they must pay it before they can become billing contact.',
    errorSummary: 'The request was not sent',
    endedOn_done: 'Done on',
    endedOn_refused: 'Refused on',
    endedOn_aborted: 'Cancelled on',
    endedOn_expired: 'Expired on',
    endedOn_error: 'Failed on',
    validationNoAnswer: 'no answer',
    youMustValidate:
      'Your validation is awaited: enter the validation code you received by e-mail, then click Accept request.',
    youAloneValidate:
      'You are taking this role back yourself: the request only waits for your own validation, with the code you received by e-mail.',
    youAndOther: 'The request waits for your validation and for {who}’s.',
    requestMadeYouValidate:
      'You must validate request {id} too: enter the validation code you received by e-mail on the request’s page.',
    requestMadeYouAlone:
      'Request {id} only waits for your own validation: enter the code you received by e-mail on the request’s page.',
    openRequest: 'Open request {id}',
    tokenLocked:
      'You entered 5 wrong codes: your code is locked. Only a new e-mail unlocks it: click Resend request to receive a new code.',
    tokenAttemptsLeft:
      'This validation code is not valid for you on this request. Attempts left: {left}.',
    resendCooldown: 'An e-mail was just sent to {who}. You can ask for another one in {wait}.',
    resendTo: 'A new e-mail, with a new code, will be sent to: {who}.',
    confirmRefuseText:
      'Refusing ends request {id} for every contact, who are told by e-mail. This cannot be undone.',
    confirmRefuse: 'Yes, refuse the request',
    confirmCancelText:
      'Cancelling ends request {id}; every contact is told by e-mail. This cannot be undone.',
    confirmCancel: 'Yes, cancel the request',
    wrongAccountTitle: 'Link meant for another account',
    linkForOther:
      'This validation link is meant for account {owner}, and you are logged in as {me}.',
    linkNotYours:
      'This validation link does not match your account ({me}), or is no longer valid. If it was sent to another account, log in with that one.',
    linkStale:
      'The code of this link is no longer valid: it was used, or replaced by a new e-mail. Enter the code of the latest e-mail you received.',
    switchAccount: 'Switch account',
    switchAccountHint: 'You will be logged out, then brought back to this page once logged in.',
    serviceNoAccess: 'you are no longer a contact of this service',
    tokenCreatedTitle: 'Token created',
    errorIn: 'Error: {error}',
    minutes: '{m} min',
    minutesSeconds: '{m} min {s} s',
    seconds: '{s} s',
    revokeConfirm: 'Revoke token “{name}”? Programs that use it will no longer reach the API.',
  },
});
