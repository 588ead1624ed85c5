import type { Browser, Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { changeContact } from '../../src/contact-changes/change-contact.js';
import { ADMIN, ENGLISH, NEWBIE, SERVICE } from '../support/fixtures.js';
import { forbidDialogs, logIn, screenshot } from './support/browser.js';
import type { MailCatcher } from './support/mail-catcher.js';
import { browserStory } from './support/story.js';
import type { WebApp } from './support/web-app.js';

// The guide's loop (issue 25): "if a contact did not get the e-mail, the address in its profile
// may be out of date: check it in your profile, fix it, then resend with Renvoyer la demande".
// A real Chromium, a real SMTP server, French then English.

let browser: Browser;
let web: WebApp;
let mail: MailCatcher;

const story = browserStory({ smtp: true });
beforeEach(() => {
  ({ browser, web } = story);
  mail = story.mail!;
});

interface Words {
  locale: string;
  login: { id: string; password: string; button: string };
  myRequests: string;
  open: string;
  sentTo: string;
  checkAddress: string;
  myProfile: string;
  email: string;
  changeEmail: string;
  codeSent: string;
  code: string;
  confirm: string;
  done: string;
  resend: string;
  accept: string;
  accepted: string;
}

const FRENCH: Words = {
  locale: 'fr-FR',
  login: { id: 'Identifiant', password: 'Mot de passe', button: 'Se connecter' },
  myRequests: 'Mes demandes',
  open: 'Ouvrir',
  sentTo: 'vous a été envoyé à',
  checkAddress: "Vous n'avez pas reçu l'e-mail ? Vérifiez votre adresse",
  myProfile: 'Mon profil',
  email: 'Adresse e-mail',
  changeEmail: "Modifier l'adresse e-mail",
  codeSent: 'Un e-mail avec un code a été envoyé à',
  code: 'Code de validation',
  confirm: 'Confirmer la nouvelle adresse',
  done: 'Votre adresse e-mail est maintenant',
  resend: 'Renvoyer la demande',
  accept: 'Accepter la demande',
  accepted: 'Vous avez accepté la demande',
};

const ENGLISH_WORDS: Words = {
  locale: 'en-GB',
  login: { id: 'Account ID', password: 'Password', button: 'Log in' },
  myRequests: 'My requests',
  open: 'Open',
  sentTo: 'was sent to you at',
  checkAddress: 'Didn’t get the e-mail? Check your address',
  myProfile: 'My profile',
  email: 'E-mail address',
  changeEmail: 'Change e-mail address',
  codeSent: 'An e-mail with a code was sent to',
  code: 'Validation code',
  confirm: 'Confirm the new address',
  done: 'Your e-mail address is now',
  resend: 'Resend request',
  accept: 'Accept request',
  accepted: 'You accepted request',
};

/** The newest link of an inbox that matches, as the person would click it. */
function linkIn(address: string, pattern: RegExp): string {
  for (const message of [...mail.inbox(address)].reverse()) {
    const match = pattern.exec(message.text);
    if (match) return match[0];
  }
  throw new Error(`no such link in the mail of ${address}`);
}

async function playTheLoop(page: Page, who: string, wrong: string, right: string, w: Words) {
  const ctx = web.app.ctx;
  await ctx.database.db
    .updateTable('accounts')
    .set({ email: wrong })
    .where('nichandle', '=', who)
    .execute();
  // A request is made: the new contact's code goes to the wrong address.
  const [id] = await changeContact(ctx, ADMIN, SERVICE.serviceType, SERVICE.serviceName, {
    contactTech: who,
  });
  await web.app.worker.drain();
  expect(mail.inbox(wrong)).toHaveLength(1);
  expect(mail.inbox(right)).toHaveLength(0);

  // The new contact never got it: it opens its request, which says where the e-mail went.
  await logIn(page, web.baseUrl, who, w.login);
  await page.getByRole('link', { name: w.myRequests, exact: true }).click();
  await page
    .getByRole('row', { name: new RegExp(`^${id} `) })
    .getByRole('link')
    .click();
  const hint = page.getByText(w.sentTo);
  expect(await hint.textContent()).toContain(`${wrong.slice(0, 2)}•••@${wrong.split('@')[1]}`);
  expect(await hint.textContent()).not.toContain(wrong);
  await screenshot(page, `${w.locale}-profile-hint`);
  await page.getByRole('link', { name: w.checkAddress }).click();
  await page.getByRole('heading', { name: w.myProfile, level: 1 }).waitFor();

  // It fixes its address: the code goes to the new address only.
  const field = page.getByLabel(w.email, { exact: true });
  expect(await field.inputValue()).toBe(wrong);
  await field.fill(right);
  await page.getByRole('button', { name: w.changeEmail, exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${w.codeSent} ${right}` })
    .waitFor();
  await screenshot(page, `${w.locale}-profile-pending`);
  await web.app.worker.drain();
  const emailLink = linkIn(right, /https?:\/\/\S+\/account\/profile\?emailChange=\d+&token=\S+/);
  const emailCode = new URL(emailLink).searchParams.get('token')!;
  expect(mail.inbox(right)[0]!.text).toContain(emailCode);
  expect(mail.inbox(right)[0]!.html).toContain(emailCode);
  expect(mail.inbox(wrong)).toHaveLength(1);

  // It types the code it read and confirms.
  await page.getByLabel(w.code, { exact: true }).fill(emailCode);
  await page.getByRole('button', { name: w.confirm, exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${w.done} ${right}` })
    .waitFor();
  expect(await page.getByLabel(w.email, { exact: true }).inputValue()).toBe(right);

  // Back to its requests: Renvoyer la demande sends a new code to the new address.
  // (a minute later: R14's cooldown counts from the first e-mail)
  web.app.clock.advance(61_000);
  await page.goto(`${web.baseUrl}/contacts/requests?taskId=${id}`);
  await page.getByRole('button', { name: w.resend, exact: true }).click();
  await page.getByRole('status').filter({ hasText: who }).first().waitFor();
  await web.app.worker.drain();
  const requestLink = linkIn(right, /https?:\/\/\S+\/contacts\/requests\?taskId=\d+&token=\S+/);
  await page.goto(requestLink);
  expect(await page.getByLabel(w.code, { exact: true }).inputValue()).toBe(
    new URL(requestLink).searchParams.get('token'),
  );
  await page.getByRole('button', { name: w.accept, exact: true }).click();
  await page.getByRole('status').filter({ hasText: w.accepted }).waitFor();
  await screenshot(page, `${w.locale}-profile-accepted`);

  // The old address got the first request's e-mail and the notice; no code of the change and
  // no resent code.
  const oldInbox = mail.inbox(wrong);
  expect(oldInbox).toHaveLength(2);
  expect(oldInbox[1]!.text).toContain(right);
  for (const message of oldInbox) {
    expect(message.text).not.toContain(emailCode);
    expect(message.text).not.toContain(new URL(requestLink).searchParams.get('token'));
  }
  const row = await ctx.database.db
    .selectFrom('validations')
    .select('status')
    .where('request_id', '=', id!)
    .where('account', '=', who)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('accepted');
}

test('le guide en français : l’adresse du profil corrigée, puis Renvoyer la demande', async () => {
  const dialogs: string[] = [];
  const page = await browser.newPage({ locale: 'fr-FR' });
  forbidDialogs(page, dialogs);
  await playTheLoop(page, NEWBIE, 'nora@old-address.invalid', 'nora@new.example', FRENCH);
  // Mon profil is in the top bar of every page.
  await page.getByRole('link', { name: 'Mes demandes', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Mon profil', exact: true }).click();
  await page.getByRole('heading', { name: 'Mon profil', level: 1 }).waitFor();
  expect(dialogs).toEqual([]);
  await page.close();
}, 120_000);

test('the guide in English: the profile’s address fixed, then Resend request', async () => {
  const page = await browser.newPage({ locale: 'en-GB' });
  await playTheLoop(page, ENGLISH, 'emma@old-address.invalid', 'emma@new.example', ENGLISH_WORDS);
  await page.getByRole('link', { name: 'My profile', exact: true }).click();
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
  await page.close();
}, 120_000);
