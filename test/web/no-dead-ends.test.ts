import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { refuseChange } from '../../src/contact-changes/decide-change.js';
import { cancelChange } from '../../src/contact-changes/cancel-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { getChange } from '../../src/contact-changes/get-change.js';
import { createInvoice } from '../../src/invoices/manage-invoices.js';
import {
  ADMIN,
  BILLING,
  NEWBIE,
  OUTSIDER,
  SERVICE,
  TECH,
  seedGuide,
  tokenFor,
} from '../support/fixtures.js';
import { launchBrowser, logIn } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

/**
 * Issue 27, points 2–9, as a customer clicks through them. One browser and one server for the
 * file; each test makes its own requests on the guide's service (and closes them after).
 */
let web: WebApp;
let browser: Browser;
const open: BrowserContext[] = [];

beforeAll(async () => {
  web = await startWebApp();
  await seedGuide(web.app.ctx, { passwords: true });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await web?.close();
});
beforeEach(() => {
  open.length = 0;
});
afterEach(async () => {
  for (const context of open) await context.close();
  // Leave the service free for the next test: every open request on it is cancelled.
  const rows = await web.app.ctx.database.db
    .selectFrom('contact_changes')
    .select(['id', 'asking_account'])
    .where('state', '=', 'validatingByCustomers')
    .execute();
  for (const row of rows) await cancelChange(web.app.ctx, row.asking_account, Number(row.id));
});

async function pageOf(nichandle: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(5000);
  open.push(context);
  const page = await context.newPage();
  await logIn(page, web.baseUrl, nichandle);
  return page;
}

async function askNewTech(): Promise<number> {
  const [id] = await changeContact(web.app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  });
  return id!;
}

const linkOf = async (id: number, account: string) =>
  `${web.baseUrl}/contacts/requests?taskId=${id}&token=${await tokenFor(web.app.ctx, id, account)}`;

const messages = (page: Page) => page.getByRole('alert').or(page.getByRole('status'));

test('2. after 5 wrong codes the page says only a resend unlocks; a resend too soon says how long', async () => {
  const id = await askNewTech();
  const page = await pageOf(NEWBIE);
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Code de validation', { exact: true }).fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
    await page.waitForLoadState();
  }
  const locked = messages(page).filter({ hasText: 'Seul un nouvel e-mail le débloque' });
  await locked.first().waitFor();
  expect(await locked.first().textContent()).not.toContain('attendez');
  // The error is tied to the code field, and focus is on the summary.
  const field = page.getByLabel('Code de validation', { exact: true });
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
  // The resend button says to whom it sends.
  const resend = page.getByRole('button', { name: 'Renvoyer la demande', exact: true });
  expect(await page.locator('#resend-to').textContent()).toContain(NEWBIE);
  await resend.click();
  const wait = messages(page).filter({ hasText: 'Vous pourrez en redemander un dans' });
  await wait.first().waitFor();
  expect(await wait.first().textContent()).toMatch(/dans \d+\s?(s|min)/);
  // Reloading shows the page again; it does not repeat the resend.
  await page.reload();
  expect(await wait.count()).toBe(0);
});

test('3. a link opened in another account says whom it is for and switches account', async () => {
  const id = await askNewTech();
  const newbieLink = await linkOf(id, NEWBIE);
  // An account with no part in the request: no "Page introuvable", the link's owner, a way out.
  const outsider = await pageOf(OUTSIDER);
  await outsider.goto(newbieLink);
  expect(await outsider.getByRole('heading', { name: 'Page introuvable' }).count()).toBe(0);
  await messages(outsider)
    .filter({ hasText: `destiné au compte ${NEWBIE}` })
    .waitFor();
  await outsider.getByRole('button', { name: 'Changer de compte', exact: true }).click();
  await outsider.waitForURL(/\/login/);
  await logIn(outsider, web.baseUrl, NEWBIE);
  expect(outsider.url()).toBe(newbieLink);
  expect(await outsider.getByLabel('Code de validation', { exact: true }).inputValue()).toBe(
    new URL(newbieLink).searchParams.get('token'),
  );

  // The other validator: the code is not pre-filled, so it is never counted as its wrong try.
  const admin = await pageOf(ADMIN);
  await admin.goto(newbieLink);
  await messages(admin)
    .filter({ hasText: `destiné au compte ${NEWBIE}` })
    .waitFor();
  expect(await admin.getByLabel('Code de validation', { exact: true }).inputValue()).toBe('');
  const row = await web.app.ctx.database.db
    .selectFrom('validations')
    .select('failed_attempts')
    .where('request_id', '=', id)
    .where('account', '=', ADMIN)
    .executeTakeFirstOrThrow();
  expect(row.failed_attempts).toBe(0);
});

test('4. the asker is told it must validate too; taking a role back waits for the asker alone', async () => {
  const page = await pageOf(ADMIN);
  await page.goto(`${web.baseUrl}/contacts/services/domain/example.com/edit`);
  await page.getByLabel('Contact technique', { exact: true }).fill(NEWBIE);
  await page.getByRole('button', { name: 'Valider', exact: true }).click();
  await messages(page).filter({ hasText: 'Vous devez aussi valider la demande' }).waitFor();
  await messages(page)
    .filter({ hasText: `La demande attend votre validation et celle de ${NEWBIE}` })
    .waitFor();
  const [open] = await web.app.ctx.database.db
    .selectFrom('contact_changes')
    .select('id')
    .where('state', '=', 'validatingByCustomers')
    .execute();
  await cancelChange(web.app.ctx, ADMIN, Number(open!.id));

  await page.goto(`${web.baseUrl}/contacts/services/domain/example.com/edit`);
  await page.getByLabel('Contact facturation', { exact: true }).fill(ADMIN);
  await page.getByRole('button', { name: 'Valider', exact: true }).click();
  await messages(page)
    .filter({ hasText: 'n’attend que votre propre validation' })
    .first()
    .waitFor();
  await page.getByLabel('Code de validation', { exact: true }).waitFor();
});

test('5. unknown URLs answer a page to a browser and JSON to an API client; the service link of an old request is not dead', async () => {
  const page = await pageOf(NEWBIE);
  for (const path of ['/nope', '/contacts/nope']) {
    const res = await page.goto(`${web.baseUrl}${path}`);
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
  }
  const api = await fetch(`${web.baseUrl}/nope`, { headers: { accept: 'application/json' } });
  expect(api.status).toBe(404);
  expect(((await api.json()) as { errorCode: string }).errorCode).toBe('NOT_FOUND');

  // The new contact, before the change: no role yet, so the service shows without a link.
  const id = await askNewTech();
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  const detail = page.getByRole('region', { name: /Demande n° / });
  expect(await detail.getByRole('link', { name: 'example.com' }).count()).toBe(0);
  await detail.getByText('vous n’êtes plus contact de ce service').waitFor();
  // The admin holds a role: its link leads to the service's history.
  const admin = await pageOf(ADMIN);
  await admin.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  await admin
    .getByRole('region', { name: /Demande n° / })
    .getByRole('link', { name: 'example.com' })
    .click();
  await admin.getByRole('heading', { name: /Historique des contacts de example\.com/ }).waitFor();
});

test('6. reloading after creating an API token or a failed answer repeats nothing', async () => {
  const page = await pageOf(TECH);
  await page.goto(`${web.baseUrl}/account/api-tokens`);
  await page.getByLabel('Nom du jeton', { exact: true }).fill('ci');
  await page.getByRole('button', { name: 'Créer un jeton', exact: true }).click();
  expect(new URL(page.url()).pathname).toBe('/account/api-tokens');
  const token = await page.getByLabel('Nouveau jeton', { exact: true }).inputValue();
  expect(token.length).toBeGreaterThan(20);
  await page.reload();
  expect(await page.getByLabel('Nouveau jeton', { exact: true }).count()).toBe(0);
  expect(await page.getByRole('rowheader', { name: 'ci', exact: true }).count()).toBe(1);

  const id = await askNewTech();
  const newbie = await pageOf(NEWBIE);
  await newbie.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  await newbie.getByLabel('Code de validation', { exact: true }).fill('wrong');
  await newbie.getByRole('button', { name: 'Accepter la demande', exact: true }).click();
  await messages(newbie).filter({ hasText: 'Essais restants' }).first().waitFor();
  expect(new URL(newbie.url()).pathname).toBe('/contacts/requests');
  await newbie.reload();
  const row = await web.app.ctx.database.db
    .selectFrom('validations')
    .select('failed_attempts')
    .where('request_id', '=', id)
    .where('account', '=', NEWBIE)
    .executeTakeFirstOrThrow();
  expect(row.failed_attempts).toBe(1);
});

test('7. closed requests read their own words, and who never answered reads "sans réponse"', async () => {
  const ctx = web.app.ctx;
  const refused = await askNewTech();
  await refuseChange(ctx, NEWBIE, refused, await tokenFor(ctx, refused, NEWBIE));
  const cancelled = await askNewTech();
  await cancelChange(ctx, ADMIN, cancelled);
  const page = await pageOf(ADMIN);
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${refused}`);
  const facts = page.locator('.facts');
  await facts.getByText('Refusée le', { exact: true }).waitFor();
  expect(await facts.textContent()).not.toContain('Terminée le');
  expect(await page.locator('.validations').textContent()).toContain('sans réponse');
  expect(await page.locator('.validations').textContent()).not.toContain('en attente');
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${cancelled}`);
  await facts.getByText('Annulée le', { exact: true }).waitFor();
  // Internal states are not offered in the filter.
  const options = await page
    .getByLabel('État de la demande', { exact: true })
    .locator('option')
    .allTextContents();
  expect(options).not.toContain('À traiter');
  expect(options).not.toContain('Vérification');
});

test('8. an unpaid invoice: the billing field is locked and one message says who owes and what to do', async () => {
  await createInvoice(web.app.ctx, { account: BILLING, amount: '12.50' });
  const page = await pageOf(ADMIN);
  await page.goto(`${web.baseUrl}/contacts/services/domain/example.com/edit`);
  const billing = page.getByLabel('Contact facturation', { exact: true });
  expect(await billing.isEditable()).toBe(false);
  const block = page.locator('#unpaid-block');
  expect(await block.textContent()).toContain(`${BILLING}, a une facture impayée`);
  expect(await page.locator('.flash-warning', { hasText: 'facture impayée' }).count()).toBe(1);
  // Other fields still work.
  await page.getByLabel('Contact technique', { exact: true }).fill(NEWBIE);
  await page.getByRole('button', { name: 'Valider', exact: true }).click();
  await messages(page).filter({ hasText: 'Votre demande a été enregistrée' }).first().waitFor();
  await web.app.ctx.database.db.updateTable('invoices').set({ status: 'paid' }).execute();
});

test('9. refusing and cancelling ask first in the page words; handing over admin warns and needs a tick', async () => {
  const id = await askNewTech();
  const dialogs: string[] = [];
  const newbie = await pageOf(NEWBIE);
  newbie.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await newbie.goto(await linkOf(id, NEWBIE));
  await newbie.getByText('Refuser la demande', { exact: true }).click();
  await newbie.getByText(`Refuser met fin à la demande n° ${id}`).waitFor();
  expect((await getChange(web.app.ctx, ADMIN, id)).state).toBe('validatingByCustomers');

  const admin = await pageOf(ADMIN);
  admin.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await admin.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  await admin.getByText('Annuler la demande', { exact: true }).click();
  await admin.getByRole('button', { name: 'Oui, annuler la demande', exact: true }).click();
  await messages(admin).filter({ hasText: 'est annulée' }).first().waitFor();
  expect(dialogs).toEqual([]);

  await admin.goto(`${web.baseUrl}/contacts/services/domain/example.com/edit`);
  const field = admin.getByLabel('Contact administrateur', { exact: true });
  expect(await field.getAttribute('aria-describedby')).toContain('handover-warning');
  await admin.getByText('vous perdrez le contrôle de ce service').waitFor();
  await field.fill(NEWBIE);
  await admin.getByRole('button', { name: 'Valider', exact: true }).click();
  const box = admin.getByRole('checkbox', { name: /je ne serai plus contact administrateur/ });
  expect(await box.getAttribute('aria-invalid')).toBe('true');
  expect(await field.inputValue()).toBe(NEWBIE);
  await box.check();
  await admin.getByRole('button', { name: 'Valider', exact: true }).click();
  await messages(admin).filter({ hasText: 'Votre demande a été enregistrée' }).first().waitFor();
});
