import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acceptChange } from '../../src/contact-changes/decide-change.js';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { changeContactsInBulk } from '../../src/contact-changes/change-contacts-in-bulk.js';
import { createService } from '../../src/services/create-service.js';
import { ADMIN, BILLING, NEWBIE, SERVICE, TECH, seedGuide, tokenFor } from '../support/fixtures.js';
import { launchBrowser, logIn } from './support/browser.js';
import {
  axeViolations,
  frenchTypographyFaults,
  sidewaysScroll,
  unreachableActions,
} from './support/panel-checks.js';
import { startWebApp, type WebApp } from './support/web-app.js';

/**
 * Issue 27, SPEC §6's closing paragraph: every page at 390 px (a phone) and 1280 px (a desktop),
 * in both languages: nothing scrolls sideways, every row action is on screen and clickable, and
 * axe-core finds no serious or critical accessibility violation. One server and one browser for
 * the whole file; each page is loaded once per width and language.
 */
let web: WebApp;
let browser: Browser;
let openId: number;
let doneId: number;
const contexts: Partial<Record<'fr' | 'en' | 'anon', BrowserContext>> = {};

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

beforeAll(async () => {
  web = await startWebApp();
  const ctx = web.app.ctx;
  await seedGuide(ctx, { passwords: true });
  // Names of every shape a customer may hold: long labels, a very long single word.
  for (const [serviceType, serviceName] of [
    ['zone', 'example.com'],
    ['hosting', 'boutique-en-ligne-des-artisans-du-pays-basque.fr'],
    ['email', 'mail.tres-long-sous-domaine.entreprise-internationale.example'],
    ['server', 'ns3141592.ip-51-210-42.eu'],
    ['vps', 'vps-4a7b9c2d1e0f3a5b7c9d1e3f5a7b9c1d3e5f7a9b.vps.ovh.net'],
  ] as const) {
    await createService(ctx, {
      serviceType,
      serviceName,
      contactAdmin: ADMIN,
      contactTech: TECH,
      contactBilling: BILLING,
    });
  }
  [openId] = (await changeContact(ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: NEWBIE,
  })) as [number];
  [doneId] = (await changeContact(ctx, ADMIN, 'zone', 'example.com', { contactTech: ADMIN })) as [
    number,
  ];
  await acceptChange(ctx, ADMIN, doneId, await tokenFor(ctx, doneId, ADMIN));
  // A batch (R22): one line of "Mes demandes" with its services, contacts and states.
  const batch = await changeContactsInBulk(ctx, ADMIN, {
    services: [
      { serviceType: 'hosting', serviceName: 'boutique-en-ligne-des-artisans-du-pays-basque.fr' },
      {
        serviceType: 'vps',
        serviceName: 'vps-4a7b9c2d1e0f3a5b7c9d1e3f5a7b9c1d3e5f7a9b.vps.ovh.net',
      },
      { serviceType: 'server', serviceName: 'ns3141592.ip-51-210-42.eu' },
    ],
    contactTech: NEWBIE,
    contactBilling: NEWBIE,
  });
  expect(batch.requests).toHaveLength(3);
  await web.app.worker.drain();
  browser = await launchBrowser();
  for (const lang of ['fr', 'en'] as const) {
    const context = await browser.newContext({
      locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
      bypassCSP: true, // axe-core is injected as an inline script
    });
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/login?lang=${lang}`);
    await logIn(
      page,
      web.baseUrl,
      ADMIN,
      lang === 'fr' ? undefined : { id: 'Account ID', password: 'Password', button: 'Log in' },
    );
    await page.close();
    contexts[lang] = context;
  }
  contexts.anon = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

const PAGES = (): [string, string][] => [
  ['services', '/contacts/services'],
  ['requests', '/contacts/requests'],
  ['one request', `/contacts/requests?taskId=${openId}`],
  ['a closed request', `/contacts/requests?taskId=${doneId}`],
  ['edit', '/contacts/services/domain/example.com/edit'],
  ['history', '/contacts/services/zone/example.com/history?at=2026-01-01'],
  ['tokens', '/account/api-tokens'],
  ['profile', '/account/profile'],
  ['unknown page', '/nope/nothing'],
];

async function check(page: Page, lang: string, label: string) {
  const where = `${label} (${lang}, ${page.viewportSize()!.width} px)`;
  expect(await sidewaysScroll(page), `${where} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await unreachableActions(page), where).toEqual([]);
  expect(await axeViolations(page), where).toEqual([]);
  if (lang === 'fr') expect(await frenchTypographyFaults(page), where).toEqual([]);
}

describe.each(['fr', 'en'] as const)('every page in %s', (lang) => {
  test.each(WIDTHS)(
    'at $width px: fits, every action reachable, no serious axe violation',
    async (size) => {
      const page = await contexts[lang]!.newPage();
      await page.setViewportSize(size);
      for (const [label, path] of PAGES()) {
        const res = await page.goto(`${web.baseUrl}${path}`);
        if (label === 'profile' && res?.status() === 404) continue; // not landed yet (issue 25)
        await check(page, lang, label);
      }
      // The confirmations open in place and their buttons fit too.
      await page.goto(`${web.baseUrl}/contacts/requests?taskId=${openId}`);
      for (const summary of await page.locator('details.confirm > summary').all())
        await summary.click();
      await check(page, lang, 'request with its confirmations open');
      await page.close();
    },
    60_000,
  );
});

test.each(WIDTHS)('the login page at $width px, in both languages', async (size) => {
  const page = await contexts.anon!.newPage();
  await page.setViewportSize(size);
  for (const lang of ['fr', 'en']) {
    await page.goto(`${web.baseUrl}/login?lang=${lang}`);
    await check(page, lang, 'login');
    await page.goto(`${web.baseUrl}/nope`);
    await check(page, lang, 'unknown page, logged out');
  }
  await page.close();
});

test('on a phone a service row is a card: every contact and action readable without scrolling sideways', async () => {
  const page = await contexts.fr!.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${web.baseUrl}/contacts/services`);
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: /boutique/ }) });
  const edit = row.getByRole('link', { name: /^Modifier les contacts de boutique/ });
  const box = (await edit.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.height).toBeGreaterThanOrEqual(40); // a finger-sized target
  // The name fits the card, broken between its labels (after a dot or a dash), not mid-word.
  const name = row.getByRole('rowheader');
  const nameBox = (await name.boundingBox())!;
  expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(390);
  const words = await name.evaluate((el) => {
    const range = document.createRange();
    const tops = new Set<number>();
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      range.selectNodeContents(node);
      const rects = range.getClientRects();
      for (let i = 0; i < rects.length; i++) tops.add(Math.round(rects[i]!.top));
      if (rects.length > 1) return 'a label broken across lines';
    }
    return tops.size;
  });
  expect(words).not.toBe('a label broken across lines');
  const type = row.locator('td[data-label="Service"]');
  expect(await type.textContent()).toBe('Hébergement web');
  expect(await type.isVisible()).toBe(true);
  // Each row's links have a name of their own.
  const names = await page
    .getByRole('link', { name: /^Modifier les contacts/ })
    .evaluateAll((links) => links.map((l) => l.textContent));
  expect(new Set(names).size).toBe(names.length);
  await edit.click();
  await page.waitForURL(/\/edit$/);
  await page.close();
});
