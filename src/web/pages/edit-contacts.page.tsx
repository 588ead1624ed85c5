import type { VNode } from 'preact';
import { CONTACT_TYPE, ROLES, type Role } from '../../services/roles.js';
import { roleLabel } from '../i18n.js';
import { CsrfField, Flash, Layout, servicePath, type PageContext } from '../layout.js';

export interface EditContactsPageProps {
  ctx: PageContext;
  serviceType: string;
  serviceName: string;
  current: Record<Role, string>;
  myRoles: Role[];
  editable: Role[];
  /** What the fields show: today's contacts, or what the person typed before an error. */
  values: Record<Role, string>;
  /** R5 warning shown before the person tries to change the billing contact. */
  unpaidWarning?: string;
  /** Open requests on a role of this service, by role. */
  pending: Partial<Record<Role, number>>;
  error?: string;
}

export function EditContactsPage(props: EditContactsPageProps): VNode {
  const { ctx, serviceType, serviceName } = props;
  const { t } = ctx;
  const me = ctx.account?.nichandle ?? '';
  const isAdmin = props.myRoles.includes('admin');
  const service = `${serviceName} (${serviceType})`;
  const rights = isAdmin
    ? [t('whoValidatesAdmin')]
    : props.myRoles.map((role) => t(role === 'tech' ? 'whoValidatesTech' : 'whoValidatesBilling'));
  return (
    <Layout ctx={ctx} title={t('editTitle', { service })}>
      <p class="breadcrumb">
        <a href="/contacts/services">{t('myServices')}</a>
      </p>
      <h1>{t('editTitle', { service })}</h1>
      {props.error && <Flash kind="error">{props.error}</Flash>}
      <section class="card">
        <p>{t('editIntro')}</p>
        {rights.map((text) => (
          <p key={text}>{text}</p>
        ))}
        <p id="who-validates" class="note">
          {t('whoValidatesBoth', { me })}
        </p>
        <form
          method="post"
          action={servicePath(serviceType, serviceName, 'edit')}
          class="stack"
          novalidate
        >
          <CsrfField ctx={ctx} />
          {ROLES.map((role) => {
            const field = CONTACT_TYPE[role];
            const editable = props.editable.includes(role);
            const warn = role === 'billing' && editable ? props.unpaidWarning : undefined;
            const pending = props.pending[role];
            const described = [
              editable ? 'who-validates' : `${field}-locked`,
              warn ? 'unpaid-warning' : '',
              pending ? `${field}-pending` : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <div class="field" key={role}>
                <label for={field}>{roleLabel(t, role)}</label>
                {warn && (
                  <div id="unpaid-warning" class="flash flash-warning" role="note">
                    <strong>{warn}</strong> {t('unpaidRule')}
                  </div>
                )}
                <input
                  id={field}
                  name={field}
                  type="text"
                  autocapitalize="none"
                  spellcheck={false}
                  maxLength={64}
                  value={editable ? props.values[role] : props.current[role]}
                  disabled={!editable}
                  aria-describedby={described}
                />
                {!editable && (
                  <p id={`${field}-locked`} class="hint">
                    {t('notEditable')}
                  </p>
                )}
                {pending && (
                  <p id={`${field}-pending`} class="hint">
                    <a href={`/contacts/requests?taskId=${pending}`}>
                      {t('pendingFor', { id: pending })}
                    </a>
                  </p>
                )}
              </div>
            );
          })}
          <div class="form-buttons">
            <button type="submit" class="button button-primary">
              {t('validate')}
            </button>
            <a class="button button-quiet" href="/contacts/services">
              {t('back')}
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
}
