import { describe, expect, test } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from '../../src/outbox/backoff.js';
import { describeMailTransport } from '../../src/mail/mail-transport.js';
import type { EmailTemplate, RequestEmailParams } from '../../src/mail/queue-emails.js';
import { formatDate, renderEmail, requestLink } from '../../src/mail/render-email.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Language } from '../../src/platform/database/schema.js';

const TEMPLATES: EmailTemplate[] = [
  'request-created',
  'token-resent',
  'request-done',
  'request-refused',
  'request-aborted',
  'request-expired',
  'request-failed',
];
const TOKEN_TEMPLATES = new Set<EmailTemplate>(['request-created', 'token-resent']);

const params: RequestEmailParams = {
  requestId: 42,
  serviceType: 'hosting',
  serviceName: '<script>alert("x")</script>.example',
  contactTypes: ['contactTech', 'contactBilling'],
  fromAccount: 'te10002-ch',
  toAccount: 'nw10004-ch',
  askingAccount: 'ad10001-ch',
  expiresAt: '2026-12-08T09:30:00.000Z',
  recipient: 'nw10004-ch',
  recipientName: 'Nora <b>Nouvelle</b> & co',
  actor: 'nw10004-ch',
  reason: 'nw10004-ch has unpaid invoices',
};
const TOKEN = 'tok+en/with=odd&chars';
const render = (template: EmailTemplate, language: Language) =>
  renderEmail(template, params, {
    token: TOKEN_TEMPLATES.has(template) ? TOKEN : undefined,
    publicUrl: 'https://panel.example.test/',
    language,
  });

describe.each(TEMPLATES)('%s', (template) => {
  test.each(['fr', 'en'] as const)('in %s: subject, text and HTML name the request', (language) => {
    const mail = render(template, language);
    expect(mail.subject).toContain('<script>alert("x")</script>.example');
    expect(mail.subject).toContain('42');
    expect(mail.text).toContain('Nora <b>Nouvelle</b> & co');
    expect(mail.text).toContain('te10002-ch');
    expect(mail.text).toContain('nw10004-ch');
    expect(mail.text).toContain('ad10001-ch');
    expect(mail.html).toContain(`<html lang="${language}">`);
    // Customer-chosen names are escaped in the HTML part, never markup.
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Nouvelle');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.example');
    const link = TOKEN_TEMPLATES.has(template)
      ? `https://panel.example.test/contacts/requests?taskId=42&token=${encodeURIComponent(TOKEN)}`
      : 'https://panel.example.test/contacts/requests?taskId=42';
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    if (TOKEN_TEMPLATES.has(template)) {
      expect(mail.text).toContain(TOKEN);
      expect(mail.html).toContain('tok+en/with=odd&amp;chars');
    } else {
      expect(mail.text).not.toContain('token=');
    }
  });

  test('French and English say different things', () => {
    expect(render(template, 'fr').subject).not.toBe(render(template, 'en').subject);
    expect(render(template, 'fr').text).toContain('Bonjour');
    expect(render(template, 'en').text).toContain('Hello');
  });
});

test('roles are named in words in the language of the recipient', () => {
  expect(render('request-created', 'fr').text).toContain(
    'comme contact technique et contact facturation du service',
  );
  expect(render('request-created', 'en').text).toContain(
    'as technical contact and billing contact of the service',
  );
  const admin = renderEmail(
    'request-done',
    { ...params, contactTypes: ['contactAdmin'] },
    { publicUrl: 'http://x', language: 'fr' },
  );
  expect(admin.text).toContain('contact administrateur');
});

test('the request e-mail gives the expiry date as each language writes it', () => {
  expect(render('request-created', 'fr').text).toMatch(/8 décembre 2026 à 09:30 UTC/);
  expect(render('request-created', 'en').text).toMatch(/8 December 2026 at 09:30 UTC/);
  expect(formatDate('2026-01-05T17:05:00Z', 'fr')).toBe('5 janvier 2026 à 17:05 UTC');
});

test('why a request failed and who refused it are in the e-mail', () => {
  expect(render('request-failed', 'en').text).toContain('nw10004-ch has an unpaid invoice');
  // The reason is kept in English by the domain; a French e-mail reads it in French.
  expect(render('request-failed', 'fr').text).toContain('nw10004-ch a une facture impayée');
  expect(render('request-failed', 'fr').text).not.toContain('unpaid');
  expect(render('request-refused', 'fr').text).toContain('nw10004-ch a refusé la demande n° 42');
  expect(render('request-aborted', 'en').text).toContain('nw10004-ch cancelled request #42');
});

test('the link of R9 URL-encodes the token and ignores a trailing slash', () => {
  expect(requestLink('http://h:3000/', 7, 'a+b/c')).toBe(
    'http://h:3000/contacts/requests?taskId=7&token=a%2Bb%2Fc',
  );
});

test('backoff grows, is capped, and is jittered', () => {
  const mid = () => 0.5;
  expect(backoffDelay(1, mid)).toBe(30_000);
  expect(backoffDelay(2, mid)).toBe(60_000);
  expect(backoffDelay(5, mid)).toBe(480_000);
  expect(backoffDelay(50, mid)).toBe(BACKOFF_CAP_MS);
  expect(backoffDelay(1, () => 0)).toBe(24_000);
  expect(backoffDelay(1, () => 1)).toBe(36_000);
  expect(backoffDelay(40, () => 1)).toBe(BACKOFF_CAP_MS);
});

test('the server says where mail goes, never with the SMTP password', () => {
  const base = { DATABASE_URL: 'sqlite:/tmp/x.db', SECRET_KEY: 'k'.repeat(32) };
  expect(
    describeMailTransport(
      loadConfig({ ...base, SMTP_URL: 'smtp://user:s3cret@mail.example:2525' }),
    ),
  ).toBe('mail: SMTP smtp://mail.example:2525');
  expect(describeMailTransport(loadConfig({ ...base, PORT: '8080' }))).toBe(
    'mail: built-in mailbox at http://127.0.0.1:8080/dev/mailbox',
  );
  expect(describeMailTransport(loadConfig({ ...base, NODE_ENV: 'production' }))).toContain(
    'not shown in production',
  );
});
