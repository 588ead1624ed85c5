import type { Language } from '../platform/database/schema.js';
import { formatDate, LETTER, type EmailContent, type EmailEnv } from './email-content.js';
import { emailKind, type EmailParams, type EmailTemplate } from './email-copy.js';
import { html, raw, type SafeHtml } from './html.js';

export { formatDate } from './email-content.js';
export { requestLink } from './emails/request-emails.js';

export interface RenderOptions {
  /** The secret the e-mail carries: the validation token of request-created and token-resent. */
  token?: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  language: Language;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Renders one outbox e-mail in the recipient's language; a pure function of its inputs. */
export function renderEmail<T extends EmailTemplate>(
  template: T,
  params: EmailParams<T>,
  options: RenderOptions,
): RenderedEmail {
  const kind = emailKind(template);
  if (!kind) throw new Error(`no e-mail is called ${template}`);
  const letter = LETTER[options.language] ?? LETTER.fr;
  const env: EmailEnv = {
    language: options.language,
    publicUrl: options.publicUrl,
    token: options.token,
    date: (iso) => formatDate(iso, options.language),
  };
  const content: EmailContent = {
    greeting: letter.greeting(params.recipientName),
    ...kind.body(params, env),
    signature: letter.signature,
  };
  return {
    subject: content.subject,
    text: layoutText(content, options.language),
    html: layoutHtml(content, options.language).value,
  };
}

function layoutText(c: EmailContent, language: Language): string {
  // French typography puts a space before the colon.
  const colon = language === 'fr' ? ' :' : ':';
  const width = Math.max(...c.facts.map(([label]) => label.length));
  const lines = [c.greeting, '', ...c.intro.flatMap((p) => [p, ''])];
  lines.push(
    ...c.facts.map(
      ([label, value]) => `  ${(label + colon).padEnd(width + colon.length)} ${value}`,
    ),
    '',
  );
  if (c.code) lines.push(`${c.code.label}${colon} ${c.code.value}`, '');
  lines.push(`${c.action.label}${colon}`, c.action.url, '');
  lines.push(...c.outro.flatMap((p) => [p, '']));
  lines.push('-- ', c.signature, '');
  return lines.join('\n');
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const P = raw('margin:0 0 16px 0;');

function paragraphs(texts: string[]): SafeHtml {
  return html`${texts.map((t) => html`<p style="${P}">${t}</p>`)}`;
}

/** Tables and inline styles only: what Outlook, Gmail and the rest render alike. */
function layoutHtml(c: EmailContent, language: Language): SafeHtml {
  const rows = c.facts.map(
    ([label, value]) =>
      html`<tr>
        <td style="padding:6px 12px 6px 0;color:#52606d;vertical-align:top;white-space:nowrap;">
          ${label}
        </td>
        <td style="padding:6px 0;font-weight:bold;word-break:break-word;">${value}</td>
      </tr>`,
  );
  const code = c.code
    ? html`<p style="${P}">${c.code.label}</p>
        <table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 20px 0;">
          <tr>
            <td
              style="padding:12px 16px;background:#f0f4f8;border:1px solid #bcccdc;font-family:'Courier New',Courier,monospace;font-size:18px;letter-spacing:1px;word-break:break-all;"
            >
              ${c.code.value}
            </td>
          </tr>
        </table>`
    : '';
  return html`<!DOCTYPE html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${c.subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f5f7;">
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          style="background:#f4f5f7;"
        >
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table
                role="presentation"
                width="600"
                cellpadding="0"
                cellspacing="0"
                style="width:100%;max-width:600px;background:#ffffff;border:1px solid #d9e2ec;${raw(FONT)}font-size:15px;line-height:1.5;color:#1f2933;"
              >
                <tr>
                  <td
                    style="padding:16px 24px;background:#0b3d91;color:#ffffff;font-size:18px;font-weight:bold;"
                  >
                    contacthub
                  </td>
                </tr>
                <tr>
                  <td style="padding:24px;">
                    <p style="${P}">${c.greeting}</p>
                    ${paragraphs(c.intro)}
                    <table
                      role="presentation"
                      cellpadding="0"
                      cellspacing="0"
                      style="margin:0 0 20px 0;${raw(FONT)}font-size:14px;"
                    >
                      ${rows}
                    </table>
                    ${code}
                    <table
                      role="presentation"
                      cellpadding="0"
                      cellspacing="0"
                      style="margin:0 0 20px 0;"
                    >
                      <tr>
                        <td style="background:#0b3d91;border-radius:4px;">
                          <a
                            href="${c.action.url}"
                            style="display:inline-block;padding:12px 20px;color:#ffffff;text-decoration:none;font-weight:bold;"
                            >${c.action.label}</a
                          >
                        </td>
                      </tr>
                    </table>
                    <p style="margin:0 0 16px 0;font-size:13px;color:#52606d;word-break:break-all;">
                      ${c.action.url}
                    </p>
                    ${paragraphs(c.outro)}
                  </td>
                </tr>
                <tr>
                  <td
                    style="padding:16px 24px;border-top:1px solid #d9e2ec;font-size:12px;color:#52606d;"
                  >
                    ${c.signature}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html> `;
}
