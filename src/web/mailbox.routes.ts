import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { App } from '../app.js';
import { html, raw, type SafeHtml } from '../mail/html.js';
import { listMailbox, readMailboxMessage } from '../mail/mailbox.js';

/**
 * No script anywhere; the e-mail's HTML lives in a sandboxed srcdoc frame that inherits this
 * policy, so a hostile service name in an e-mail can run nothing. Links open in a new tab.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE_STYLE = raw(
  'font-family:system-ui,Arial,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#1f2933;',
);
const CELL = raw('padding:6px 10px;border-bottom:1px solid #d9e2ec;text-align:left;');

function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body style="${PAGE_STYLE}">
        <p style="background:#fff3c4;padding:8px 12px;margin:0 0 16px 0;">
          Development mailbox: e-mails are kept here because SMTP_URL is not set.
        </p>
        ${body}
      </body>
    </html> `.value;
}

/** The text part with its links made clickable (the one of R9 above all). */
function linkify(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/);
  return html`${parts.map((part, i) =>
    i % 2 === 1 ? html`<a href="${part}" target="_blank" rel="noopener">${part}</a>` : part,
  )}`;
}

function send(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-security-policy', CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** Whether an address is this machine's own (127.0.0.0/8, ::1, their IPv4-mapped forms). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Who may read the built-in mailbox, as `serve` says at start-up. */
export const MAILBOX_READERS = 'only from this machine (loopback, not through a proxy)';

/**
 * The built-in mailbox (SPEC §4): registered by the HTTP server only outside production, and
 * answering only a client on this machine that did not come through a proxy (issue 24, point 5):
 * it shows every account's codes, so a server listening on 0.0.0.0, or a demo behind a reverse
 * proxy on the same host, must not hand them to the world. The check reads the socket's peer, not
 * the address TRUST_PROXY may derive from X-Forwarded-For. Anyone else gets the 404 of any
 * unknown page.
 */
export const mailboxRoutes: FastifyPluginAsync<{ app: App }> = (server, { app }) => {
  server.addHook('onRequest', (request, reply, done) => {
    const headers = request.headers;
    const proxied =
      headers['x-forwarded-for'] !== undefined ||
      headers.forwarded !== undefined ||
      headers['x-real-ip'] !== undefined;
    if (proxied || !isLoopback(request.socket.remoteAddress)) {
      void send(reply, 404, page('Not found', html`<p>No such page.</p>`));
      return;
    }
    done();
  });

  server.get('/dev/mailbox', async (_request, reply) => {
    const messages = await listMailbox(app.ctx);
    const rows = messages.map(
      (m) =>
        html`<tr>
          <td style="${CELL}white-space:nowrap;">${m.createdAt.replace('T', ' ').slice(0, 19)}</td>
          <td style="${CELL}">${m.to}</td>
          <td style="${CELL}"><a href="/dev/mailbox/${m.id}">${m.subject}</a></td>
        </tr>`,
    );
    const body = messages.length
      ? html`<table style="border-collapse:collapse;width:100%;">
          <thead>
            <tr>
              <th style="${CELL}">Date (UTC)</th>
              <th style="${CELL}">To</th>
              <th style="${CELL}">Subject</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`
      : html`<p>No e-mail yet.</p>`;
    return send(
      reply,
      200,
      page(
        'Mailbox',
        html`<h1>Mailbox</h1>
          ${body}`,
      ),
    );
  });

  server.get<{ Params: { id: string } }>('/dev/mailbox/:id', async (request, reply) => {
    const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : 0;
    const message = await readMailboxMessage(app.ctx, id);
    if (!message) {
      return send(
        reply,
        404,
        page('Not found', html`<p>No such message. <a href="/dev/mailbox">Mailbox</a></p>`),
      );
    }
    // Links of the e-mail open in a new tab, outside the sandbox.
    const framed = message.html.replace(/<head>/i, '<head><base target="_blank">');
    const headers: [string, string][] = [
      ['From', message.from],
      ['To', message.to],
      ['Subject', message.subject],
      ['Date', message.date],
      ['Message-ID', message.messageId],
    ];
    const body = html`<p><a href="/dev/mailbox">← Mailbox</a></p>
      <h1 style="font-size:20px;">${message.subject}</h1>
      <table style="border-collapse:collapse;margin:0 0 16px 0;">
        ${headers.map(
          ([k, v]) =>
            html`<tr>
              <th style="${CELL}">${k}</th>
              <td style="${CELL}">${v}</td>
            </tr>`,
        )}
      </table>
      <h2 style="font-size:16px;">HTML</h2>
      <iframe
        title="HTML part of the e-mail"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        srcdoc="${framed}"
        style="width:100%;height:960px;border:1px solid #d9e2ec;"
      ></iframe>
      <h2 style="font-size:16px;">Text</h2>
      <pre style="white-space:pre-wrap;background:#f4f5f7;padding:12px;border:1px solid #d9e2ec;">
${linkify(message.text)}</pre>`;
    return send(reply, 200, page(message.subject, body));
  });
  return Promise.resolve();
};
