import type { Language } from '../platform/database/schema.js';
import { CONTACT_TYPE, type Role } from '../services/roles.js';

/**
 * Why a request ended without its change (R13's failures, a deleted service). The database, the
 * API, the audit log and the webhooks keep the English sentence these makers write; pages and
 * e-mails read it back in the reader's language with `reasonText`. Makers and readers sit side by
 * side so that a new reason cannot be written without its words.
 */
export const FAILURE_REASONS = {
  serviceGone: () => 'the service no longer exists',
  serviceDeleted: () => 'service deleted by the provider',
  contactMoved: (from: string, role: Role, now: string) =>
    `${from} is no longer ${CONTACT_TYPE[role]} (now ${now})`,
  rightLost: (asker: string) => `${asker} no longer holds the right it asked with`,
  unpaidInvoices: (account: string) =>
    `${account} has unpaid invoices: the billing contact cannot change until they are paid`,
};

const ROLE_WORDS: Record<Language, Record<string, string>> = {
  fr: {
    contactAdmin: 'contact administrateur',
    contactTech: 'contact technique',
    contactBilling: 'contact facturation',
  },
  en: {
    contactAdmin: 'administrator contact',
    contactTech: 'technical contact',
    contactBilling: 'billing contact',
  },
};

/** A reason the makers above wrote, in the reader's language; undefined for any other text. */
function knownReasonText(lang: Language, reason: string): string | undefined {
  const fr = lang === 'fr';
  let m = /^(\S+) is no longer (contact\w+) \(now (\S+)\)$/.exec(reason);
  if (m) {
    const role = ROLE_WORDS[lang][m[2]!] ?? m[2]!;
    return fr
      ? `${m[1]} n’est plus ${role} (c’est maintenant ${m[3]}).`
      : `${m[1]} is no longer ${role} (now ${m[3]}).`;
  }
  m = /^(\S+) no longer holds the right it asked with$/.exec(reason);
  if (m) {
    return fr
      ? `${m[1]} n’a plus le rôle avec lequel la demande a été faite.`
      : `${m[1]} no longer holds the role the request was made with.`;
  }
  m = /^(\S+) has unpaid invoices/.exec(reason);
  if (m) {
    return fr
      ? `${m[1]} a une facture impayée\u202f: le contact facturation ne peut pas changer.`
      : `${m[1]} has an unpaid invoice: the billing contact cannot change.`;
  }
  if (reason === FAILURE_REASONS.serviceGone()) {
    return fr ? 'Le service n’existe plus.' : 'The service no longer exists.';
  }
  if (reason === FAILURE_REASONS.serviceDeleted()) {
    return fr
      ? 'Le service a été supprimé par le fournisseur.'
      : 'The provider deleted the service.';
  }
  return undefined;
}

/** Why a request failed (R13), in the reader's language; an unknown reason in general words. */
export function reasonText(lang: Language, reason: string): string {
  return (
    knownReasonText(lang, reason) ??
    (lang === 'fr' ? 'Le changement n’a pas pu être appliqué.' : 'The change could not be applied.')
  );
}

/**
 * The reason given when the provider ended or made a request: its own words as it typed them
 * (its support desk's note), or contacthub's fixed reasons in the reader's language.
 */
export function providerReasonText(lang: Language, reason: string): string {
  return knownReasonText(lang, reason) ?? reason;
}
