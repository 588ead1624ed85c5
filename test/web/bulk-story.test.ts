import { Readable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { importServices } from '../../src/import/import-services.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, NEWBIE, OUTSIDER, TECH } from '../support/fixtures.js';
import { cellText, forbidDialogs, logIn, screenshot } from './support/browser.js';
import type { MailCatcher } from './support/mail-catcher.js';
import { browserStory } from './support/story.js';
import type { WebApp } from './support/web-app.js';

// R22 in the panel (issue 29): an admin ticks several services on "Mes services", asks one change
// for all of them, reads the summary and validates; each validator gets one e-mail for the whole
// batch, opens its link logged out, logs in and accepts every request at once; the services show
// the new contact and "Mes demandes" shows the batch as one line. A real Chromium, a real SMTP
// server, one browser, as few page loads as the story needs.

let browser: Browser;
let web: WebApp;
let mail: MailCatcher;

const story = browserStory({ smtp: true });
beforeEach(() => {
  ({ browser, web } = story);
  mail = story.mail!;
});

const address = (nichandle: string) => `${nichandle}@example.test`;
/** More services than one page of "Mes services" (50) shows, all matching the search `lot-`. */
const LOTS = 55;

/** The batch link (R22) of the one e-mail an address received. */
function batchLinkOf(nichandle: string): string {
  const inbox = mail.inbox(address(nichandle));
  expect(inbox.map((m) => m.subject)).toHaveLength(1);
  const match = /https?:\/\/[^\s"<>]+\/contacts\/requests\?batchId=\d+&token=[A-Za-z0-9_-]+/.exec(
    inbox[0]!.text,
  );
  if (!match) throw new Error(`no batch link in the mail of ${nichandle}`);
  return match[0];
}

/** A validator opens its e-mail's link logged out, logs in, and accepts the whole batch. */
async function acceptFromLink(nichandle: string, dialogs: string[]): Promise<void> {
  const link = batchLinkOf(nichandle);
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  forbidDialogs(page, dialogs);
  await page.goto(link);
  expect(new URL(page.url()).pathname).toBe('/login');
  await logIn(page, web.baseUrl, nichandle);
  expect(page.url()).toBe(link);
  const code = page.getByLabel('Code de validation', { exact: true });
  expect(await code.inputValue()).toBe(new URL(link).searchParams.get('token'));
  expect(await page.getByText('Demandes qui attendent votre réponse').textContent()).toContain('3');
  await page.getByRole('button', { name: 'Accepter toutes les demandes', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Demandes acceptées' }).waitFor();
  expect(
    await page.getByRole('status').filter({ hasText: 'Demandes acceptées' }).textContent(),
  ).toContain('3');
  await context.close();
}

test('a bulk change in French: tick services, read the summary, Valider; both validators accept the batch from their one e-mail', async () => {
  const ctx = web.app.ctx;
  // The admin's services: the guide's example.com (tech TECH), two of its own, one where it is
  // only the billing contact (it may not name a technical contact there: R3), and LOTS more.
  await createService(ctx, {
    serviceType: 'domain',
    serviceName: 'boutique.example',
    contactAdmin: ADMIN,
    contactTech: ADMIN,
    contactBilling: ADMIN,
  });
  await createService(ctx, {
    serviceType: 'hosting',
    serviceName: 'blog.example',
    contactAdmin: ADMIN,
    contactTech: ADMIN,
    contactBilling: ADMIN,
  });
  await createService(ctx, {
    serviceType: 'domain',
    serviceName: 'autre-partenaire.example',
    contactAdmin: OUTSIDER,
    contactTech: OUTSIDER,
    contactBilling: ADMIN,
  });
  const lots = Array.from({ length: LOTS }, (_, i) => `lot-${String(i).padStart(2, '0')}.example`);
  await importServices(
    ctx,
    Readable.from([
      [
        'serviceType,serviceName,contactAdmin,contactTech,contactBilling',
        ...lots.map((name) => `domain,${name},${ADMIN},${ADMIN},${ADMIN}`),
      ].join('\n') + '\n',
    ]),
  );

  const dialogs: string[] = [];
  const page = await browser.newPage({ locale: 'fr-FR' });
  forbidDialogs(page, dialogs);
  await logIn(page, web.baseUrl, ADMIN);
  await page.getByRole('heading', { name: 'Gestion des contacts' }).waitFor();

  // "Select all matching this filter" takes every service the search finds, beyond this page.
  await page.getByLabel('Rechercher un service', { exact: true }).fill('lot-');
  await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
  await page.waitForURL(/search=lot-/);
  expect(await page.getByRole('checkbox', { name: /^Sélectionner lot-/ }).count()).toBe(50);
  await page
    .getByRole('checkbox', { name: /^Sélectionner tous les services correspondant/ })
    .check();
  await page
    .getByRole('button', { name: 'Modifier les contacts de la sélection', exact: true })
    .click();
  await page.getByText(`Services sélectionnés : ${LOTS}`).waitFor();

  // Back to the whole list: the admin ticks four services, one by one.
  await page.getByRole('link', { name: 'Mes services', exact: true }).click();
  const picked: [string, string][] = [
    ['example.com', 'Nom de domaine'],
    ['boutique.example', 'Nom de domaine'],
    ['blog.example', 'Hébergement web'],
    ['autre-partenaire.example', 'Nom de domaine'],
  ];
  for (const [name, type] of picked)
    await page
      .getByRole('checkbox', { name: `Sélectionner ${name} (${type})`, exact: true })
      .check();
  await screenshot(page, 'fr-bulk-selection');
  await page
    .getByRole('button', { name: 'Modifier les contacts de la sélection', exact: true })
    .click();
  await page.getByText('Services sélectionnés : 4').waitFor();

  // The new technical contact, then the summary: what will be asked and what will be refused.
  await page.getByLabel('Contact technique', { exact: true }).fill(NEWBIE);
  await page.getByRole('button', { name: 'Voir le récapitulatif', exact: true }).click();
  const summary = page.getByRole('region', { name: 'Récapitulatif' });
  await summary.waitFor();
  const asked = summary.getByText('Services pour lesquels une demande sera faite : 3');
  await asked.click(); // opens the list
  for (const [name] of picked.slice(0, 3)) await summary.getByText(name).first().waitFor();
  const refused = summary.locator('details').filter({ hasText: 'Services refusés : 1' });
  expect(await refused.textContent()).toContain('autre-partenaire.example');
  expect(await refused.textContent()).toContain('Vous n’avez pas le droit');
  await screenshot(page, 'fr-bulk-summary');
  await page.getByRole('button', { name: 'Valider', exact: true }).click();
  const made = page.getByRole('status').filter({ hasText: 'Lot de demandes n°' });
  await made.waitFor();
  expect(await made.textContent()).toContain('3 demandes');
  const batchId = Number(new URL(page.url()).searchParams.get('batchId'));
  expect(batchId).toBeGreaterThan(0);

  // One e-mail per validator for the whole batch: the asker and the new contact. The old
  // technical contact of example.com is told only once it is done.
  await web.app.worker.drain();
  expect(mail.inbox(address(ADMIN))).toHaveLength(1);
  expect(mail.inbox(address(NEWBIE))).toHaveLength(1);
  expect(mail.inbox(address(TECH))).toHaveLength(0);
  for (const name of ['example.com', 'boutique.example', 'blog.example'])
    expect(mail.inbox(address(NEWBIE))[0]!.text).toContain(name);
  expect(batchLinkOf(ADMIN)).not.toBe(batchLinkOf(NEWBIE));

  // Each validator opens its link logged out, logs in, finds its code filled in, accepts all.
  await acceptFromLink(ADMIN, dialogs);
  await acceptFromLink(NEWBIE, dialogs);

  // The worker applies the three changes; the table shows the new contact on those services.
  await web.app.worker.drain();
  await page.getByRole('link', { name: 'Mes services', exact: true }).click();
  for (const [name] of picked.slice(0, 3))
    expect(await cellText(page, name, 'Contact technique')).toBe(NEWBIE);
  expect(await cellText(page, 'autre-partenaire.example', 'Contact technique')).toBe(OUTSIDER);
  expect(mail.inbox(address(TECH)).map((m) => m.subject)).toEqual([
    expect.stringContaining('example.com'),
  ]);

  // "Mes demandes": the batch is one line, all its requests done, and opens to the batch page.
  await page.getByRole('link', { name: 'Mes demandes', exact: true }).click();
  const rows = page.getByRole('row').filter({ has: page.getByRole('rowheader') });
  expect(await rows.count()).toBe(1);
  const line = rows.first();
  expect(await line.getByRole('rowheader').textContent()).toMatch(
    new RegExp(`^Lot ${batchId} · 3 demandes`),
  );
  const states = await line.locator('td[data-label="État"]').textContent();
  expect(states?.replace(/\s+/g, ' ')).toBe('Terminée : 3');
  expect(await line.textContent()).toContain(NEWBIE);
  await screenshot(page, 'fr-bulk-requests');
  await line.getByRole('link', { name: new RegExp(`^Ouvrir le lot n°\\s${batchId}$`) }).click();
  await page
    .getByRole('heading', { name: new RegExp(`^Lot de demandes n°\\s${batchId}$`) })
    .waitFor();
  expect(dialogs).toEqual([]);
  await page.close();
});
