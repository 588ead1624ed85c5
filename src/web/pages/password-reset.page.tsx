import type { VNode } from 'preact';
import { CsrfField, Flash, Layout, type PageContext } from '../layout.js';
import { NewPasswordField } from './new-password-field.js';

/** "Mot de passe oublié ?": the nichandle, and a link goes to the account's address (R20). */
export function ForgotPasswordPage(props: {
  ctx: PageContext;
  sent: boolean;
  error?: string;
}): VNode {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forgotTitle')}>
      <section class="card narrow">
        <h1>{t('forgotTitle')}</h1>
        {props.error && <Flash kind="error">{props.error}</Flash>}
        {props.sent ? (
          <Flash kind="success">{t('forgotSent')}</Flash>
        ) : (
          <>
            <p class="muted">{t('forgotIntro')}</p>
            <form method="post" action="/login/forgot" class="stack">
              <CsrfField ctx={ctx} />
              <div class="field">
                <label for="nichandle">{t('accountId')}</label>
                <input
                  id="nichandle"
                  name="nichandle"
                  type="text"
                  autocomplete="username"
                  autocapitalize="none"
                  spellcheck={false}
                  required
                  maxLength={64}
                  placeholder="xx11111-ovh"
                />
              </div>
              <button type="submit" class="button button-primary">
                {t('forgotSend')}
              </button>
            </form>
          </>
        )}
        <p>
          <a href="/login">{t('backToLogin')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The page of the e-mailed link: a new password; the token is used only when it is posted. */
export function ResetPasswordPage(props: {
  ctx: PageContext;
  token: string;
  error?: string;
}): VNode {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('resetTitle')}>
      <section class="card narrow">
        <h1>{t('resetTitle')}</h1>
        {props.error && <Flash kind="error">{props.error}</Flash>}
        <form method="post" action="/login/reset" class="stack" autocomplete="off">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="token" value={props.token} />
          <NewPasswordField ctx={ctx} />
          <button type="submit" class="button button-primary">
            {t('resetSave')}
          </button>
        </form>
        <p>
          <a href="/login/forgot">{t('forgotPassword')}</a>
        </p>
      </section>
    </Layout>
  );
}
