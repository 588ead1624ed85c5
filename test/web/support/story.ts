import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { seedGuide } from '../../support/fixtures.js';
import { launchBrowser } from './browser.js';
import { MailCatcher } from './mail-catcher.js';
import { startWebApp, type WebApp } from './web-app.js';

export interface Story {
  browser: Browser;
  web: WebApp;
  /** The test SMTP server, when the story asked for one. */
  mail: MailCatcher | undefined;
}

/**
 * The hooks every browser story needs: one Chromium per file, and per test a fresh server on its
 * own database with the guide's cast (passwords set), and a real SMTP server when `smtp` is set.
 * Fields are filled by the hooks: read them inside tests.
 */
export function browserStory(options: { smtp?: boolean } = {}): Story {
  const story = {} as Story;
  beforeAll(async () => {
    story.browser = await launchBrowser();
  });
  afterAll(async () => {
    await story.browser.close();
  });
  beforeEach(async () => {
    story.mail = options.smtp ? await new MailCatcher().start() : undefined;
    story.web = await startWebApp(story.mail ? { SMTP_URL: story.mail.url } : {});
    await seedGuide(story.web.app.ctx, { passwords: true });
  });
  afterEach(async () => {
    await story.web.close();
    await story.mail?.close();
  });
  return story;
}
