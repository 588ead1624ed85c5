import type { VNode } from 'preact';
import { DataTable, type PageContext } from '../layout.js';
import { CreateByNameForm, CredentialRow, SecretField } from './api-credentials.js';

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
  const { t } = ctx;
  return (
    <section aria-labelledby="apps-title">
      <h2 id="apps-title">{t('appsTitle')}</h2>
      <p class="muted">{t('appsIntro', { tokenUrl: props.tokenUrl })}</p>
      {props.created && (
        <div class="flash flash-success" role="status">
          <p>{t('appCreated', { name: props.created.name })}</p>
          <SecretField id="new-client-id" label={t('clientId')} value={props.created.clientId} />
          <SecretField
            id="new-client-secret"
            label={t('clientSecret')}
            value={props.created.clientSecret}
          />
        </div>
      )}
      <CreateByNameForm
        ctx={ctx}
        action="/account/api-tokens/applications"
        inputId="app-name"
        label={t('apiAppName')}
        button={t('createApp')}
      />
      <DataTable
        columns={[t('name'), t('clientId'), t('createdOn'), t('lastUsed'), t('actions')]}
        empty={props.applications.length === 0 && t('noApps')}
      >
        {props.applications.map((app) => (
          <CredentialRow
            key={app.clientId}
            ctx={ctx}
            name={app.name}
            createdAt={app.createdAt}
            lastUsedAt={app.lastUsedAt}
            revoke={{
              action: `/account/api-tokens/applications/${encodeURIComponent(app.clientId)}/revoke`,
              confirm: '1',
              label: t('revokeApp', { name: app.name }),
            }}
          >
            <td data-label={t('clientId')} class="breakable">
              <code>{app.clientId}</code>
            </td>
          </CredentialRow>
        ))}
      </DataTable>
    </section>
  );
}
