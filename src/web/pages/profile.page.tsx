import type { VNode } from 'preact';
import { formatDate } from '../i18n.js';
import { CsrfField, Flash, Layout, type FlashKind, type PageContext } from '../layout.js';
import { NewPasswordField } from './new-password-field.js';
import { CodeField } from './code-field.js';

export interface ProfilePageProps {
  ctx: PageContext;
  account: { nichandle: string; email: string; name: string; language: 'fr' | 'en' };
  /** The open e-mail change, shown with its code field. */
  pending?: { id: number; newEmail: string; expiresAt: string; locked: boolean };
  /** The code of the e-mail link, put in the field; used only when the person confirms. */
  token: string;
  messages: { kind: FlashKind; text: string }[];
}

/** "Mon profil" (SPEC §6): name and language, the e-mail address (R19), the password (R20). */
export function ProfilePage(props: ProfilePageProps): VNode {
  const { ctx, account, pending } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('myProfile')}>
      <h1>{t('myProfile')}</h1>
      {props.messages.map((m, i) => (
        <Flash key={i} kind={m.kind}>
          {m.text}
        </Flash>
      ))}
      <section class="card">
        <h2 id="profile-details" class="visually-hidden">
          {t('myProfile')}
        </h2>
        <p class="muted">{t('profileIntro')}</p>
        <dl class="facts">
          <dt>{t('profileAccountId')}</dt>
          <dd class="nic">{account.nichandle}</dd>
        </dl>
        <form method="post" action="/account/profile" class="stack">
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="profile-name">{t('profileName')}</label>
            <input
              id="profile-name"
              name="name"
              type="text"
              autocomplete="name"
              required
              maxLength={200}
              value={account.name}
            />
          </div>
          <div class="field">
            <label for="profile-language">{t('profileLanguage')}</label>
            <select id="profile-language" name="language">
              <option value="fr" lang="fr" selected={account.language === 'fr'}>
                {t('profileLanguageFr')}
              </option>
              <option value="en" lang="en" selected={account.language === 'en'}>
                {t('profileLanguageEn')}
              </option>
            </select>
          </div>
          <button type="submit" class="button button-primary">
            {t('profileSave')}
          </button>
        </form>
      </section>

      <section class="card">
        <h2 id="profile-email-title">{t('profileEmail')}</h2>
        {pending && (
          <>
            <Flash kind={pending.locked ? 'warning' : 'info'}>
              {pending.locked
                ? t('profilePendingLocked')
                : t('profilePending', {
                    email: pending.newEmail,
                    date: formatDate(lang, pending.expiresAt),
                  })}
            </Flash>
            {!pending.locked && (
              <form
                method="post"
                action={`/account/profile/email/${pending.id}/accept`}
                class="stack"
                autocomplete="off"
              >
                <CsrfField ctx={ctx} />
                <CodeField ctx={ctx} id="email-code" value={props.token} />
                <button type="submit" class="button button-primary">
                  {t('profileConfirmEmail')}
                </button>
              </form>
            )}
            <form
              method="post"
              action={`/account/profile/email/${pending.id}/abandon`}
              class="inline"
            >
              <CsrfField ctx={ctx} />
              <button type="submit" class="button button-danger-quiet">
                {t('profileAbandon')}
              </button>
            </form>
          </>
        )}
        <form method="post" action="/account/profile/email" class="stack">
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="profile-email">{t('profileEmail')}</label>
            <input
              id="profile-email"
              name="newEmail"
              type="email"
              autocomplete="email"
              required
              maxLength={254}
              value={account.email}
              aria-describedby="profile-email-help"
            />
            <p id="profile-email-help" class="hint">
              {t('profileEmailHelp')}
            </p>
          </div>
          <button type="submit" class="button">
            {t('profileChangeEmail')}
          </button>
        </form>
      </section>

      <section class="card">
        <h2 id="profile-password-title">{t('profilePasswordSection')}</h2>
        <form method="post" action="/account/profile/password" class="stack">
          <CsrfField ctx={ctx} />
          <input
            type="text"
            name="username"
            autocomplete="username"
            value={account.nichandle}
            hidden
            readOnly
          />
          <div class="field">
            <label for="current-password">{t('profileCurrentPassword')}</label>
            <input
              id="current-password"
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              required
              maxLength={200}
            />
          </div>
          <NewPasswordField ctx={ctx} />
          <button type="submit" class="button">
            {t('profileChangePassword')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
