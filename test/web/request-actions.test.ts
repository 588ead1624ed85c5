import type { Browser, Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { ADMIN, NEWBIE, SERVICE, TECH } from '../support/fixtures.js';
import { logIn, screenshot } from './support/browser.js';
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

/** The admin asks for a new tech contact; the e-mails go out. */
async function askNewTech(): Promise<number> {
  const [id] = await changeContact(web.app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  await web.app.worker.drain();
  return id!;
}

async function pageOf(nichandle: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  await logIn(page, web.baseUrl, nichandle);
  return page;
}

function flash(page: Page, text: string) {
  return page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: text });
}

test('the new contact refuses: the request ends refused and every party is told', async () => {
  const id = await askNewTech();
  const page = await pageOf(NEWBIE);
  await page.goto(mail.linkFor(address(NEWBIE)));
  // Refusing asks first, in the page's words.
  await page.getByText('Refuser la demande', { exact: true }).click();
  await page.getByRole('button', { name: 'Oui, refuser la demande', exact: true }).click();
  await flash(page, `Vous avez refusé la demande n° ${id}`).waitFor();
  const badge = page
    .getByRole('region', { name: new RegExp(`Demande n° ${id}`) })
    .locator('.badge');
  expect(await badge.textContent()).toBe('Refusée');
  // Nothing is left to do with a refused request.
  expect(await page.getByRole('button', { name: 'Accepter la demande' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Renvoyer la demande' }).count()).toBe(0);
  await screenshot(page, 'fr-refused');
  await web.app.worker.drain();
  for (const party of [ADMIN, TECH, NEWBIE]) {
    expect(mail.inbox(address(party)).map((m) => m.subject)).toContainEqual(
      expect.stringContaining('Demande de changement de contact refusée pour example.com'),
    );
  }
  expect((await getChange(web.app.ctx, ADMIN, id)).state).toBe('refused');
  await page.context().close();
});

test('a wrong code is refused with a message, the request stays open', async () => {
  const id = await askNewTech();
  const page = await pageOf(NEWBIE);
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  const code = page.getByLabel('Code de validation', { exact: true });
  expect(await code.inputValue()).toBe('');
  await code.fill('not-the-code');
  await page.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
  await flash(page, 'Ce code de validation n’est pas valide').waitFor();
  expect((await getChange(web.app.ctx, NEWBIE, id)).state).toBe('validatingByCustomers');
  await page.context().close();
});

test('resend: a new e-mail with a new code, the old code stops working', async () => {
  const id = await askNewTech();
  const oldLink = mail.linkFor(address(NEWBIE));
  web.app.clock.advance(61_000); // past RESEND_COOLDOWN_SECONDS

  // The new contact never got the e-mail (say): from "Mes demandes" it asks for it again.
  const newbie = await pageOf(NEWBIE);
  await newbie.getByRole('link', { name: 'Mes demandes' }).click();
  await newbie.getByRole('link', { name: `Ouvrir la demande n° ${id}` }).click();
  expect(await newbie.getByLabel('Code de validation', { exact: true }).inputValue()).toBe('');
  await newbie.getByRole('button', { name: 'Renvoyer la demande', exact: true }).click();
  await flash(newbie, `Un nouvel e-mail a été envoyé à ${NEWBIE}`).waitFor();
  await screenshot(newbie, 'fr-resent');
  // Too soon for another one: a clear message.
  await newbie.getByRole('button', { name: 'Renvoyer la demande', exact: true }).click();
  await flash(newbie, `Un e-mail vient d’être envoyé à ${NEWBIE}`).waitFor();

  await web.app.worker.drain();
  const newLink = mail.linkFor(address(NEWBIE));
  expect(newLink).not.toBe(oldLink);
  // The old link says its code no longer works, and does not put it in the field.
  await newbie.goto(oldLink);
  await flash(newbie, 'Le code de ce lien n’est plus valide').waitFor();
  expect(await newbie.getByLabel('Code de validation', { exact: true }).inputValue()).toBe('');
  await newbie.goto(newLink);
  await newbie.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
  await flash(newbie, `Vous avez accepté la demande n° ${id}`).waitFor();
  // The admin has not answered yet: the new contact reads whose answer is awaited.
  expect(await flash(newbie, 'en attente de validation').textContent()).toContain(ADMIN);
  expect((await getChange(web.app.ctx, ADMIN, id)).state).toBe('validatingByCustomers');
  await newbie.context().close();
});

test('the asker cancels its request; the others cannot', async () => {
  const id = await askNewTech();
  const newbie = await pageOf(NEWBIE);
  await newbie.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  expect(await newbie.getByText('Annuler la demande', { exact: true }).count()).toBe(0);

  const admin = await pageOf(ADMIN);
  const dialogs: string[] = [];
  admin.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await admin.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  // The confirmation is in the page's words, not a browser dialog with OK / Annuler buttons.
  await admin.getByText('Annuler la demande', { exact: true }).click();
  await admin.getByRole('button', { name: 'Oui, annuler la demande', exact: true }).click();
  await flash(admin, `La demande n° ${id} est annulée`).waitFor();
  expect(dialogs).toEqual([]);
  expect((await getChange(web.app.ctx, ADMIN, id)).state).toBe('aborted');

  // The state filter shows it among the cancelled ones, and not among the open ones.
  await admin.getByLabel('État de la demande', { exact: true }).selectOption('aborted');
  await admin.getByRole('button', { name: 'Filtrer', exact: true }).click();
  expect(await admin.getByRole('rowheader').count()).toBe(1);
  await admin
    .getByLabel('État de la demande', { exact: true })
    .selectOption('validatingByCustomers');
  await admin.getByRole('button', { name: 'Filtrer', exact: true }).click();
  await admin.getByText('Aucune demande.').waitFor();
  await admin.context().close();
  await newbie.context().close();
});
