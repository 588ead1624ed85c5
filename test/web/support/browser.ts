import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Keeps a full-page screenshot as a test artifact (artifacts/ is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export const PASSWORD = 'correct horse battery';

/** A person logging in with the form, by the labels they read. */
export async function logIn(
  page: Page,
  baseUrl: string,
  nichandle: string,
  labels = { id: 'Identifiant', password: 'Mot de passe', button: 'Se connecter' },
): Promise<void> {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByLabel(labels.id, { exact: true }).fill(nichandle);
  await page.getByLabel(labels.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: labels.button, exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Fails the test if the page ever opens a dialog it did not expect (alert from injected data). */
export function forbidDialogs(page: Page, seen: string[]): void {
  page.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** The text of one cell of a table, found by its row's name and its column's header. */
export async function cellText(page: Page, rowName: string, column: string): Promise<string> {
  const headers = await page.getByRole('columnheader').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  if (index < 0) throw new Error(`no column ${column} in ${headers.join(' | ')}`);
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: rowName, exact: true }) });
  return ((await row.locator('th, td').nth(index).textContent()) ?? '').trim();
}
