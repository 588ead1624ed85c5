import type { VNode } from 'preact';
import { CsrfField, Flash, Layout, type PageContext } from '../layout.js';
import { INPUT_MAX } from '../../shared/input-bounds.js';

export interface LoginPageProps {
  ctx: PageContext;
  /** Local path to return to after login. */
  next?: string;
  nichandle?: string;
  error?: string;
  notice?: string;
}

export function LoginPage(props: LoginPageProps): VNode {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('loginTitle')}>
      <section class="card narrow">
        <h1>{t('loginTitle')}</h1>
        <p class="muted">{t('loginIntro')}</p>
        {props.error && <Flash kind="error">{props.error}</Flash>}
        {props.notice && <Flash kind="info">{props.notice}</Flash>}
        <form method="post" action="/login" class="stack">
          <CsrfField ctx={ctx} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
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
              maxLength={INPUT_MAX.nichandle}
              value={props.nichandle ?? ''}
              placeholder="xx11111-ovh"
            />
          </div>
          <div class="field">
            <label for="password">{t('password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={200}
            />
          </div>
          <button type="submit" class="button button-primary">
            {t('logIn')}
          </button>
        </form>
        <p>
          <a href="/login/forgot">{t('forgotPassword')}</a>
        </p>
      </section>
    </Layout>
  );
}
