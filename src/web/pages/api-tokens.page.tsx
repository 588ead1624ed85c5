import type { VNode } from 'preact';
import { formatDate } from '../i18n.js';
import { ContactsHeader, CsrfField, Flash, Layout, type PageContext } from '../layout.js';
import { ApiApplicationsSection, type ApiApplicationsProps } from './api-applications.section.js';

export interface TokenRow {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ApiTokensPageProps {
  ctx: PageContext;
  tokens: TokenRow[];
  /** The token just made: shown this once. */
  created?: { name: string; token: string };
  notice?: string;
  error?: string;
  /** The OAuth2 API applications section (SPEC §10). */
  applications: Omit<ApiApplicationsProps, 'ctx'>;
}

export function ApiTokensPage(props: ApiTokensPageProps): VNode {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t('tokensTitle')}>
      <ContactsHeader ctx={ctx} current="tokens" />
      <h2>{t('tokensTitle')}</h2>
      <p class="muted">{t('tokensIntro')}</p>
      {props.error && <Flash kind="error">{props.error}</Flash>}
      {props.notice && <Flash kind="success">{props.notice}</Flash>}
      {props.created && (
        <div class="flash flash-success" role="status">
          <p>{t('tokenCreated', { name: props.created.name })}</p>
          <label for="new-token">{t('newToken')}</label>
          <input
            id="new-token"
            class="secret"
            type="text"
            readOnly
            value={props.created.token}
            spellcheck={false}
          />
        </div>
      )}
      <form method="post" action="/account/api-tokens" class="filters">
        <CsrfField ctx={ctx} />
        <div class="field grow">
          <label for="token-name">{t('tokenName')}</label>
          <input id="token-name" name="name" type="text" maxLength={100} required />
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button button-primary">
            {t('createToken')}
          </button>
        </div>
      </form>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('createdOn')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.length === 0 && (
              <tr>
                <td colSpan={4} class="empty">
                  {t('noTokens')}
                </td>
              </tr>
            )}
            {props.tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td data-label={t('createdOn')}>{formatDate(lang, token.createdAt)}</td>
                <td data-label={t('lastUsed')}>
                  {token.lastUsedAt ? formatDate(lang, token.lastUsedAt) : t('never')}
                </td>
                <td class="row-actions">
                  <form
                    method="post"
                    action={`/account/api-tokens/${token.id}/revoke`}
                    class="inline"
                    data-confirm={t('revokeConfirm', { name: token.name })}
                  >
                    <CsrfField ctx={ctx} />
                    <button
                      type="submit"
                      class="button button-danger-quiet"
                      aria-label={t('revokeNamed', { name: token.name })}
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
      <ApiApplicationsSection ctx={ctx} {...props.applications} />
    </Layout>
  );
}
