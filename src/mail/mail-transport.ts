import nodemailer from 'nodemailer';
import type { Config } from '../platform/config.js';

/** A message ready to leave: what the dispatcher hands to a transport. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The outbox row's Message-ID, the same on every try, so a retry is recognisable. */
  messageId: string;
  date: Date;
  headers: Record<string, string>;
}

export interface MailTransport {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer. The dispatcher renews its claim while a send runs (whileClaimed), so a
 * slow server delays the message without another process sending it meanwhile; the timeouts
 * bound how long one hanging server holds the dispatcher's send budget.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(email) {
      await transporter.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        date: email.date,
        headers: email.headers,
      });
    },
    close: () => transporter.close(),
  };
}

/** Where e-mails go, for `serve` to print at start; never the SMTP credentials. */
export function describeMailTransport(config: Config): string {
  if (config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
    return `mail: SMTP ${url.protocol}//${url.hostname}:${port}`;
  }
  if (config.production) {
    return 'mail: built-in mailbox (not shown in production: set SMTP_URL to send e-mails)';
  }
  return `mail: built-in mailbox at ${config.publicUrl}/dev/mailbox`;
}
