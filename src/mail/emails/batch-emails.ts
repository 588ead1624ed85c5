import type { ContactType } from '../../services/roles.js';
import { defineEmail, joinWords, type EmailBody, type EmailEnv } from '../email-content.js';

/** The e-mails of a bulk change (R22): one per recipient for the whole batch. */
export type BatchEmailTemplate = 'batch-created' | 'batch-resent' | 'batch-refused';

/** What a batch e-mail says; stored as JSON in the outbox. Never holds the code. */
export interface BatchEmailParams {
  batchId: number;
  /** Nichandle of the recipient. */
  recipient: string;
  recipientName: string;
  askingAccount: string;
  /** ISO date: the earliest expiry of the requests listed. */
  expiresAt: string;
  /** Who refused (batch-refused). */
  actor?: string;
  /** The requests that concern the recipient, by id. */
  requests: {
    id: number;
    serviceType: string;
    serviceName: string;
    contactTypes: ContactType[];
    fromAccount: string;
    toAccount: string;
  }[];
}

/** The link of a batch e-mail: the requests page on the batch, with the code pre-filled (R9). */
export function batchLink(publicUrl: string, batchId: number, token?: string): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/contacts/requests?batchId=${batchId}`;
  return token === undefined ? base : `${base}&token=${encodeURIComponent(token)}`;
}

type Count = (n: number) => string;

interface BatchWords {
  roleNames: Record<ContactType, string>;
  conjunction: string;
  colon: string;
  services: Count;
  requests: Count;
  batch: string;
  requestedBy: string;
  validUntil: string;
  refusedBy: string;
  code: string;
  answer: string;
  seeRequests: string;
  created: {
    subject: (id: number, n: number) => string;
    intro: (asker: string, n: number) => string[];
  };
  resent: { subject: (id: number, n: number) => string; intro: string[] };
  refused: {
    subject: (id: number, n: number) => string;
    intro: (actor: string, n: number) => string[];
  };
  codeNotes: string[];
}

const WORDS: { fr: BatchWords; en: BatchWords } = {
  fr: {
    roleNames: {
      contactAdmin: 'contact administrateur',
      contactTech: 'contact technique',
      contactBilling: 'contact facturation',
    },
    conjunction: 'et',
    colon: ' :',
    services: (n) => (n === 1 ? 'un service' : `${n} services`),
    requests: (n) => (n === 1 ? 'une demande' : `${n} demandes`),
    batch: 'Lot de demandes',
    requestedBy: 'Demandé par',
    validUntil: 'Valable jusqu’au',
    refusedBy: 'Refusées par',
    code: 'Votre code de validation (un seul code pour tout le lot)',
    answer: 'Accepter ou refuser les demandes',
    seeRequests: 'Voir les demandes',
    created: {
      subject: (id, n) =>
        `Changement de contact sur ${n === 1 ? 'un service' : `${n} services`} : votre validation est requise (lot n° ${id})`,
      intro: (asker, n) => [
        `${asker} a demandé un changement de contact sur ${n === 1 ? 'un service' : `${n} services`}, listés ci-dessous. Votre validation est nécessaire pour que ces changements aient lieu.`,
        'Un seul code vaut pour toutes les demandes de ce lot : acceptez-les ou refusez-les toutes à la fois avec « Accepter toutes les demandes » ou « Refuser toutes les demandes », ou une par une dans l’onglet « Mes demandes » de la gestion des contacts.',
      ],
    },
    resent: {
      subject: (id, n) =>
        `Nouveau code de validation pour le lot n° ${id} (${n === 1 ? 'une demande' : `${n} demandes`})`,
      intro: [
        'Voici un nouveau code de validation pour les demandes de changement de contact ci-dessous, qui attendent encore votre réponse.',
        'Le code envoyé précédemment ne fonctionne plus.',
      ],
    },
    refused: {
      subject: (id, n) =>
        `Demandes de changement de contact refusées (${n === 1 ? 'une demande' : `${n} demandes`}, lot n° ${id})`,
      intro: (actor, n) => [
        `${actor} a refusé ${n === 1 ? 'une demande' : `${n} demandes`} du lot ci-dessous. Les contacts de ces services restent inchangés.`,
      ],
    },
    codeNotes: [
      'Le lien ouvre le lot dans votre espace client avec le code prérempli ; les demandes ne sont acceptées ou refusées que lorsque vous cliquez sur « Accepter toutes les demandes », « Refuser toutes les demandes » ou sur le bouton d’une demande.',
      'Ce code est personnel : ne le communiquez à personne. Si vous ne reconnaissez pas ces demandes, refusez-les.',
    ],
  },
  en: {
    roleNames: {
      contactAdmin: 'administrator contact',
      contactTech: 'technical contact',
      contactBilling: 'billing contact',
    },
    conjunction: 'and',
    colon: ':',
    services: (n) => (n === 1 ? 'one service' : `${n} services`),
    requests: (n) => (n === 1 ? 'one request' : `${n} requests`),
    batch: 'Batch of requests',
    requestedBy: 'Requested by',
    validUntil: 'Valid until',
    refusedBy: 'Refused by',
    code: 'Your validation code (one code for the whole batch)',
    answer: 'Accept or refuse the requests',
    seeRequests: 'See the requests',
    created: {
      subject: (id, n) =>
        `Contact change on ${n === 1 ? 'one service' : `${n} services`}: your validation is required (batch ${id})`,
      intro: (asker, n) => [
        `${asker} asked for a contact change on ${n === 1 ? 'one service' : `${n} services`}, listed below. Your validation is needed for these changes to take place.`,
        'One code works for every request of this batch: accept or refuse them all at once with “Accept all requests” or “Refuse all requests”, or one by one in the “My requests” tab of contact management.',
      ],
    },
    resent: {
      subject: (id, n) =>
        `New validation code for batch ${id} (${n === 1 ? 'one request' : `${n} requests`})`,
      intro: [
        'Here is a new validation code for the contact change requests below, which still wait for your answer.',
        'The code sent before no longer works.',
      ],
    },
    refused: {
      subject: (id, n) =>
        `Contact change requests refused (${n === 1 ? 'one request' : `${n} requests`}, batch ${id})`,
      intro: (actor, n) => [
        `${actor} refused ${n === 1 ? 'one request' : `${n} requests`} of the batch below. The contacts of these services stay unchanged.`,
      ],
    },
    codeNotes: [
      'The link opens the batch in your customer area with the code filled in; the requests are accepted or refused only when you click “Accept all requests”, “Refuse all requests” or the button of one request.',
      'This code is personal: do not share it with anyone. If you do not recognise these requests, refuse them.',
    ],
  },
};

/** One batch e-mail's content in the recipient's language. */
function batchBody(
  template: BatchEmailTemplate,
  params: BatchEmailParams,
  w: BatchWords,
  env: EmailEnv,
): EmailBody {
  const n = params.requests.length;
  const listed: [string, string][] = params.requests.map((r) => [
    `n° ${r.id}`,
    `${r.serviceName} (${r.serviceType}) — ${joinWords(
      r.contactTypes.map((t) => w.roleNames[t]),
      w.conjunction,
    )}${w.colon} ${r.fromAccount} → ${r.toAccount}`,
  ]);
  if (template === 'batch-refused') {
    const actor = params.actor ?? params.askingAccount;
    return {
      subject: w.refused.subject(params.batchId, n),
      intro: w.refused.intro(actor, n),
      facts: [[w.batch, `n° ${params.batchId}`], [w.refusedBy, actor], ...listed],
      action: { label: w.seeRequests, url: batchLink(env.publicUrl, params.batchId) },
      outro: [],
    };
  }
  const link = batchLink(env.publicUrl, params.batchId, env.token);
  return {
    subject:
      template === 'batch-created'
        ? w.created.subject(params.batchId, n)
        : w.resent.subject(params.batchId, n),
    intro: template === 'batch-created' ? w.created.intro(params.askingAccount, n) : w.resent.intro,
    facts: [
      [w.batch, `n° ${params.batchId}`],
      [w.requestedBy, params.askingAccount],
      [w.validUntil, env.date(params.expiresAt)],
      ...listed,
    ],
    code: { label: w.code, value: env.token ?? '' },
    action: { label: w.answer, url: link },
    outro: w.codeNotes,
  };
}

const firstRequest = (params: BatchEmailParams) => params.requests[0]?.id ?? null;

/** The e-mails of a batch: made and resent carry the validator's one code for the batch. */
export const BATCH_EMAILS = {
  'batch-created': defineEmail<BatchEmailParams, BatchWords>({
    words: WORDS,
    carriesToken: true,
    requestId: firstRequest,
    body: (params, words, env) => batchBody('batch-created', params, words, env),
  }),
  'batch-resent': defineEmail<BatchEmailParams, BatchWords>({
    words: WORDS,
    carriesToken: true,
    requestId: firstRequest,
    body: (params, words, env) => batchBody('batch-resent', params, words, env),
  }),
  'batch-refused': defineEmail<BatchEmailParams, BatchWords>({
    words: WORDS,
    requestId: firstRequest,
    body: (params, words, env) => batchBody('batch-refused', params, words, env),
  }),
};
