import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser } from '../web/support/browser.js';
import { TEST_DIALECT, makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

/** The browsable API page in a real Chromium, under the server's Content-Security-Policy. */
const browserTest = test.skipIf(TEST_DIALECT === 'postgres');

let app: TestApp;
let http: Running;
let browser: Browser | undefined;
beforeAll(async () => {
  if (TEST_DIALECT === 'postgres') return;
  app = await makeTestApp({ ADMIN_TOKEN: 'operator-token-0123456789' });
  http = await startServer(app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await app?.close();
});

browserTest('/api/docs shows the operations of SPEC §5', async () => {
  const page = await browser!.newPage();
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto(`${http.url}/api/docs`);
  await page.getByText('/api/me/task/contactChange/{id}/accept').first().waitFor();
  await expect(
    page.getByText('/api/{serviceType}/{serviceName}/changeContact').count(),
  ).resolves.toBeGreaterThan(0);
  await expect(page.getByText('/api/admin/invoices/{id}/pay').count()).resolves.toBeGreaterThan(0);
  expect(blocked).toEqual([]);
});
