import type { ContactType } from '../services/roles.js';
import type { EmailTemplate, RequestEmailParams } from './queue-emails.js';

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

/** The values a template works with, already prepared for the recipient's language. */
export interface EmailView {
  params: RequestEmailParams;
  /** "example.com (domain)". */
  service: string;
  /** The roles in words: "contact technique et contact facturation". */
  roles: string;
  /** The expiry date in the language's words. */
  expiry: string;
  /** R9's link with the token, or the request's page when the e-mail has no token. */
  link: string;
  token?: string;
}

/** Words of one language; each template turns a view into content. */
export interface EmailCopy {
  locale: string;
  roleNames: Record<ContactType, string>;
  /** Joins role names: "a et b", "a, b and c". */
  conjunction: string;
  templates: Record<EmailTemplate, (view: EmailView) => EmailContent>;
}

export function joinWords(words: string[], conjunction: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]!}`;
}
