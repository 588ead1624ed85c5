import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, SERVICE, TECH, seedGuide } from '../support/fixtures.js';
import { launchBrowser, logIn } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';
import type { Browser } from 'playwright-core';

/**
 * The README's pictures of the panel, on a desktop (1280 px) and a phone (390 px), in French and
 * English. Made only when asked: `SCREENSHOTS=1 npx vitest run test/web/readme-screenshots.test.ts`
 * writes them to docs/screenshots/.
 */
const wanted = process.env.SCREENSHOTS === '1';
const DIR = join(process.cwd(), 'docs', 'screenshots');
let web: WebApp;
let browser: Browser;
let id: number;

beforeAll(async () => {
  if (!wanted) return;
  web = await startWebApp();
  await seedGuide(web.app.ctx, { passwords: true });
  for (const [serviceType, serviceName] of [
    ['zone', 'example.com'],
    ['hosting', 'boutique-des-artisans.fr'],
    ['email', 'mail.entreprise.example'],
  ] as const) {
    await createService(web.app.ctx, {
      serviceType,
      serviceName,
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: BILLING,
    });
  }
  [id] = (await changeContact(web.app.ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  })) as [number];
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await web?.close();
});

test.runIf(wanted)(
  'screenshots of the panel for the README',
  async () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const [device, size] of [
        ['desktop', { width: 1280, height: 800 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(`${web.baseUrl}/login?lang=${lang}`);
        await logIn(
          page,
          web.baseUrl,
          ADMIN,
          lang === 'fr' ? undefined : { id: 'Account ID', password: 'Password', button: 'Log in' },
        );
        await page.goto(`${web.baseUrl}/contacts/services`);
        await page.screenshot({
          path: join(DIR, `services-${device}-${lang}.png`),
          fullPage: true,
        });
        await page.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
        await page.screenshot({ path: join(DIR, `request-${device}-${lang}.png`), fullPage: true });
        await context.close();
      }
    }
  },
  120_000,
);
