import type { Language } from '../platform/database/schema.js';

/** What one e-mail says, before it is laid out as text and as HTML. All values are plain text. */
export interface EmailContent {
  subject: string;
  greeting: string;
  /** Paragraphs before the details. */
  intro: string[];
  /** Label / value rows: service, roles, contacts… */
  facts: [string, string][];
  /** The validation code, shown large, when the e-mail carries one. */
  code?: { label: string; value: string };
  /** The one link of the e-mail. */
  action: { label: string; url: string };
  /** Paragraphs after the link. */
  outro: string[];
  signature: string;
}

/** What a template writes; the greeting and the signature are the same for every e-mail. */
export type EmailBody = Omit<EmailContent, 'greeting' | 'signature'>;

/** What every e-mail's parameters hold: the recipient's name, for the greeting. */
export interface LetterParams {
  recipientName: string;
}

/** What a template is given besides its parameters and its words. */
export interface EmailEnv {
  language: Language;
  /** PUBLIC_URL as configured. */
  publicUrl: string;
  /** The secret the e-mail carries (a validation code, a link's token), opened from the outbox. */
  token?: string;
  /** A date in the language's words, in UTC. */
  date(iso: string): string;
}

/** One kind of e-mail: its words in each language, and how it turns parameters into content. */
export interface EmailKind<P extends LetterParams> {
  /** Sealed in the outbox until sent; the e-mail cannot be rendered without it. */
  carriesToken: boolean;
  /** The request it is about: the outbox row's request_id, its audit events, a header. */
  requestId(params: P): number | null;
  body(params: P, env: EmailEnv): EmailBody;
}

/**
 * Declares an e-mail kind. `words.en` must have exactly the shape of `words.fr` (the compiler
 * says so), and `body` is one program for both languages, given the recipient's words.
 */
export function defineEmail<P extends LetterParams, W>(kind: {
  words: { fr: W; en: NoInfer<W> };
  carriesToken?: boolean;
  requestId?: (params: P) => number | null;
  body: (params: P, words: W, env: EmailEnv) => EmailBody;
}): EmailKind<P> {
  return {
    carriesToken: kind.carriesToken ?? false,
    requestId: kind.requestId ?? (() => null),
    body: (params, env) => kind.body(params, kind.words[env.language] ?? kind.words.fr, env),
  };
}

/** The words every e-mail shares. */
export const LETTER: Record<
  Language,
  { locale: string; greeting: (name: string) => string; signature: string }
> = {
  fr: {
    locale: 'fr-FR',
    greeting: (name) => `Bonjour ${name},`,
    signature: 'L’équipe contacthub — e-mail automatique, merci de ne pas y répondre.',
  },
  en: {
    locale: 'en-GB',
    greeting: (name) => `Hello ${name},`,
    signature: 'The contacthub team — automatic e-mail, please do not reply.',
  },
};

/** A date in the language's words, in UTC so that every recipient reads the same moment. */
export function formatDate(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(LETTER[language].locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

export function joinWords(words: string[], conjunction: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]!}`;
}
