import type { VNode } from 'preact';
import { formatDate } from '../i18n.js';
import { CsrfField, type PageContext } from '../layout.js';

export interface ApplicationRow {
  clientId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ApiApplicationsProps {
  ctx: PageContext;
  applications: ApplicationRow[];
  /** Where applications get their access tokens (POST, client credentials). */
  tokenUrl: string;
  /** The application just made, with its secret: shown this once. */
  created?: { name: string; clientId: string; clientSecret: string };
}

/** The account's OAuth2 API applications on its API page (SPEC §10): made, listed, revoked. */
export function ApiApplicationsSection(props: ApiApplicationsProps): VNode {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="apps-title">
      <h2 id="apps-title">{t('appsTitle')}</h2>
      <p class="muted">{t('appsIntro', { tokenUrl: props.tokenUrl })}</p>
      {props.created && (
        <div class="flash flash-success" role="status">
          <p>{t('appCreated', { name: props.created.name })}</p>
          <label for="new-client-id">{t('clientId')}</label>
          <input
            id="new-client-id"
            class="secret"
            type="text"
            readOnly
            value={props.created.clientId}
            spellcheck={false}
          />
          <label for="new-client-secret">{t('clientSecret')}</label>
          <input
            id="new-client-secret"
            class="secret"
            type="text"
            readOnly
            value={props.created.clientSecret}
            spellcheck={false}
          />
        </div>
      )}
      <form method="post" action="/account/api-tokens/applications" class="filters">
        <CsrfField ctx={ctx} />
        <div class="field grow">
          <label for="app-name">{t('apiAppName')}</label>
          <input id="app-name" name="name" type="text" maxLength={100} required />
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button button-primary">
            {t('createApp')}
          </button>
        </div>
      </form>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('clientId')}</th>
              <th scope="col">{t('createdOn')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.applications.length === 0 && (
              <tr>
                <td colSpan={5} class="empty">
                  {t('noApps')}
                </td>
              </tr>
            )}
            {props.applications.map((app) => (
              <tr key={app.clientId}>
                <th scope="row">{app.name}</th>
                <td data-label={t('clientId')} class="breakable">
                  <code>{app.clientId}</code>
                </td>
                <td data-label={t('createdOn')}>{formatDate(lang, app.createdAt)}</td>
                <td data-label={t('lastUsed')}>
                  {app.lastUsedAt ? formatDate(lang, app.lastUsedAt) : t('never')}
                </td>
                <td class="row-actions">
                  <form
                    method="post"
                    action={`/account/api-tokens/applications/${encodeURIComponent(app.clientId)}/revoke`}
                    class="inline"
                    data-confirm="1"
                  >
                    <CsrfField ctx={ctx} />
                    <button
                      type="submit"
                      class="button button-danger-quiet"
                      aria-label={t('revokeApp', { name: app.name })}
                    >
                      {t('revoke')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
