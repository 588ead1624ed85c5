import { providerReasonText, reasonText } from '../../contact-changes/failure-reasons.js';
import type { ContactType } from '../../services/roles.js';
import { serviceTypeLabel } from '../../services/service-type-labels.js';
import { defineEmail, joinWords, type EmailBody, type EmailKind } from '../email-content.js';
import {
  REQUEST_WORDS,
  type RequestView,
  type RequestWords,
  type Sentences,
} from './request-words.js';

/** The e-mails of SPEC §4, about one contact-change request. */
export type RequestEmailTemplate =
  | 'request-created'
  | 'token-resent'
  | 'request-done'
  | 'request-refused'
  | 'request-aborted'
  | 'request-expired'
  | 'request-failed';

/** What a request e-mail says; stored as JSON in the outbox. Never holds the token. */
export interface RequestEmailParams {
  requestId: number;
  serviceType: string;
  serviceName: string;
  contactTypes: ContactType[];
  fromAccount: string;
  toAccount: string;
  askingAccount: string;
  /** ISO date. */
  expiresAt: string;
  /** Nichandle of the recipient. */
  recipient: string;
  recipientName: string;
  /** Who refused (request-refused), or why it failed (request-failed). */
  actor?: string;
  reason?: string;
}

/** R9's link: the request page with the code pre-filled; opening it never uses the token. */
export function requestLink(publicUrl: string, requestId: number, token?: string): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/contacts/requests?taskId=${requestId}`;
  return token === undefined ? base : `${base}&token=${encodeURIComponent(token)}`;
}

type Shape = (w: RequestWords, v: RequestView, link: string, token?: string) => EmailBody;

/** One request e-mail: the sentences its words give, shaped as a notice or as a code to use. */
function requestEmail(shape: Shape, carriesToken = false) {
  return defineEmail<RequestEmailParams, RequestWords>({
    words: REQUEST_WORDS,
    carriesToken,
    requestId: (p) => p.requestId,
    body: (p, w, env) => {
      const view: RequestView = {
        p,
        // The type in OVHcloud's words (Nom de domaine, DNS zone), never the raw code.
        service: `${p.serviceName} (${serviceTypeLabel(env.language, p.serviceType)})`,
        roles: joinWords(
          p.contactTypes.map((t) => w.roleNames[t]),
          w.conjunction,
        ),
        expiry: env.date(p.expiresAt),
        language: env.language,
      };
      return shape(w, view, requestLink(env.publicUrl, p.requestId, env.token), env.token);
    },
  });
}

/** The details every e-mail about a request shows. */
function facts(
  w: RequestWords,
  { p, service, roles }: RequestView,
  ...extra: [string, string][]
): [string, string][] {
  return [
    [w.request[0], w.request[1](p.requestId)],
    ['Service', service],
    [w.contactTypes, roles],
    [w.contactToChange, p.fromAccount],
    [w.requestedContact, p.toAccount],
    [w.requestedBy, p.askingAccount],
    ...extra,
  ];
}

/** An e-mail that carries a validation code, with the link that fills it in (R9). */
function codeEmail(said: (w: RequestWords) => Sentences): Shape {
  return (w, v, link, token) => ({
    subject: said(w).subject(v),
    intro: said(w).intro(v),
    facts: facts(w, v, [w.validUntil, v.expiry]),
    code: { label: w.code, value: token ?? '' },
    action: { label: w.answer, url: link },
    outro: w.codeNotes,
  });
}

/** An e-mail that tells what became of a request, with a link to it. */
function notice(
  said: (w: RequestWords) => Sentences & { outro?: string[] },
  extra: (w: RequestWords, v: RequestView) => [string, string][] = () => [],
): Shape {
  return (w, v, link) => ({
    subject: said(w).subject(v),
    intro: said(w).intro(v),
    facts: facts(w, v, ...extra(w, v)),
    action: { label: w.seeRequest, url: link },
    outro: said(w).outro ?? [],
  });
}

/** The provider's reason, when it gave one (its support desk's change, its cancel: issue 26). */
function reasonIfAny(w: RequestWords, { p, language }: RequestView): [string, string][] {
  return p.reason === undefined ? [] : [[w.failed.reason, providerReasonText(language, p.reason)]];
}

export const REQUEST_EMAILS = {
  'request-created': requestEmail(
    codeEmail((w) => w.created),
    true,
  ),
  'token-resent': requestEmail(
    codeEmail((w) => w.resent),
    true,
  ),
  'request-done': requestEmail(notice((w) => w.done, reasonIfAny)),
  'request-refused': requestEmail(
    notice(
      (w) => w.refused,
      (w, { p }) => [[w.refused.by, p.actor ?? '—']],
    ),
  ),
  'request-aborted': requestEmail(
    notice(
      (w) => w.aborted,
      (w, v) => [[w.aborted.by, v.p.actor ?? v.p.askingAccount], ...reasonIfAny(w, v)],
    ),
  ),
  'request-expired': requestEmail(
    notice(
      (w) => w.expired,
      (w, v) => [[w.expired.on, v.expiry]],
    ),
  ),
  'request-failed': requestEmail(
    notice(
      (w) => w.failed,
      (w, { p, language }) => [
        [w.failed.reason, p.reason === undefined ? '—' : reasonText(language, p.reason)],
      ],
    ),
  ),
} satisfies Record<RequestEmailTemplate, EmailKind<RequestEmailParams>>;
