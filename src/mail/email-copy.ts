import type { EmailKind, LetterParams } from './email-content.js';
import { ADDRESS_CHANGED } from './emails/address-changed.js';
import { BATCH_EMAILS } from './emails/batch-emails.js';
import { PROFILE_EMAILS } from './emails/profile-emails.js';
import { REQUEST_EMAILS } from './emails/request-emails.js';

/*
 * Every e-mail contacthub sends, by template name (the outbox row's `template`).
 *
 * To add a kind of e-mail (an address-change code, a password reset link, a notice…):
 * 1. Write `src/mail/emails/NAME.ts`: the interface of its parameters (stored as JSON in the
 *    outbox, so never a secret; `recipientName` is the greeting's), and
 *    `defineEmail({ words: { fr: {…}, en: {…} }, body })`: `words` holds its sentences in both
 *    languages, side by side, in the same shape (the compiler checks), and `body(params, words,
 *    env)` is one program for both that returns subject, intro, facts, action and outro (and
 *    `code` when it shows one). `carriesToken: true` when it carries a secret: it is sealed in
 *    the outbox until sent and given back as `env.token`. `requestId` when it is about a
 *    contact-change request. `emails/request-emails.ts` (words in `request-words.ts`) is the
 *    worked example.
 * 2. Add it to EMAILS below under its template name; its parameters' type follows.
 * 3. Queue it with `queueEmails(trx, ctx, [{ to, template, params, token }])` in the transaction
 *    of the change that causes it; the worker renders it as text and HTML (render-email.ts).
 * 4. Test it as test/mail/render-email.test.ts does, in both languages.
 */
export const EMAILS = {
  ...REQUEST_EMAILS,
  'address-changed': ADDRESS_CHANGED,
  ...BATCH_EMAILS,
  ...PROFILE_EMAILS,
};

export type EmailTemplate = keyof typeof EMAILS;

/** The parameters of one template, as queued and as rendered. */
export type EmailParams<T extends EmailTemplate> =
  (typeof EMAILS)[T] extends EmailKind<infer P> ? P : never;

/** The kind of an outbox row's template, or undefined if no such e-mail exists. */
export function emailKind(template: string): EmailKind<LetterParams> | undefined {
  return Object.hasOwn(EMAILS, template) ? EMAILS[template as EmailTemplate] : undefined;
}
