import type { VNode } from 'preact';
import { ContactsHeader, DataTable, Flash, Layout, type PageContext } from '../layout.js';
import { CreateByNameForm, CredentialRow, SecretField } from './api-credentials.js';
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
  const { t } = ctx;
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
          <SecretField id="new-token" label={t('newToken')} value={props.created.token} />
        </div>
      )}
      <CreateByNameForm
        ctx={ctx}
        action="/account/api-tokens"
        inputId="token-name"
        label={t('tokenName')}
        button={t('createToken')}
      />
      <DataTable
        columns={[t('name'), t('createdOn'), t('lastUsed'), t('actions')]}
        empty={props.tokens.length === 0 && t('noTokens')}
      >
        {props.tokens.map((token) => (
          <CredentialRow
            key={token.id}
            ctx={ctx}
            name={token.name}
            createdAt={token.createdAt}
            lastUsedAt={token.lastUsedAt}
            revoke={{
              action: `/account/api-tokens/${token.id}/revoke`,
              confirm: t('revokeConfirm', { name: token.name }),
              label: t('revokeNamed', { name: token.name }),
            }}
          />
        ))}
      </DataTable>
      <ApiApplicationsSection ctx={ctx} {...props.applications} />
    </Layout>
  );
}
