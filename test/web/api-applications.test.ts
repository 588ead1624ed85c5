import { expect, test } from 'vitest';
import { ADMIN } from '../support/fixtures.js';
import { logIn, screenshot } from './support/browser.js';
import { browserStory } from './support/story.js';

/** SPEC §10: the API page makes OAuth2 applications (the secret shown once) and revokes them. */
const story = browserStory();

async function tokenOf(baseUrl: string, clientId: string, clientSecret: string) {
  return fetch(`${baseUrl}/api/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=all',
  });
}

test('an API application: made with its secret shown once, usable, then revoked', async () => {
  const { browser, web } = story;
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  await logIn(page, web.baseUrl, ADMIN);
  await page.getByRole('link', { name: 'Jetons d’API' }).click();
  await page.getByText('Aucune application.').waitFor();

  await page.getByLabel('Nom de l’application', { exact: true }).fill('Scripts OVH');
  await page.getByRole('button', { name: 'Créer une application', exact: true }).click();
  const clientId = await page.getByLabel('Identifiant client', { exact: true }).inputValue();
  const clientSecret = await page.getByLabel('Secret client', { exact: true }).inputValue();
  expect(clientSecret).toMatch(/^chs_/);
  await screenshot(page, 'fr-api-applications');

  const granted = await tokenOf(web.baseUrl, clientId, clientSecret);
  expect(granted.status).toBe(200);
  const { access_token } = (await granted.json()) as { access_token: string };
  const me = await fetch(`${web.baseUrl}/api/me`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(((await me.json()) as { nichandle: string }).nichandle).toBe(ADMIN);

  // Shown once: the page lists the application by name and client id, never its secret again.
  await page.getByRole('link', { name: 'Jetons d’API' }).click();
  expect(await page.content()).not.toContain(clientSecret);
  const row = page.getByRole('row').filter({ hasText: 'Scripts OVH' });
  expect(await row.textContent()).toContain(clientId);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Révoquer l’application Scripts OVH' }).click();
  await page.getByText('L’application est révoquée', { exact: false }).waitFor();
  await page.getByText('Aucune application.').waitFor();
  const after = await fetch(`${web.baseUrl}/api/me`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(after.status).toBe(401);
  expect((await tokenOf(web.baseUrl, clientId, clientSecret)).status).toBe(401);
  await context.close();
});
