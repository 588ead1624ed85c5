import type { Browser, Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, OUTSIDER, SERVICE, TECH, tokenFor } from '../support/fixtures.js';
import { cellText, forbidDialogs, logIn, screenshot } from './support/browser.js';
import { browserStory } from './support/story.js';
import type { WebApp } from './support/web-app.js';

let browser: Browser;
let web: WebApp;

const story = browserStory();
beforeEach(() => {
  ({ browser, web } = story);
});

async function pageOf(nichandle: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  await logIn(page, web.baseUrl, nichandle);
  return page;
}

const editUrl = (type: string, name: string) =>
  `/contacts/services/${encodeURIComponent(type)}/${encodeURIComponent(name)}/edit`;

test('R5: an unpaid invoice locks the billing field, with one message saying who owes and what to do', async () => {
  await createInvoice(web.app.ctx, { account: BILLING, amount: '12.50' });
  const admin = await pageOf(ADMIN);
  await admin.goto(`${web.baseUrl}${editUrl('domain', 'example.com')}`);
  const billing = admin.getByLabel('Contact facturation', { exact: true });
  // The message is tied to the field: a screen reader reads it with the field.
  const describedBy = (await billing.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain('unpaid-block');
  expect(await billing.isEditable()).toBe(false);
  const warning = admin.locator('#unpaid-block');
  expect(await warning.textContent()).toContain(`${BILLING}, a une facture impayée`);
  expect(await warning.textContent()).toContain('Demandez-lui de la régler');
  await screenshot(admin, 'fr-unpaid-warning');

  // The billing contact itself reads that it is the one who owes, and what to do.
  const self = await pageOf(BILLING);
  await self.goto(`${web.baseUrl}${editUrl('domain', 'example.com')}`);
  expect(await self.locator('#unpaid-block').textContent()).toContain(
    `vous (${BILLING}) avez une facture impayée. Réglez-la`,
  );
  await admin.context().close();
  await self.context().close();
});

test('R3: a tech contact sees only the tech field editable, and may hand it over', async () => {
  const page = await pageOf(TECH);
  expect(await cellText(page, 'example.com', 'Contact technique')).toContain(TECH);
  await page
    .getByRole('row', { name: /example\.com/ })
    .getByRole('link', { name: 'Modifier les contacts' })
    .click();
  const admin = page.getByLabel('Contact administrateur', { exact: true });
  const tech = page.getByLabel('Contact technique', { exact: true });
  const billing = page.getByLabel('Contact facturation', { exact: true });
  expect(await tech.isEditable()).toBe(true);
  expect(await admin.isEditable()).toBe(false);
  expect(await billing.isEditable()).toBe(false);
  expect(await admin.inputValue()).toBe(ADMIN);
  await page.getByText('vous pouvez uniquement désigner un autre contact technique').waitFor();
  await screenshot(page, 'fr-edit-tech');
  await tech.fill(NEWBIE);
  await page.getByRole('button', { name: 'Valider', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `de ${TECH} vers ${NEWBIE}` })
    .waitFor();
  await page.context().close();
});

test('R1: an outsider sees nothing of the services and requests of others', async () => {
  const [id] = await changeContact(web.app.ctx, ADMIN, 'domain', 'example.com', {
    contactTech: NEWBIE,
  });
  const page = await pageOf(OUTSIDER);
  await page.getByText('Vous n’êtes encore contact d’aucun service.').waitFor();
  expect(await page.content()).not.toContain(ADMIN);
  for (const path of [
    editUrl('domain', 'example.com'),
    '/contacts/services/domain/example.com/history',
    `/contacts/requests?taskId=${id}`,
  ]) {
    const response = await page.goto(`${web.baseUrl}${path}`);
    expect(response?.status(), path).toBe(404);
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    expect(await page.content()).not.toContain(TECH);
  }
  await page.goto(`${web.baseUrl}/contacts/requests`);
  await page.getByText('Aucune demande.').waitFor();
  const csv = await page.request.get(`${web.baseUrl}/contacts/services.csv`);
  expect((await csv.text()).trim().split('\r\n')).toHaveLength(1);
  await page.context().close();
});

test('data never runs as script: service names and typed values render as text', async () => {
  const nasty = ['<script>alert(1)</script>', `"'><img src=x onerror=alert(2)>`];
  for (const serviceName of nasty) {
    await createService(web.app.ctx, { serviceType: 'zone', serviceName, contactAdmin: ADMIN });
  }
  const dialogs: string[] = [];
  const page = await pageOf(ADMIN);
  forbidDialogs(page, dialogs);
  await page.reload();
  for (const name of nasty) {
    await page.getByRole('rowheader', { name, exact: true }).waitFor();
  }
  await screenshot(page, 'xss-services');
  await page.getByLabel('Rechercher un service', { exact: true }).fill('<script>');
  await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
  expect(await page.getByRole('rowheader').allTextContents()).toEqual([nasty[0]]);

  for (const name of nasty) {
    await page.goto(`${web.baseUrl}${editUrl('zone', name)}`);
    await page
      .getByRole('heading', { name: `Modifier les contacts de ${name} (Zone DNS)` })
      .waitFor();
    // A nichandle-like value with quotes and markup comes back in the field, as typed.
    const typed = `ab1"><script>alert(3)</script>'`;
    await page.getByLabel('Contact technique', { exact: true }).fill(typed);
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Contact technique', { exact: true }).inputValue()).toBe(typed);
    await page.getByLabel('Contact technique', { exact: true }).fill(NEWBIE);
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('status').filter({ hasText: name }).waitFor();
  }
  await page
    .getByRole('link', { name: /^Ouvrir la demande/ })
    .first()
    .click();
  await page.getByRole('region').filter({ hasText: nasty[1]! }).waitFor();
  await page.goto(`${web.baseUrl}/contacts/services/zone/${encodeURIComponent(nasty[0]!)}/history`);
  await page
    .getByRole('heading', { name: `Historique des contacts de ${nasty[0]} (Zone DNS)` })
    .waitFor();
  await screenshot(page, 'xss-history');
  expect(dialogs).toEqual([]);
  await page.context().close();
});

test('API tokens: made and shown once, usable, then revoked', async () => {
  const page = await pageOf(ADMIN);
  await page.getByRole('link', { name: 'Jetons d’API' }).click();
  await page.getByText('Aucun jeton.').waitFor();
  await page.getByLabel('Nom du jeton', { exact: true }).fill('CI "deploy" <b>');
  await page.getByRole('button', { name: 'Créer un jeton', exact: true }).click();
  const token = await page.getByLabel('Nouveau jeton', { exact: true }).inputValue();
  expect(token).toMatch(/^cht_/);
  await screenshot(page, 'fr-api-tokens');
  const me = await fetch(`${web.baseUrl}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(((await me.json()) as { nichandle: string }).nichandle).toBe(ADMIN);

  // Shown once: the list never shows it again.
  await page.getByRole('link', { name: 'Jetons d’API' }).click();
  expect(await page.content()).not.toContain(token);
  expect(await page.getByRole('rowheader').allTextContents()).toEqual(['CI "deploy" <b>']);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Révoquer le jeton CI "deploy" <b>' }).click();
  await page.getByText('Le jeton est révoqué.').waitFor();
  await page.getByText('Aucun jeton.').waitFor();
  const after = await fetch(`${web.baseUrl}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status).toBe(401);
  await page.context().close();
});

test('history: who held which role when, the request that changed it, contacts on a date', async () => {
  const ctx = web.app.ctx;
  web.app.clock.advance(3600_000);
  const [id] = await changeContact(ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await acceptChange(ctx, ADMIN, id, await tokenFor(ctx, id!, ADMIN));
  await acceptChange(ctx, NEWBIE, id, await tokenFor(ctx, id!, NEWBIE));
  await web.app.worker.drain();

  const page = await pageOf(ADMIN);
  await page
    .getByRole('row', { name: /example\.com/ })
    .getByRole('link', { name: 'Historique' })
    .click();
  const tech = page.getByRole('region', { name: 'Contact technique' });
  const rows = await tech.getByRole('row').allTextContents();
  expect(rows).toHaveLength(3); // header, then the two holders
  expect(rows[1]).toContain(TECH);
  expect(rows[1]).toContain('création du service');
  expect(rows[2]).toContain(NEWBIE);
  expect(rows[2]).toContain(`Demande n°\u00a0${id}`);
  expect(rows[2]).toContain('aujourd’hui');
  await page.getByRole('cell', { name: 'Changement effectué' }).waitFor();
  await screenshot(page, 'fr-history');

  await page.getByLabel('Date', { exact: true }).fill('2026-11-23');
  await page.getByRole('button', { name: 'Afficher', exact: true }).click();
  await page.getByText('Le service n’existait pas encore à cette date.').waitFor();
  await page.getByLabel('Date', { exact: true }).fill('2026-11-24');
  await page.getByRole('button', { name: 'Afficher', exact: true }).click();
  expect(await page.getByRole('status').textContent()).toContain(NEWBIE);
  await page.context().close();
});

test('language: ?lang= switches every page and is kept; filters and pages of the list', async () => {
  for (let i = 0; i < 55; i++) {
    await createService(web.app.ctx, {
      serviceType: 'hosting',
      serviceName: `site-${String(i).padStart(2, '0')}.example`,
      contactAdmin: TECH,
      contactBilling: ADMIN,
    });
  }
  const page = await pageOf(ADMIN);
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Contact management' }).waitFor();
  await page.getByRole('link', { name: 'My requests' }).click();
  await page.getByRole('columnheader', { name: 'Contact to change' }).waitFor();
  await page.getByRole('link', { name: 'My services' }).click();

  await page.getByLabel('Service type', { exact: true }).selectOption('hosting');
  await page.getByLabel('My role', { exact: true }).selectOption('billing');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  expect(await page.getByRole('rowheader').count()).toBe(50);
  expect(await cellText(page, 'site-00.example', 'Billing contact')).toContain(ADMIN);
  await page.getByRole('link', { name: 'Next page' }).click();
  expect(await page.getByRole('rowheader').allTextContents()).toEqual([
    'site-50.example',
    'site-51.example',
    'site-52.example',
    'site-53.example',
    'site-54.example',
  ]);
  expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
  await page.getByLabel('My role', { exact: true }).selectOption('admin');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByText('No service matches.').waitFor();
  await page.getByRole('link', { name: 'Français' }).click();
  await page.getByText('Aucun service ne correspond.').waitFor();
  await page.context().close();
});
