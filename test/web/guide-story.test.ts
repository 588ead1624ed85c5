import type { Browser, Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { createAccount } from '../../src/accounts/create-account.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, ENGLISH, NEWBIE, TECH } from '../support/fixtures.js';
import { cellText, forbidDialogs, logIn, screenshot } from './support/browser.js';
import type { MailCatcher } from './support/mail-catcher.js';
import { browserStory } from './support/story.js';
import type { WebApp } from './support/web-app.js';

let browser: Browser;
let web: WebApp;
let mail: MailCatcher;

const story = browserStory({ smtp: true });
beforeEach(() => {
  ({ browser, web } = story);
  mail = story.mail!;
});

const address = (nichandle: string) => `${nichandle}@example.test`;

test('the guide in French: the admin names a new tech contact, both accept from their e-mail, the table shows it', async () => {
  const dialogs: string[] = [];
  const adminPage = await browser.newPage({ locale: 'fr-FR' });
  forbidDialogs(adminPage, dialogs);
  await logIn(adminPage, web.baseUrl, ADMIN);

  // "Gestion des contacts": the table of the services where the account is a contact.
  await adminPage.getByRole('heading', { name: 'Gestion des contacts' }).waitFor();
  expect(
    await adminPage.getByRole('link', { name: 'Mes services' }).getAttribute('aria-current'),
  ).toBe('page');
  expect(await cellText(adminPage, 'example.com', 'Contact technique')).toBe(TECH);
  await screenshot(adminPage, 'fr-services');

  // "Modifier les contacts", then the new contact and "Valider".
  await adminPage
    .getByRole('row', { name: /example\.com/ })
    .getByRole('link', { name: 'Modifier les contacts' })
    .click();
  const techField = adminPage.getByLabel('Contact technique', { exact: true });
  expect(await techField.inputValue()).toBe(TECH);
  expect(await adminPage.getByLabel('Contact administrateur', { exact: true }).isEditable()).toBe(
    true,
  );
  expect(await adminPage.getByLabel('Contact facturation', { exact: true }).isEditable()).toBe(
    true,
  );
  await screenshot(adminPage, 'fr-edit');
  await techField.fill(NEWBIE);
  await adminPage.getByRole('button', { name: 'Valider', exact: true }).click();
  const confirmation = adminPage.getByRole('status').filter({ hasText: 'Un e-mail a été envoyé' });
  await confirmation.waitFor();
  expect(await confirmation.textContent()).toContain(`de ${TECH} vers ${NEWBIE}`);
  await screenshot(adminPage, 'fr-request-made');

  // The worker sends the e-mails: one to each validator, each with its own link.
  await web.app.worker.drain();
  const adminLink = mail.linkFor(address(ADMIN));
  const newbieLink = mail.linkFor(address(NEWBIE));
  expect(adminLink).not.toBe(newbieLink);
  expect(mail.inbox(address(TECH))).toHaveLength(0);

  // The admin opens its link: the code is filled in, nothing is used until it presses Accept.
  await adminPage.goto(adminLink);
  const code = adminPage.getByLabel('Code de validation', { exact: true });
  expect(await code.inputValue()).toBe(new URL(adminLink).searchParams.get('token'));
  await screenshot(adminPage, 'fr-request-link');
  await adminPage.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
  await adminPage.getByRole('status').filter({ hasText: 'Vous avez accepté la demande' }).waitFor();
  // One validator has accepted: the page names the contact it still waits for.
  const waiting = adminPage
    .getByRole('status')
    .filter({ hasText: 'en attente de validation par l’autre contact' });
  expect(await waiting.textContent()).toContain(NEWBIE);
  await screenshot(adminPage, 'fr-waiting');

  // The new contact opens its link without being logged in: through the login and back.
  const newbieContext = await browser.newContext({ locale: 'fr-FR' });
  const newbiePage = await newbieContext.newPage();
  forbidDialogs(newbiePage, dialogs);
  await newbiePage.goto(newbieLink);
  expect(new URL(newbiePage.url()).pathname).toBe('/login');
  await screenshot(newbiePage, 'fr-login');
  await logIn(newbiePage, web.baseUrl, NEWBIE);
  expect(newbiePage.url()).toBe(newbieLink);
  const newbieCode = newbiePage.getByLabel('Code de validation', { exact: true });
  expect(await newbieCode.inputValue()).toBe(new URL(newbieLink).searchParams.get('token'));
  await newbiePage.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
  await newbiePage
    .getByRole('status')
    .filter({ hasText: 'Tous les contacts l’ont validée' })
    .waitFor();

  // The worker applies the change and tells everyone; the table shows the new contact.
  await web.app.worker.drain();
  await adminPage.getByRole('link', { name: 'Mes services' }).click();
  expect(await cellText(adminPage, 'example.com', 'Contact technique')).toBe(NEWBIE);
  const done = mail.inbox(address(TECH)).map((m) => m.subject);
  expect(done).toEqual([
    expect.stringContaining('Changement de contact effectué pour example.com'),
  ]);

  // "Mes demandes" shows the request, done, newest first.
  await adminPage.getByRole('link', { name: 'Mes demandes' }).click();
  expect(await cellText(adminPage, '1 ' + (await firstDate(adminPage)), 'État')).toBe('Terminée');
  await screenshot(adminPage, 'fr-requests');
  expect(dialogs).toEqual([]);
  await newbieContext.close();
  await adminPage.close();
});

/** The date shown under the id of the first request (part of the row header). */
async function firstDate(page: Page): Promise<string> {
  const header = page.getByRole('rowheader').first();
  return ((await header.locator('.small').textContent()) ?? '').trim();
}

test('the same story in English, for accounts whose language is English', async () => {
  const ctx = web.app.ctx;
  await createAccount(ctx, {
    nichandle: 'et10007-ch',
    name: 'Ethan Tech',
    language: 'en',
    email: 'et10007-ch@example.test',
    password: 'correct horse battery',
  });
  await createAccount(ctx, {
    nichandle: 'en10008-ch',
    name: 'Eve New',
    language: 'en',
    email: 'en10008-ch@example.test',
    password: 'correct horse battery',
  });
  await createService(ctx, {
    serviceType: 'hosting',
    serviceName: 'english.example',
    contactAdmin: ENGLISH,
    contactTech: 'et10007-ch',
    contactBilling: ENGLISH,
  });
  const labels = { id: 'Account ID', password: 'Password', button: 'Log in' };
  // A French browser: the account's language (English) wins once logged in.
  const page = await browser.newPage({ locale: 'fr-FR' });
  await logIn(page, web.baseUrl, ENGLISH);
  await page.getByRole('heading', { name: 'Contact management' }).waitFor();
  expect(await cellText(page, 'english.example', 'Technical contact')).toBe('et10007-ch');
  await screenshot(page, 'en-services');
  await page
    .getByRole('row', { name: /english\.example/ })
    .getByRole('link', { name: 'Modify contacts' })
    .click();
  await page.getByLabel('Technical contact', { exact: true }).fill('en10008-ch');
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'An e-mail was sent to' }).waitFor();
  await screenshot(page, 'en-request-made');

  await web.app.worker.drain();
  await page.goto(mail.linkFor(address(ENGLISH)));
  await page.getByRole('button', { name: 'Accept request', exact: true }).click();
  const waiting = page
    .getByRole('status')
    .filter({ hasText: 'The request is still waiting for the other contact to validate' });
  expect(await waiting.textContent()).toContain('en10008-ch');
  await screenshot(page, 'en-waiting');

  // Not logged in yet: the login page speaks the browser's language.
  const other = await browser.newContext({ locale: 'en-GB' });
  const newPage = await other.newPage();
  await newPage.goto(mail.linkFor('en10008-ch@example.test'));
  await logIn(newPage, web.baseUrl, 'en10008-ch', labels);
  await newPage.getByRole('button', { name: 'Accept request', exact: true }).click();
  await newPage.getByRole('status').filter({ hasText: 'Every contact has validated it' }).waitFor();

  await web.app.worker.drain();
  await page.getByRole('link', { name: 'My services' }).click();
  expect(await cellText(page, 'english.example', 'Technical contact')).toBe('en10008-ch');
  expect(mail.inbox('et10007-ch@example.test').map((m) => m.subject)).toEqual([
    expect.stringContaining('Contact change done for english.example'),
  ]);
  await page.getByRole('link', { name: 'My requests' }).click();
  await page.getByRole('columnheader', { name: 'ID / date sent' }).waitFor();
  await screenshot(page, 'en-requests');
  await other.close();
  await page.close();
});
